/**
 * One problem with one piece of input: what was wrong (`reason`), where (`field`, and for files `row` and
 * `column`), and the offending `value` as it was received.
 */
export interface Issue {
  /** Dotted path of the field, e.g. `identities.email` or `profile.address.postcode`. */
  readonly field: string;
  /** The value as received. */
  readonly value: unknown;
  /** Why it was refused, in words a person can act on. */
  readonly reason: string;
  /** 1-based data row number, for file input (the header is row 0). */
  readonly row?: number;
  /** Column header, for file input. */
  readonly column?: string;
}

/**
 * Base class of every error contactkit throws on purpose. `code` is stable and safe to switch on;
 * the message is for people and may change.
 */
export class ContactkitError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

function describe(issues: readonly Issue[]): string {
  const first = issues[0];
  if (!first) return 'invalid input';
  const where = [
    first.row === undefined ? undefined : `row ${first.row}`,
    first.column === undefined ? undefined : `column "${first.column}"`,
    first.field,
  ]
    .filter(Boolean)
    .join(', ');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${where}: ${first.reason}${more}`;
}

/**
 * Input was refused. Carries every {@link Issue} found, and the first one's `field`, `value` and `reason`
 * directly for the common single-problem case.
 *
 * @example
 * ```ts
 * try { normalizeEmail('not-an-email') } catch (e) {
 *   if (e instanceof ValidationError) console.log(e.field, e.reason) // "email", "missing @"
 * }
 * ```
 */
export class ValidationError extends ContactkitError {
  readonly issues: readonly Issue[];
  readonly field: string;
  readonly value: unknown;
  readonly reason: string;

  constructor(issues: readonly Issue[] | Issue, options?: ErrorOptions) {
    const list: readonly Issue[] = Array.isArray(issues) ? issues : [issues as Issue];
    super('VALIDATION', describe(list), options);
    const first = list[0];
    this.issues = list;
    this.field = first?.field ?? '';
    this.value = first?.value;
    this.reason = first?.reason ?? 'invalid input';
  }
}

/** A record that was asked for by id does not exist in that workspace. */
export class NotFoundError extends ContactkitError {
  constructor(
    readonly entity: string,
    readonly workspaceId: string,
    readonly id: string,
  ) {
    super('NOT_FOUND', `${entity} "${id}" not found in workspace "${workspaceId}"`);
  }
}

/**
 * The store refused an identity because `(workspace, type, value)` already belongs to another contact.
 * Names the contact that holds it, so callers can tell the user who has it.
 */
export class IdentityTakenError extends ContactkitError {
  constructor(
    readonly workspaceId: string,
    readonly type: string,
    readonly value: string,
    readonly heldBy: string,
  ) {
    super('IDENTITY_TAKEN', `identity ${type}:${value} already belongs to contact "${heldBy}"`);
  }
}

/**
 * A change a person asked for would give a contact an identity another contact holds, or more of a
 * type than the workspace allows: refused, not retried, naming the holder (or the limit). Intake reports
 * the same situations as `conflict` outcomes instead, since an event is never refused for them.
 */
export class IdentityConflictError extends ContactkitError {
  constructor(
    readonly workspaceId: string,
    readonly type: string,
    readonly value: string,
    /** The contact that holds it; absent when the conflict is a limit. */
    readonly heldBy: string | undefined,
    readonly reason: string,
  ) {
    super(
      'IDENTITY_CONFLICT',
      heldBy === undefined
        ? `identity ${type}:${value} refused: ${reason}`
        : `identity ${type}:${value} belongs to contact "${heldBy}"`,
    );
  }
}

/** A record with this id already exists (insert of an existing key). */
export class AlreadyExistsError extends ContactkitError {
  constructor(
    readonly entity: string,
    readonly workspaceId: string,
    readonly id: string,
  ) {
    super('ALREADY_EXISTS', `${entity} "${id}" already exists in workspace "${workspaceId}"`);
  }
}

/**
 * Optimistic concurrency: the record changed since it was read. The service retries on this;
 * callers of the repositories directly should re-read and try again.
 */
export class ConcurrentUpdateError extends ContactkitError {
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly expectedVersion: number,
  ) {
    super('CONCURRENT_UPDATE', `${entity} "${id}" changed since version ${expectedVersion} was read`);
  }
}

/**
 * The store rolled the whole transaction back because it lost a race with another one (a deadlock, a
 * serialization failure, a busy database). Nothing of it was written; running it again on fresh reads
 * succeeds. The service retries on it; callers of the repositories directly should do the same.
 */
export class TransactionConflictError extends ContactkitError {
  constructor(
    readonly workspaceId: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(
      'TRANSACTION_CONFLICT',
      `transaction in workspace "${workspaceId}" lost a race: ${reason}`,
      options,
    );
  }
}

/**
 * The store could not be reached or dropped the connection: the server shut down or restarted, a backend
 * was terminated, it refused new connections (too many), or the network failed. The transaction was
 * rolled back; only a connection lost during COMMIT leaves its outcome unknown, which intake's replay
 * protection (event ids) makes harmless. The service retries it like a lost race; when the store stays
 * away past the last attempt, the call fails with this error and its `cause` is the driver's.
 *
 * @example
 * ```ts
 * try { await kit.contacts.ingest(event) } catch (e) {
 *   if (e instanceof StoreUnavailableError) queue.retryLater(event) // e.reason: 'connection lost (57P01)'
 * }
 * ```
 */
export class StoreUnavailableError extends ContactkitError {
  constructor(
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super('STORE_UNAVAILABLE', `the store is unavailable: ${reason}; retry later`, options);
  }
}

/** A repository call tried to touch a record of another workspace than the one it is scoped to. */
export class WorkspaceMismatchError extends ContactkitError {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super('WORKSPACE_MISMATCH', `record of workspace "${actual}" used in a call scoped to "${expected}"`);
  }
}

/** One open conversation that keeps a contact from being deleted. */
export interface OpenConversation {
  readonly contactId: string;
  readonly conversationId: string;
}

/**
 * A contact was not deleted because it still has open conversations: deleting it would cut a person off
 * mid-conversation. Names every conversation; pass `force` to delete anyway.
 *
 * @example
 * ```ts
 * try { await privacy.deleteContact('acme', 'c_1') } catch (e) {
 *   if (e instanceof OpenConversationsError) console.log(e.conversations) // [{ contactId: 'c_1', conversationId: 'conv_9' }]
 * }
 * ```
 */
export class OpenConversationsError extends ContactkitError {
  constructor(
    readonly workspaceId: string,
    readonly conversations: readonly OpenConversation[],
  ) {
    const ids = conversations.map((c) => `"${c.conversationId}" (contact "${c.contactId}")`);
    super(
      'OPEN_CONVERSATIONS',
      `refused to delete: open conversation${ids.length === 1 ? '' : 's'} ${ids.join(', ')} in workspace "${workspaceId}"; pass force to delete anyway`,
    );
  }
}

/**
 * Why a merge can no longer be undone:
 * - `already-undone`: it was undone before.
 * - `primary-merged-away`: the contact it was merged into was itself merged into another since.
 * - `primary-erased`: the contact it was merged into was erased or deleted since.
 * - `later-merge`: a later merge into the same contact, not undone, depends on this one (undo that first).
 * - `identity-taken`: an identity of a merged-away contact now belongs to a third contact.
 * - `identity-removed`: an identity of a merged-away contact was deleted since.
 * - `contact-exists`: a contact with a merged-away contact's id exists again.
 */
export type MergeNotUndoableReason =
  | 'already-undone'
  | 'primary-merged-away'
  | 'primary-erased'
  | 'later-merge'
  | 'identity-taken'
  | 'identity-removed'
  | 'contact-exists';

/**
 * A merge cannot be undone because of what happened after it. `reason` says what; `detail` names the
 * record that stands in the way (the later merge's id, the identity and its new holder…).
 *
 * @example
 * ```ts
 * try { await merges.unmerge('acme', 'merge_1') } catch (e) {
 *   if (e instanceof MergeNotUndoableError && e.reason === 'later-merge') console.log(e.detail) // 'merge_2'
 * }
 * ```
 */
export class MergeNotUndoableError extends ContactkitError {
  constructor(
    readonly mergeId: string,
    readonly reason: MergeNotUndoableReason,
    readonly detail: string,
  ) {
    super('MERGE_NOT_UNDOABLE', `merge "${mergeId}" cannot be undone (${reason}): ${detail}`);
  }
}

/**
 * A follow-up or review item was asked to move where its status does not lead (send a dismissed
 * follow-up, take over a resolved review…). Names the item, where it stands and what was asked; nothing
 * changed.
 *
 * @example
 * ```ts
 * try { markFollowUpSent(item, { at: now, by }) } catch (e) {
 *   if (e instanceof IllegalTransitionError) console.log(e.from, e.action) // 'replied', 'send'
 * }
 * ```
 */
export class IllegalTransitionError extends ContactkitError {
  constructor(
    readonly entity: 'follow_up' | 'review' | 'webhook_delivery',
    readonly id: string,
    readonly from: string,
    readonly action: string,
    readonly detail?: string,
  ) {
    super(
      'ILLEGAL_TRANSITION',
      `${entity} "${id}" is ${from}: cannot ${action}${detail === undefined ? '' : ` (${detail})`}`,
    );
  }
}

/**
 * A person acted on a record as they last saw it, and it has changed since (another person approved
 * the follow-up, the customer replied): refused, not retried. Read it again and decide again.
 *
 * @example
 * ```ts
 * await kit.followUps.approve('acme', id, { version: 1 }); // StaleVersionError if it is at version 2
 * ```
 */
export class StaleVersionError extends ContactkitError {
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(
      'STALE_VERSION',
      `${entity} "${id}" is at version ${actualVersion}, not ${expectedVersion}: read it again`,
    );
  }
}

/**
 * A webhook a receiver got did not verify: a header is missing, its timestamp is outside the
 * tolerance (a replayed request), or no signature matches a secret. Answer it with 400 and drop it.
 *
 * @example
 * ```ts
 * try { verifyWebhook(body, headers, secret) } catch (e) {
 *   if (e instanceof WebhookSignatureError) return new Response(e.reason, { status: 400 });
 * }
 * ```
 */
export class WebhookSignatureError extends ContactkitError {
  constructor(readonly reason: string) {
    super('WEBHOOK_SIGNATURE', `webhook not verified: ${reason}`);
  }
}
