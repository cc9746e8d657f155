import { ValidationError } from '../errors/errors.js';
import type { Contact } from '../model/contact.js';
import type { Identity } from '../model/identity.js';
import { normalizeName } from '../normalize/name.js';
import { type MatchConfig, parseMatchConfig } from './config.js';
import type { MatchRecord } from './records.js';

/**
 * Turns a contact and its identities into a record for {@link dedupe}: names split into first and
 * last, the email and phone taken from identities first (verified before unverified, as they are the
 * normalized truth), then from the profile's display copies; company, street, city and postcode from
 * the profile.
 *
 * @throws {@link ValidationError} when an identity belongs to another contact or workspace.
 *
 * @example
 * ```ts
 * const records = contacts.map((c) => contactToMatchRecord(c, identitiesOf(c.id)));
 * dedupe(records, { config: CONTACT_MATCH_CONFIG });
 * ```
 */
export function contactToMatchRecord(contact: Contact, identities: readonly Identity[]): MatchRecord {
  for (const identity of identities) {
    if (identity.contactId !== contact.id || identity.workspaceId !== contact.workspaceId) {
      throw new ValidationError({
        field: 'identities',
        value: `${identity.type}:${identity.value}`,
        reason: `belongs to contact "${identity.contactId}" of workspace "${identity.workspaceId}", not "${contact.id}" of "${contact.workspaceId}"`,
      });
    }
  }
  const firstOf = (type: string): string | undefined => {
    const ofType = identities.filter((i) => i.type === type);
    return (ofType.find((i) => i.verified) ?? ofType[0])?.value;
  };
  const p = contact.profile;
  const name = normalizeName({
    ...(p.name === undefined ? {} : { full: p.name }),
    ...(p.firstName === undefined ? {} : { first: p.firstName }),
    ...(p.lastName === undefined ? {} : { last: p.lastName }),
  });
  return {
    id: contact.id,
    values: {
      first_name: name.first,
      last_name: name.last,
      email: firstOf('email') ?? p.email,
      phone: firstOf('phone') ?? firstOf('whatsapp') ?? p.phone,
      company: p.company,
      address: p.address?.line1,
      city: p.address?.city,
      postcode: p.address?.postcode,
    },
  };
}

/**
 * Turns the contacts of one workspace and all their identities into match records, pairing each
 * identity with its contact. Duplicates are looked for inside a workspace only, never across.
 *
 * @throws {@link ValidationError} when the contacts belong to more than one workspace, or an identity
 * to a contact that is not in the list.
 *
 * @example
 * ```ts
 * const records = contactMatchRecords(await repo.listContacts(ws), await repo.listIdentities(ws));
 * const { clusterIds } = dedupe(records, { config: CONTACT_MATCH_CONFIG });
 * ```
 */
export function contactMatchRecords(
  contacts: readonly Contact[],
  identities: readonly Identity[],
): MatchRecord[] {
  const workspaces = new Set(contacts.map((c) => c.workspaceId));
  if (workspaces.size > 1) {
    throw new ValidationError({
      field: 'workspaceId',
      value: [...workspaces],
      reason: 'contacts of several workspaces: duplicates are only looked for inside one workspace',
    });
  }
  const byContact = new Map<string, Identity[]>(contacts.map((c) => [c.id, []]));
  for (const identity of identities) {
    const list = byContact.get(identity.contactId);
    if (!list) {
      throw new ValidationError({
        field: 'identities',
        value: `${identity.type}:${identity.value}`,
        reason: `belongs to contact "${identity.contactId}", which is not among the contacts given`,
      });
    }
    list.push(identity);
  }
  return contacts.map((c) => contactToMatchRecord(c, byContact.get(c.id)!));
}

/**
 * The match configuration for records made by {@link contactToMatchRecord}: names, email, phone,
 * company and address compared by kind, blocked on email, phone and names (the keys that still
 * agree when the other fields have typos).
 *
 * @example
 * ```ts
 * dedupe(records, { config: CONTACT_MATCH_CONFIG }).clusterIds;
 * ```
 */
export const CONTACT_MATCH_CONFIG: MatchConfig = parseMatchConfig({
  fields: [
    { name: 'first_name', kind: 'first_name' },
    { name: 'last_name', kind: 'last_name' },
    { name: 'email', kind: 'email' },
    { name: 'phone', kind: 'phone' },
    { name: 'company', kind: 'company' },
    { name: 'address', kind: 'address' },
    { name: 'city', kind: 'city' },
    { name: 'postcode', kind: 'postcode' },
  ],
  blocking: [
    { keys: [{ field: 'email', transform: 'value' }] },
    { keys: [{ field: 'email', transform: 'alternate' }] },
    { keys: [{ field: 'phone', transform: 'suffix', length: 7 }] },
    {
      keys: [
        { field: 'last_name', transform: 'value' },
        { field: 'first_name', transform: 'alternate' },
      ],
    },
    {
      keys: [
        { field: 'last_name', transform: 'soundex' },
        { field: 'first_name', transform: 'prefix', length: 1 },
      ],
    },
    {
      keys: [
        { field: 'first_name', transform: 'alternate' },
        { field: 'postcode', transform: 'value' },
      ],
    },
    {
      keys: [
        { field: 'last_name', transform: 'value' },
        { field: 'company', transform: 'value' },
      ],
    },
  ],
});
