import { z } from 'zod';
import { CustomFieldKeySchema } from '../../../model/custom-field.js';
import { IdentityTypeSchema } from '../../../model/identity.js';
import { ownValue } from '../../../model/primitives.js';

/** Profile fields a column can fill directly (email and phone are identities; the address has its own target). */
export const PROFILE_TARGET_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'company',
  'jobTitle',
  'locale',
  'timezone',
  'location',
] as const;

/** Address parts a column can fill. `country` also gives the phone numbers of its row their default country. */
export const ADDRESS_TARGET_FIELDS = ['line1', 'line2', 'city', 'region', 'postcode', 'country'] as const;

/**
 * How a consent column is read:
 * - `status`: a word (`subscribed`, `unsubscribed`, `SUBSCRIBED`, `yes`, `no`…) gives granted or revoked;
 * - `granted_at` / `revoked_at`: a non-empty time means granted / revoked at that time;
 * - `boolean`: yes/true/1 granted, no/false/0 revoked (Shopify "Accepts Email Marketing");
 * - `negated`: yes means revoked (HubSpot "Unsubscribed from all email").
 */
export const CONSENT_READINGS = ['status', 'granted_at', 'revoked_at', 'boolean', 'negated'] as const;
export const CONSENT_CHANNELS = ['email', 'sms'] as const;

/** Where one column's values go. Parsed from names such as `identity.email` or `custom.plan` by {@link parseTarget}. */
export const ImportTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('identity'), type: IdentityTypeSchema }),
  z.object({ kind: z.literal('profile'), field: z.enum(PROFILE_TARGET_FIELDS) }),
  z.object({ kind: z.literal('address'), field: z.enum(ADDRESS_TARGET_FIELDS) }),
  z.object({ kind: z.literal('tags') }),
  z.object({ kind: z.literal('custom'), key: CustomFieldKeySchema }),
  z.object({
    kind: z.literal('consent'),
    channel: z.enum(CONSENT_CHANNELS),
    reading: z.enum(CONSENT_READINGS),
  }),
  z.object({ kind: z.literal('stat'), stat: z.enum(['orders', 'amountSpent']) }),
  z.object({ kind: z.literal('notes') }),
  z.object({ kind: z.literal('ignore') }),
]);
export type ImportTarget = z.infer<typeof ImportTargetSchema>;

/** Short names accepted besides the full dotted ones. */
const SHORTHANDS: Readonly<Record<string, string>> = {
  email: 'identity.email',
  phone: 'identity.phone',
  userId: 'identity.userId',
  name: 'profile.name',
  firstName: 'profile.firstName',
  lastName: 'profile.lastName',
  company: 'profile.company',
  jobTitle: 'profile.jobTitle',
  locale: 'profile.locale',
  timezone: 'profile.timezone',
  location: 'profile.location',
  line1: 'profile.address.line1',
  line2: 'profile.address.line2',
  city: 'profile.address.city',
  region: 'profile.address.region',
  postcode: 'profile.address.postcode',
  country: 'profile.address.country',
  note: 'notes',
  orders: 'stats.orders',
  amountSpent: 'stats.amountSpent',
};

/**
 * Reads a target name: `identity.<type>`, `profile.<field>`, `profile.address.<part>`, `tags`,
 * `custom.<key>`, `consent.<email|sms>[.<reading>]`, `stats.orders`, `stats.amountSpent`, `notes`,
 * `ignore`, or a shorthand (`email`, `phone`, `firstName`, `city`…). Returns undefined for anything else.
 * Export column names are the same names, so an exported file maps back onto itself.
 *
 * @example
 * ```ts
 * parseTarget('custom.plan')            // { kind: 'custom', key: 'plan' }
 * parseTarget('email')                  // { kind: 'identity', type: 'email' }
 * parseTarget('consent.email.granted_at') // { kind: 'consent', channel: 'email', reading: 'granted_at' }
 * ```
 */
export function parseTarget(name: string): ImportTarget | undefined {
  // A header can be any text, `constructor` included: only the table's own entries are shorthands.
  const full = ownValue(SHORTHANDS, name) ?? name;
  const [head, ...rest] = full.split('.');
  const tail = rest.join('.');
  let candidate: unknown;
  switch (head) {
    case 'identity':
      candidate = { kind: 'identity', type: tail };
      break;
    case 'profile':
      candidate = tail.startsWith('address.')
        ? { kind: 'address', field: tail.slice('address.'.length) }
        : { kind: 'profile', field: tail };
      break;
    case 'custom':
      candidate = { kind: 'custom', key: tail };
      break;
    case 'consent':
      candidate = { kind: 'consent', channel: rest[0], reading: rest[1] ?? 'status' };
      break;
    case 'stats':
      candidate = { kind: 'stat', stat: tail };
      break;
    case 'tags':
    case 'notes':
    case 'ignore':
      candidate = rest.length === 0 ? { kind: head } : undefined;
      break;
    default:
      candidate = undefined;
  }
  const parsed = ImportTargetSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The canonical name of a target, the inverse of {@link parseTarget}.
 *
 * @example
 * ```ts
 * targetName({ kind: 'address', field: 'city' }) // "profile.address.city"
 * ```
 */
export function targetName(target: ImportTarget): string {
  switch (target.kind) {
    case 'identity':
      return `identity.${target.type}`;
    case 'profile':
      return `profile.${target.field}`;
    case 'address':
      return `profile.address.${target.field}`;
    case 'custom':
      return `custom.${target.key}`;
    case 'consent':
      return target.reading === 'status'
        ? `consent.${target.channel}`
        : `consent.${target.channel}.${target.reading}`;
    case 'stat':
      return `stats.${target.stat}`;
    default:
      return target.kind;
  }
}
