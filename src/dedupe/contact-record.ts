import { ValidationError } from '../errors/errors.js';
import type { Contact } from '../model/contact.js';
import type { Identity } from '../model/identity.js';
import { normalizeNameParts } from '../normalize/name.js';
import { type MatchConfig, parseMatchConfig } from './config.js';
import { looksLikeHandle } from './placeholders.js';
import type { MatchRecord } from './records.js';

/**
 * Turns a contact and its identities into a record for {@link dedupe}: names split into first and
 * last, the email and phone taken from identities first (verified before unverified, as they are the
 * normalized truth), then from the profile's display copies; the user id; the first channel account
 * (`telegram:88120311`) and its raw handle (a name when the profile has none); company, street, city and
 * postcode from the profile.
 *
 * @throws {@link contactkit!ValidationError} when an identity belongs to another contact or workspace.
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
    let found: Identity | undefined;
    for (const i of identities) {
      if (i.type !== type) continue;
      if (i.verified) return i.value;
      found ??= i;
    }
    return found?.value;
  };
  // A channel account: the first identity of a type that is neither a person's id, an address, a
  // number nor a browser, written `type:value` so that two channels' ids never compare.
  const channel = identities.find((i) => !NOT_CHANNELS.has(i.type));
  const p = contact.profile;
  const name = splitName(p.name, p.firstName, p.lastName);
  return {
    id: contact.id,
    values: {
      first_name: name.first,
      last_name: name.last,
      handle: channel !== undefined && looksLikeHandle(channel.raw) ? channel.raw : undefined,
      email: firstOf('email') ?? p.email,
      phone: firstOf('phone') ?? firstOf('whatsapp') ?? p.phone,
      user_id: firstOf('userId'),
      channel_id: channel === undefined ? undefined : `${channel.type}:${channel.value}`,
      company: p.company,
      address: p.address?.line1,
      city: p.address?.city,
      postcode: p.address?.postcode,
    },
  };
}

/**
 * First and last name of a profile. Matching folds case and accents itself, so a one- or two-word name
 * is split as it is; longer ones go through `normalizeNameParts`, which keeps particles ("de la Cruz")
 * with the family name.
 */
function splitName(
  full: string | undefined,
  first: string | undefined,
  last: string | undefined,
): { first?: string | undefined; last?: string | undefined } {
  if (first !== undefined || last !== undefined || full === undefined) return { first, last };
  const words = full.trim().split(/\s+/);
  if (words.length === 1) return { first: words[0] };
  if (words.length === 2) return { first: words[0], last: words[1] };
  return normalizeNameParts({ full });
}

// Identity types that are not channel accounts.
const NOT_CHANNELS: ReadonlySet<string> = new Set(['userId', 'email', 'phone', 'cookie', 'whatsapp', 'sms']);

/**
 * Turns the contacts of one workspace and all their identities into match records, pairing each
 * identity with its contact. Duplicates are looked for inside a workspace only, never across.
 *
 * @throws {@link contactkit!ValidationError} when the contacts belong to more than one workspace, or an identity
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
 * The match configuration for records made by {@link contactToMatchRecord}: names (reading a channel
 * handle such as `@mark_lim` when the name is empty or a placeholder), email, phone, user id, channel
 * account, company and address, compared by kind. The user id's m probabilities are a documented prior,
 * not learned: two stored contacts never share one (identities are unique), and two different ones
 * are two accounts, so a pair with two user ids weighs about 12 bits less. Blocked on email (the
 * address and its local part), phone, channel account and names, the keys that still agree when other
 * fields have typos; each rule makes about three pairs a contact at most, so a scan of a million
 * contacts stays within a few million pairs.
 *
 * @example
 * ```ts
 * dedupe(records, { config: CONTACT_MATCH_CONFIG }).clusterIds;
 * ```
 */
export const CONTACT_MATCH_CONFIG: MatchConfig = parseMatchConfig({
  // A workspace can hold millions of contacts: each rule makes at most about three pairs a contact,
  // its largest blocks compared in windows past that.
  pairsPerRecord: 3,
  fields: [
    { name: 'first_name', kind: 'first_name', fallback: ['handle'] },
    { name: 'last_name', kind: 'last_name', fallback: ['handle'] },
    { name: 'email', kind: 'email' },
    { name: 'phone', kind: 'phone' },
    { name: 'user_id', kind: 'id', m: [0.9996, 0.0002, 0.0002] },
    { name: 'channel_id', kind: 'handle' },
    { name: 'company', kind: 'company' },
    { name: 'address', kind: 'address' },
    { name: 'city', kind: 'city' },
    { name: 'postcode', kind: 'postcode' },
  ],
  blocking: [
    { keys: [{ field: 'email', transform: 'value' }] },
    { keys: [{ field: 'email', transform: 'alternate' }] },
    { keys: [{ field: 'phone', transform: 'suffix', length: 7 }] },
    { keys: [{ field: 'channel_id', transform: 'value' }] },
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
