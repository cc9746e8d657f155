import type { ContactkitError } from '../errors/errors.js';
import type { IgnoredIdentity } from '../identity/claims.js';
import type { IdentityConflict } from '../identity/resolve.js';
import type { ProfileField } from '../model/contact.js';
import type { IdentityKey } from '../model/identity.js';
import type { OutcomeKind } from '../model/processed-event.js';

/**
 * What intake did with one event.
 * - `created`: a new contact.
 * - `matched`: exactly one existing contact.
 * - `merged`: several contacts were one person and were merged into `contactId`.
 * - `conflict`: some identities belong to people who must not be merged; `conflicts` says which
 *   identity belongs to whom, and the event went to `contactId` without them.
 */
export interface IngestOutcome {
  readonly kind: OutcomeKind;
  readonly contactId: string;
  /** A new contact was made for this event (also true for a `conflict` that made one). */
  readonly created: boolean;
  /** The event id was handled before; nothing changed this time. */
  readonly duplicate: boolean;
  /** Contacts merged into `contactId`. */
  readonly merged: readonly string[];
  /** Identities newly linked to the contact. */
  readonly attached: readonly IdentityKey[];
  readonly conflicts: readonly IdentityConflict[];
  /** Identities the event carried that were not matched on (blocked or invalid), with the reason. */
  readonly ignored: readonly IgnoredIdentity[];
  /** The contact became a customer with this event. */
  readonly promoted: boolean;
  /** Profile fields, tags, custom fields or kind this event changed. */
  readonly changed: readonly string[];
}

/** The result for one event of a batch: its outcome, or the typed error that refused it. */
export type IngestResult =
  | { readonly ok: true; readonly eventId: string; readonly outcome: IngestOutcome }
  | {
      readonly ok: false;
      readonly eventId: string | undefined;
      readonly index: number;
      readonly error: ContactkitError;
    };

export type ChangedField = ProfileField | 'tags' | 'customFields' | 'kind' | 'archivedAt' | 'preferences';
