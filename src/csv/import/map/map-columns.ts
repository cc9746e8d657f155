import levenshtein from 'fast-levenshtein';
import { z } from 'zod';
import { ValidationError } from '../../../errors/errors.js';
import { ownValue } from '../../../model/primitives.js';
import { detectPreset, type PresetName, presetByName } from '../presets/index.js';
import { PRESET_NAMES } from '../presets/preset.js';
import { customFieldKey, headerKey } from './header-key.js';
import { inferTargetFromValues } from './infer-from-values.js';
import { HEADER_SYNONYMS } from './synonyms.js';
import { type ImportTarget, parseTarget } from './target.js';

/** How a column's target was chosen, best first. */
export type MappingSource =
  | 'override'
  | 'preset'
  | 'name'
  | 'synonym'
  | 'fuzzy'
  | 'keyword'
  | 'values'
  | 'custom';

/** One column of the file and where its values go. */
export interface MappedColumn {
  readonly index: number;
  readonly header: string;
  readonly target: ImportTarget;
  readonly via: MappingSource;
}

/** The mapping of a whole header row. */
export interface ColumnMapping {
  /** The tool the file was recognised as, if any. */
  readonly preset: PresetName | undefined;
  /** Other presets that fit the headers equally well (Intercom and Chatwoot share their core headers). */
  readonly ambiguousWith: readonly PresetName[];
  /** One entry per header cell, in file order. */
  readonly columns: readonly MappedColumn[];
}

/**
 * The user's choices, checked at the edge: `overrides` maps a header to a target name
 * (`"identity.email"`, `"custom.plan"`, `"ignore"`…); `preset` forces a preset or `"none"` to skip presets.
 */
export const MapColumnsOptionsSchema = z.object({
  preset: z.enum([...PRESET_NAMES, 'none']).optional(),
  overrides: z.record(z.string(), z.string()).optional(),
});
export type MapColumnsOptions = z.input<typeof MapColumnsOptionsSchema>;

/** The first data rows, so columns whose header says nothing can be recognised by their values. */
export interface ColumnSample {
  readonly rows: ReadonlyArray<readonly string[]>;
  /** Country for reading national phone numbers in the sample. */
  readonly defaultCountry?: string | undefined;
}

const SYNONYM_TARGETS = new Map<string, string>();
for (const [target, words] of Object.entries(HEADER_SYNONYMS)) {
  for (const word of words) {
    if (!SYNONYM_TARGETS.has(word)) SYNONYM_TARGETS.set(word, target);
    const compact = word.replace(/ /g, '');
    if (!SYNONYM_TARGETS.has(compact)) SYNONYM_TARGETS.set(compact, target);
  }
}
const SYNONYM_ENTRIES = [...SYNONYM_TARGETS.entries()].filter(([word]) => !word.includes(' '));

const EMAIL_WORDS = new Set(['email', 'mail', 'emailaddress', 'correo', 'courriel']);
const PHONE_WORDS = new Set([
  'phone',
  'mobile',
  'cell',
  'telephone',
  'tel',
  'telefon',
  'telefono',
  'handy',
  'whatsapp',
  'phonenumber',
]);
// Words that make an "email"/"phone" header about the address rather than the address itself.
const NOT_A_VALUE = new Set([
  'consent',
  'opt',
  'optin',
  'status',
  'subscribed',
  'unsubscribed',
  'marketing',
  'verified',
  'bounce',
  'bounced',
  'date',
  'time',
  'at',
  'sent',
  'opened',
  'clicked',
  'campaign',
  'count',
  'type',
  'domain',
  'valid',
  'permission',
  'source',
]);

/** Edit distance where swapping two neighbouring letters ("emial") counts as one edit, as people type. */
function typoDistance(a: string, b: string): number {
  const distance = levenshtein.get(a, b);
  if (distance !== 2 || a.length !== b.length) return distance;
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  const [i, j] = diff;
  return diff.length === 2 && j === i! + 1 && a[i!] === b[j] && a[j] === b[i!] ? 1 : distance;
}

/** Fuzzy matching: exact synonym, then a small edit distance on the compact form, then keywords. */
function fuzzyTarget(header: string): { target: string; via: MappingSource } | undefined {
  const key = headerKey(header);
  if (key === '') return undefined;
  const exact = SYNONYM_TARGETS.get(key);
  if (exact) return { target: exact, via: 'synonym' };
  const compact = key.replace(/ /g, '');
  const squeezed = SYNONYM_TARGETS.get(compact);
  if (squeezed) return { target: squeezed, via: 'synonym' };
  if (compact.length >= 5) {
    // Typos and near-spellings ("Emial", "Phone Nunber"); short words are too easy to confuse.
    const allowed = compact.length >= 9 ? 2 : 1;
    let best: { target: string; distance: number } | undefined;
    for (const [word, target] of SYNONYM_ENTRIES) {
      if (Math.abs(word.length - compact.length) > allowed || word.length < 5) continue;
      const distance = typoDistance(word, compact);
      if (distance <= allowed && (!best || distance < best.distance)) best = { target, distance };
    }
    if (best) return { target: best.target, via: 'fuzzy' };
  }
  const words = key.split(' ');
  if (!words.some((w) => NOT_A_VALUE.has(w))) {
    if (words.some((w) => EMAIL_WORDS.has(w)) || (words.includes('e') && words.includes('mail'))) {
      return { target: 'identity.email', via: 'keyword' };
    }
    if (words.some((w) => PHONE_WORDS.has(w))) return { target: 'identity.phone', via: 'keyword' };
  }
  return undefined;
}

