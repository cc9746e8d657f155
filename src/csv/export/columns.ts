import { ValidationError } from '../../errors/errors.js';
import type { Contact } from '../../model/contact.js';
import type { CustomFieldValue } from '../../model/custom-field.js';
import type { Identity } from '../../model/identity.js';
import { ownValue } from '../../model/primitives.js';
import { joinListCell } from '../import/validate/list-cell.js';

/** What the export writers read: a contact and the identities it holds. */
export interface ExportRecord {
  readonly contact: Contact;
  readonly identities: ReadonlyArray<Pick<Identity, 'type' | 'value'>>;
}

/**
 * A column to write: a field name (`identity.email`, `custom.plan`…), written under that name, or a
 * field under another header. `first` writes only the first value of a many-valued field, for tools
 * that take one email or phone per row.
 */
export type ExportColumn =
  | string
  | { readonly header: string; readonly field: string; readonly first?: boolean };

/** A cell's value before formatting: JSON writes it as is, CSV and XLSX as text. */
export type ExportValue = string | number | boolean | readonly string[] | null;

/**
 * The columns written when none are chosen. Custom fields and other identity types are written only
 * when named (`custom.<key>`, `identity.<type>`): a stream cannot know every key before it starts.
 */
export const DEFAULT_EXPORT_COLUMNS: readonly string[] = [
  'id',
  'identity.email',
  'identity.phone',
  'identity.userId',
  'profile.name',
  'profile.firstName',
  'profile.lastName',
  'profile.company',
  'profile.jobTitle',
  'profile.address.line1',
  'profile.address.line2',
  'profile.address.city',
  'profile.address.region',
  'profile.address.postcode',
  'profile.address.country',
  'profile.locale',
  'profile.timezone',
  'tags',
  'kind',
  'source',
  'stats.orders',
  'stats.amountSpent',
  'stats.lastSeenAt',
  'createdAt',
  'updatedAt',
];

const TOP_LEVEL = new Set(['id', 'kind', 'source', 'channels', 'createdAt', 'updatedAt']);
/** The scalar stats a column can hold (per-currency spend is a list: not a cell). */
type ScalarStat = Exclude<keyof Contact['stats'], 'spend'>;
const STATS = new Set<string>([
  'conversations',
  'messages',
  'firstSeenAt',
  'lastSeenAt',
  'lastInboundAt',
  'orders',
  'amountSpent',
  'firstOrderAt',
  'lastOrderAt',
  'bookings',
  'lastBookingAt',
] satisfies ScalarStat[]);
const PROFILE = new Set([
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'jobTitle',
  'locale',
  'timezone',
  'location',
]);
const ADDRESS = new Set(['line1', 'line2', 'city', 'region', 'postcode', 'country']);

/** A resolved column: its header and how to read its value from a record. */
export interface ResolvedColumn {
  readonly header: string;
  readonly field: string;
  readonly read: (record: ExportRecord) => ExportValue;
}

function fromCustom(value: CustomFieldValue | undefined): ExportValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  return value;
}

function reader(field: string): ((r: ExportRecord) => ExportValue) | undefined {
  const [head, ...rest] = field.split('.');
  const tail = rest.join('.');
  if (rest.length === 0 && TOP_LEVEL.has(field)) {
    return (r) => {
      const v = r.contact[field as 'id' | 'kind' | 'source' | 'channels' | 'createdAt' | 'updatedAt'];
      return v instanceof Date ? v.toISOString() : v;
    };
  }
  if (field === 'tags') return (r) => r.contact.tags;
  if (head === 'identity' && tail !== '') {
    return (r) => r.identities.filter((i) => i.type === tail).map((i) => i.value);
  }
  if (head === 'custom' && tail !== '') return (r) => fromCustom(ownValue(r.contact.customFields, tail));
  if (head === 'stats' && STATS.has(tail)) {
    return (r) => {
      const v = r.contact.stats[tail as ScalarStat];
      return v instanceof Date ? v.toISOString() : (v ?? null);
    };
  }
  if (head === 'profile' && PROFILE.has(tail)) {
    return (r) => r.contact.profile[tail as keyof Omit<Contact['profile'], 'address'>] ?? null;
  }
  if (head === 'profile' && rest[0] === 'address' && rest.length === 2 && ADDRESS.has(rest[1]!)) {
    const part = rest[1] as keyof NonNullable<Contact['profile']['address']>;
    return (r) => r.contact.profile.address?.[part] ?? null;
  }
  return undefined;
}

/**
 * Resolves chosen columns once, before the stream starts, so a typo fails up front.
 *
 * @throws {@link contactkit!ValidationError} naming an unknown field.
 * @example
 * ```ts
 * resolveColumns(['identity.email', { header: 'Email Address', field: 'identity.email', first: true }])
 * ```
 */
export function resolveColumns(columns: readonly ExportColumn[] = DEFAULT_EXPORT_COLUMNS): ResolvedColumn[] {
  return columns.map((column) => {
    const spec = typeof column === 'string' ? { header: column, field: column, first: false } : column;
    const read = reader(spec.field);
    if (!read) {
      throw new ValidationError({
        field: 'columns',
        value: spec.field,
        reason: `"${spec.field}" is not an export field: use id, kind, source, channels, createdAt, updatedAt, tags, identity.<type>, profile.<field>, profile.address.<part>, custom.<key> or stats.<field>`,
      });
    }
    const readValue = spec.first
      ? (r: ExportRecord): ExportValue => {
          const v = read(r);
          return Array.isArray(v) ? (v[0] ?? null) : v;
        }
      : read;
    return { header: spec.header, field: spec.field, read: readValue };
  });
}

/**
 * A value as spreadsheet text: lists joined with `; ` (identities, list custom fields), tags with `, `,
 * numbers and booleans as written by `String`, null as empty.
 *
 * @example
 * ```ts
 * valueText('identity.phone', ['+14155552671', '+16505551234']) // "+14155552671; +16505551234"
 * ```
 */
export function valueText(field: string, value: ExportValue): string {
  if (value === null) return '';
  if (Array.isArray(value)) {
    // Quoted where a value holds a separator (Mailchimp's way for tags), so that import splits the cell
    // back into the same values: a userId `a;b` stays one identity.
    if (field === 'tags') return joinListCell(value, ', ', ',;');
    if (field.startsWith('identity.')) return joinListCell(value, '; ', ';,');
    return value.join('; ');
  }
  return String(value);
}
