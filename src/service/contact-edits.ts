import { z } from 'zod';
import { checkCustomFields, liveDefinitions } from '../contact/custom-fields.js';
import { type ContactPatch, ContactPatchSchema, editIdentities, planContactEdit } from '../contact/edit.js';
import { newContact } from '../contact/new-contact.js';
import { IdentityConflictError, NotFoundError, ValidationError } from '../errors/errors.js';
import { isBlocked } from '../identity/blocked.js';
import { extractClaims, type NormalizedValue } from '../identity/claims.js';
import { limitClash } from '../identity/limits.js';
import { type Actor, ActorSchema } from '../model/activity.js';
import { API_CHANNEL, EventIdentitiesSchema } from '../model/chat-event.js';
import type { Contact } from '../model/contact.js';
import { BUILTIN_IDENTITY_TYPES, type Identity, identityKeyString } from '../model/identity.js';
import type { WorkspaceTransaction } from '../ports/store.js';
import type { ServiceContext } from './runtime/context.js';
import { logEntry } from './runtime/log-entry.js';

/** Who made a change by hand; default a person on the team (`user`). */
export const EditOptionsSchema = z.object({ actor: ActorSchema.optional() });
export type EditOptions = z.input<typeof EditOptionsSchema>;

/** A contact made by hand: any profile, identities, tags, custom fields and preferences. */
export const ContactCreateSchema = ContactPatchSchema.extend({
  identities: EventIdentitiesSchema.optional(),
});
export type ContactCreateInput = z.input<typeof ContactCreateSchema>;

/** An identity named by hand: a type (`email`, `phone`, `whatsapp`, a custom type) and a value. */
export const IdentityInputSchema = z.object({
  type: z.string().min(1).max(64),
  value: z.string().min(1).max(1024),
});
export type IdentityInput = z.input<typeof IdentityInputSchema>;

/** What a lookup of an identity found. */
export type IdentityLookup =
  | { readonly status: 'held'; readonly type: string; readonly value: string; readonly contact: Contact }
  | { readonly status: 'unknown'; readonly type: string; readonly value: string }
  | { readonly status: 'blocked'; readonly type: string; readonly value: string }
  | { readonly status: 'invalid'; readonly type: string; readonly reason: string };

const asIdentities = (type: string, value: string) =>
  (BUILTIN_IDENTITY_TYPES as readonly string[]).includes(type)
    ? { [type]: value }
    : { custom: { [type]: value } };

/** The claims a hand-typed identity makes, or the reason it makes none (blocked, invalid). */
export function claimOf(
  type: string,
  value: string,
  context: ServiceContext,
  workspaceId: string,
  cache?: Map<string, NormalizedValue | string>,
) {
  const config = context.configOf(workspaceId);
  const { claims, ignored } = extractClaims(asIdentities(type, value), config, {
    channel: API_CHANNEL,
    verified: true,
    ...(cache ? { cache } : {}),
  });
  return { claim: claims[0], ignored: ignored[0] };
}

/** Holders of identity keys, by `type:value`. */
async function holdersOf(tx: WorkspaceTransaction, keys: ReadonlyArray<{ type: string; value: string }>) {
  if (keys.length === 0) return new Map<string, string>();
  return new Map(
    (await tx.identities.findByKeys(keys)).map((i) => [identityKeyString(i), i.contactId] as const),
  );
}

async function definitionsOf(tx: WorkspaceTransaction) {
  return liveDefinitions(
    (await tx.customFieldDefinitions.find({ where: { retiredAt: null }, limit: 1000 })).items,
  );
}

const actorOf = (options: EditOptions | undefined): Actor => options?.actor ?? { kind: 'user' };

/** An actor as published: its defined fields only. */
const actorJson = (actor: Actor): Record<string, string> =>
  Object.fromEntries(Object.entries(actor).filter(([, v]) => v !== undefined)) as Record<string, string>;

/**
 * Makes a contact by hand (source `manual`), with or without identities; inside the caller's transaction.
 *
 * @internal
 */