function mustParseTarget(name: string, header: string): ImportTarget {
  const target = parseTarget(name);
  if (!target) {
    throw new ValidationError({
      field: 'overrides',
      value: name,
      column: header,
      reason: `"${name}" is not a target: use identity.<type>, profile.<field>, profile.address.<part>, tags, custom.<key>, consent.<email|sms>, stats.<orders|amountSpent>, notes or ignore`,
    });
  }
  return target;
}

/**
 * Maps each header to a target: the user's override first, then the recognised tool's preset, then
 * a header that is itself a target name (contactkit's own export), then fuzzy matching (synonyms in
 * several languages, edit distance, keywords), then, given a `sample` of rows, the values (a column of
 * emails or formatted phone numbers under a header like "Kontakt"). Anything left becomes a custom field
 * whose key is derived from the header.
 *
 * @throws {@link contactkit!ValidationError} when an override names a header the file does not have or a target
 * that does not exist.
 * @example
 * ```ts
 * mapColumns(['E-Mail', 'Vorname', 'Plan'], { overrides: { Plan: 'custom.plan_name' } }).columns.map((c) => c.target)
 * // [{ kind: 'identity', type: 'email' }, { kind: 'profile', field: 'firstName' }, { kind: 'custom', key: 'plan_name' }]
 * ```
 */
export function mapColumns(
  header: readonly string[],
  options: MapColumnsOptions = {},
  sample?: ColumnSample,
): ColumnMapping {
  const { preset: presetOption, overrides = {} } = MapColumnsOptionsSchema.parse(options);
  for (const name of Object.keys(overrides)) {
    if (!header.includes(name)) {
      throw new ValidationError({
        field: 'overrides',
        value: name,
        column: name,
        reason: `the file has no column "${name}" (columns: ${header.join(', ')})`,
      });
    }
  }
  const match =
    presetOption === 'none'
      ? undefined
      : presetOption
        ? { preset: presetByName(presetOption), ambiguousWith: [] }
        : detectPreset(header);
  const presetColumns = new Map(
    Object.entries(match?.preset.columns ?? {}).map(([h, t]) => [h.trim().toLowerCase(), t] as const),
  );
  const usedCustomKeys = new Set<string>();
  const columns = header.map((h, index): MappedColumn => {
    const override = ownValue(overrides, h);
    if (override !== undefined) {
      const target = mustParseTarget(override, h);
      if (target.kind === 'custom') usedCustomKeys.add(target.key);
      return { index, header: h, target, via: 'override' };
    }
    const fromPreset = presetColumns.get(h.trim().toLowerCase());
    if (fromPreset) return { index, header: h, target: parseTarget(fromPreset)!, via: 'preset' };
    const prefix = match?.preset.customPrefixes?.find((p) => h.startsWith(p));
    const named = prefix ? undefined : parseTarget(h.trim());
    if (named && h.includes('.')) return { index, header: h, target: named, via: 'name' };
    const fuzzy = prefix ? undefined : fuzzyTarget(h);
    if (fuzzy) return { index, header: h, target: parseTarget(fuzzy.target)!, via: fuzzy.via };
    const byValues = sample
      ? inferTargetFromValues(
          sample.rows.map((r) => r[index] ?? ''),
          sample.defaultCountry,
        )
      : undefined;
    if (byValues) return { index, header: h, target: parseTarget(byValues)!, via: 'values' };
    let key = customFieldKey(prefix ? h.slice(prefix.length) : h, index);
    for (let n = 2; usedCustomKeys.has(key); n++) key = `${key.slice(0, 60)}_${n}`;
    usedCustomKeys.add(key);
    return { index, header: h, target: { kind: 'custom', key }, via: 'custom' };
  });
  return { preset: match?.preset.name, ambiguousWith: match?.ambiguousWith ?? [], columns };
}

/**
 * The columns of a mapping that can identify a contact.
 *
 * @example
 * ```ts
 * identityColumns(mapColumns(['Email', 'Name'])).map((c) => c.header) // ['Email']
 * ```
 */
export function identityColumns(mapping: ColumnMapping): readonly MappedColumn[] {
  return mapping.columns.filter((c) => c.target.kind === 'identity');
}

/**
 * Throws when no column can identify a contact, naming the headers the file has.
 *
 * @example
 * ```ts
 * assertIdentityColumn(mapColumns(['Name', 'City'])) // throws ValidationError: no identity column …
 * ```
 */
export function assertIdentityColumn(mapping: ColumnMapping): void {
  if (identityColumns(mapping).length > 0) return;
  throw new ValidationError({
    field: 'file',
    value: mapping.columns.map((c) => c.header),
    reason: `no identity column: none of the columns (${mapping.columns
      .map((c) => `"${c.header}"`)
      .join(
        ', ',
      )}) is an email, phone, user id or other identity; map one with overrides, e.g. { "Contact": "identity.email" }`,
  });
}