export async function createContactIn(
  tx: WorkspaceTransaction,
  context: ServiceContext,
  input: z.output<typeof ContactCreateSchema>,
  options: EditOptions | undefined,
): Promise<Contact> {
  const ws = tx.workspaceId;
  const config = context.configOf(ws);
  const now = context.clock();
  const base = newContact({
    id: context.ids(),
    workspaceId: ws,
    seenAt: now,
    now,
    source: 'manual',
    channel: API_CHANNEL,
  });
  // The identities typed apart: each normalized, unique, refused when blocked or invalid.
  const { claims, ignored } = extractClaims(input.identities ?? {}, config, {
    channel: API_CHANNEL,
    verified: true,
  });
  if (ignored.length > 0) {
    throw new ValidationError(
      ignored.map((i) => ({ field: `identities.${i.type}`, value: i.raw, reason: i.reason })),
    );
  }
  const { identities: _typed, ...patch } = input;
  const edited = editIdentities(patch, undefined, config);
  const holders = await holdersOf(tx, [...claims, ...edited]);
  const attach: Identity[] = [];
  for (const claim of claims) {
    const holder = holders.get(claim.key);
    if (holder !== undefined)
      throw new IdentityConflictError(ws, claim.type, claim.value, holder, 'held by another contact');
    if (limitClash(attach, claim.type, claim.value, config.identity)) {
      throw new IdentityConflictError(
        ws,
        claim.type,
        claim.value,
        undefined,
        `more ${claim.type} identities than the workspace allows`,
      );
    }
    attach.push({
      workspaceId: ws,
      contactId: base.id,
      type: claim.type,
      value: claim.value,
      raw: claim.raw,
      ...(claim.extension ? { extension: claim.extension } : {}),
      verified: false,
      sourceChannel: API_CHANNEL,
      firstSeenAt: now,
    });
  }
  const definitions = await definitionsOf(tx);
  const edit = planContactEdit({
    contact: base,
    identities: attach,
    patch,
    edited,
    holders,
    definitions,
    config,
    origin: 'manual',
    channel: API_CHANNEL,
    now,
  });
  // Required custom fields apply to a contact made by hand even when the input names none.
  const required = checkCustomFields({}, definitions, 'customFields', { result: edit.contact.customFields });
  if (required.length > 0) throw new ValidationError(required);
  // The profile shows the email and phone typed apart too.
  let contact = edit.contact;
  for (const field of ['email', 'phone'] as const) {
    const identity = attach.find((i) => i.type === field);
    if (identity && contact.profile[field] === undefined)
      contact = {
        ...contact,
        profile: { ...contact.profile, [field]: identity.value },
        fieldOrigins: { ...contact.fieldOrigins, [field]: 'manual' },
      };
  }
  await tx.contacts.insertMany([contact]);
  const all = [...attach, ...edit.attach];
  if (all.length > 0) await tx.identities.insertMany(all);
  const actor = actorOf(options);
  await tx.log.append([
    logEntry(
      context,
      ws,
      {
        contactId: contact.id,
        activity: {
          type: 'contact.created',
          actor,
          data: { channel: API_CHANNEL, source: 'manual', fields: [...edit.changed], origin: 'manual' },
        },
        event: {
          type: 'contact.created',
          payload: { kind: contact.kind, source: 'manual', actor: actorJson(actor) },
        },
      },
      now,
    ),
  ]);
  return contact;
}

/**
 * Applies a change made by hand to a stored contact, inside the caller's transaction: the contact is
 * held, the edit planned ({@link planContactEdit}), and written with its timeline entry and event.
 *
 * @internal
 */
export async function updateContactIn(
  tx: WorkspaceTransaction,
  context: ServiceContext,
  contactId: string,
  patch: ContactPatch,
  options: EditOptions | undefined,
): Promise<Contact> {
  const ws = tx.workspaceId;
  const config = context.configOf(ws);
  const [contact] = await tx.contacts.getMany([contactId], { lock: true });
  if (!contact || contact.deletedAt !== undefined) throw new NotFoundError('contact', ws, contactId);
  const edited = editIdentities(patch, contact, config);
  const [identities, holders, definitions] = [
    await tx.identities.listByContacts([contactId]),
    await holdersOf(tx, edited),
    await definitionsOf(tx),
  ];
  const now = context.clock();
  const edit = planContactEdit({
    contact,
    identities,
    patch,
    edited,
    holders,
    definitions,
    config,
    origin: 'manual',
    channel: API_CHANNEL,
    now,
  });
  if (edit.changed.length === 0 && edit.attach.length === 0) return contact;
  const next = { ...edit.contact, version: contact.version + 1 };
  await tx.contacts.updateMany([next]);
  if (edit.retire.length > 0) await tx.identities.deleteByKeys(edit.retire);
  if (edit.attach.length > 0) await tx.identities.insertMany(edit.attach);
  const actor = actorOf(options);
  const identityChanges = {
    added: edit.attach.map((i) => i.type),
    retired: edit.retire.map((i) => i.type),
  };
  await tx.log.append([
    logEntry(
      context,
      ws,
      {
        contactId,
        activity: {
          type: 'fields.updated',
          actor,
          data: { fields: [...edit.changed], origin: 'manual', identities: identityChanges },
        },
        event: { type: 'contact.updated', payload: { changed: [...edit.changed], actor: actorJson(actor) } },
      },
      now,
    ),
  ]);
  return next;
}

/**
 * Adds an identity to a contact by hand, inside the caller's transaction.
 *
 * @internal
 */
export async function addIdentityIn(
  tx: WorkspaceTransaction,
  context: ServiceContext,
  contactId: string,
  input: IdentityInput,
  options: EditOptions | undefined,
): Promise<Identity> {
  const ws = tx.workspaceId;
  const config = context.configOf(ws);
  const { claim, ignored } = claimOf(input.type, input.value, context, ws);
  if (!claim)
    throw new ValidationError({
      field: `identities.${input.type}`,
      value: input.value,
      reason: ignored?.reason ?? 'not usable',
    });
  const [contact] = await tx.contacts.getMany([contactId], { lock: true });
  if (!contact || contact.deletedAt !== undefined) throw new NotFoundError('contact', ws, contactId);
  const holder = (await holdersOf(tx, [claim])).get(claim.key);
  const held = await tx.identities.listByContacts([contactId]);
  const existing = held.find((i) => identityKeyString(i) === claim.key);
  if (existing) return existing;
  if (holder !== undefined)
    throw new IdentityConflictError(ws, claim.type, claim.value, holder, 'held by another contact');
  if (limitClash(held, claim.type, claim.value, config.identity)) {
    throw new IdentityConflictError(
      ws,
      claim.type,
      claim.value,
      undefined,
      `the contact already holds as many ${claim.type} identities as the workspace allows`,
    );
  }
  const now = context.clock();
  const identity: Identity = {
    workspaceId: ws,
    contactId,
    type: claim.type,
    value: claim.value,
    raw: claim.raw,
    ...(claim.extension ? { extension: claim.extension } : {}),
    verified: false,
    sourceChannel: API_CHANNEL,
    firstSeenAt: now,
  };
  await tx.identities.insertMany([identity]);
  await tx.contacts.updateMany([{ ...contact, updatedAt: now, version: contact.version + 1 }]);
  await logIdentities(tx, context, contactId, { added: [identity.type], retired: [] }, options, now);
  return identity;
}

/**
 * Removes an identity from a contact by hand: it no longer matches the contact. Returns whether the
 * contact held it.
 *
 * @internal
 */
export async function removeIdentityIn(
  tx: WorkspaceTransaction,
  context: ServiceContext,
  contactId: string,
  input: IdentityInput,
  options: EditOptions | undefined,
): Promise<boolean> {
  const ws = tx.workspaceId;
  const { claim } = claimOf(input.type, input.value, context, ws);
  const [contact] = await tx.contacts.getMany([contactId], { lock: true });
  if (!contact) throw new NotFoundError('contact', ws, contactId);
  // A value that no longer normalizes (rules changed since) is looked up as it is.
  const key = claim ?? { type: input.type, value: input.value };
  const [identity] = await tx.identities.findByKeys([key]);
  if (!identity || identity.contactId !== contactId) return false;
  await tx.identities.deleteByKeys([identity]);
  const now = context.clock();
  await tx.contacts.updateMany([{ ...contact, updatedAt: now, version: contact.version + 1 }]);
  await logIdentities(tx, context, contactId, { added: [], retired: [identity.type] }, options, now);
  return true;
}

async function logIdentities(
  tx: WorkspaceTransaction,
  context: ServiceContext,
  contactId: string,
  identities: { added: string[]; retired: string[] },
  options: EditOptions | undefined,
  now: Date,
): Promise<void> {
  const actor = actorOf(options);
  await tx.log.append([
    logEntry(
      context,
      tx.workspaceId,
      {
        contactId,
        activity: { type: 'fields.updated', actor, data: { fields: [], origin: 'manual', identities } },
        event: { type: 'contact.updated', payload: { changed: [], identities, actor: actorJson(actor) } },
      },
      now,
    ),
  ]);
}

/**
 * Looks an identity up: held (by which contact), unknown, blocked, or invalid (with the reason).
 *
 * @internal
 */
export async function lookupIdentityIn(
  tx: WorkspaceTransaction,
  context: ServiceContext,
  input: IdentityInput,
  cache?: Map<string, NormalizedValue | string>,
): Promise<IdentityLookup> {
  const ws = tx.workspaceId;
  const config = context.configOf(ws);
  const { claim, ignored } = claimOf(input.type, input.value, context, ws, cache);
  if (!claim) {
    const reason = ignored?.reason ?? 'not usable';
    // A blocked value is told apart from an invalid one: the caller learns it is never matched on.
    return /^blocked/.test(reason)
      ? { status: 'blocked', type: ignored?.type ?? input.type, value: input.value }
      : { status: 'invalid', type: input.type, reason };
  }
  if (isBlocked(claim.type, claim.value, config.identity))
    return { status: 'blocked', type: claim.type, value: claim.value };
  const [identity] = await tx.identities.findByKeys([claim]);
  const contact = identity ? await tx.contacts.get(identity.contactId) : null;
  // A deleted contact no longer counts as known, here as in intake.
  if (!contact || contact.deletedAt !== undefined)
    return { status: 'unknown', type: claim.type, value: claim.value };
  return { status: 'held', type: claim.type, value: claim.value, contact };
}
