import { ValidationError } from '../errors/errors.js';
import { blockingKeyIds, countPairs, type KeyIds } from './blocking.js';
import type { BlockingKeyPart, BlockingRule, FieldKind, MatchConfig, MatchField } from './config.js';
import { parseMatchConfig } from './config.js';
import { handleAsName, looksLikeHandle } from './placeholders.js';
import { IDENTIFIER_KINDS } from './priors.js';
import { type Rng, randomInt, seededRng } from './prng.js';
import { type MatchRecord, type PreparedRecords, prepareRecords } from './records.js';
import { exactAgreementRate, indexValues, termFrequencies } from './term-frequency.js';

/** Options for {@link inferMatchConfig}. */
export interface InferOptions {
  /** Columns never compared (the record id, ground truth, notes). */
  readonly exclude?: readonly string[];
  /** Seed of the sampling that sizes the blocking rules. */
  readonly seed?: number;
}

/** Why a column was compared as it was, or left out. */
export interface ColumnDecision {
  readonly column: string;
  readonly kind: FieldKind | null;
  readonly reason: string;
}

/** An inferred configuration and the decisions behind it. */
export interface InferredConfig {
  readonly config: MatchConfig;
  readonly columns: readonly ColumnDecision[];
}

const SAMPLE_VALUES = 5000;
const SAMPLE_RECORDS = 20_000;
const MAX_RULES = 14;
// Two-key rules too coarse alone that are tried with a third key, the finest first.
const MAX_TRIPLE_BASES = 12;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^[+(]?[\d\s().\-/]{6,24}(?:\s*(?:ext\.?|x|#)\s*\d{1,6})?$/i;
const ISO_DATE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[T ].*)?$/;
const OTHER_DATE = /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/;
const COMPACT_DATE = /^(1[89]|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;

function share(values: readonly string[], test: (v: string) => boolean): number {
  if (values.length === 0) return 0;
  let hits = 0;
  for (const v of values) if (test(v)) hits++;
  return hits / values.length;
}

function digitCount(v: string): number {
  let d = 0;
  for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) d++;
  return d;
}

const isPhone = (v: string) => PHONE.test(v) && digitCount(v) >= 7 && digitCount(v) <= 15;
const isDate = (v: string) => ISO_DATE.test(v) || OTHER_DATE.test(v) || COMPACT_DATE.test(v);

/**
 * Columns that describe what a contact did or how it is handled, not who the person is: two records of
 * one person were created at different times, from different sources, with different tags.
 */
const NOT_ABOUT_THE_PERSON =
  /(^|_)(created|updated|modified|deleted|imported|exported|last_seen|first_seen|last_contacted|seen|timestamp|time|source|channel|status|stage|tags?|notes?|comments?|owner|assignee|agent|lifecycle|segment|lists?|campaign|utm|ip|ip_address|user_agent|browser|os|device|url|page|referrer|landing_page|language|locale|time_?zone|score|rating|subscribed|unsubscribed|opt_?in|consent|conversations?|messages?)($|_)|_(at|on)$/;

/** The kind a column's name suggests, or null. Names are folded: `Date of Birth` → `date_of_birth`. */
function kindFromName(name: string): FieldKind | null {
  const n = name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  if (/e_?mail/.test(n)) return 'email';
  if (/phone|(^|_)tel($|_)|mobile|(^|_)cell|(^|_)fax|whats_?app|(^|_)wa_(id|number)|(^|_)sms($|_)/.test(n))
    return 'phone';
  if (/dob|birth_?date|date_?of_?birth|(^|_)born($|_)|(^|_)date/.test(n)) return 'date';
  if (/zip|post_?code|postal/.test(n)) return 'postcode';
  // "first_and_surname" is a whole name, not a surname.
  if (/(first|given|fore)/.test(n) && /(last|sur|family)/.test(n)) return 'name';
  if (/(first|given|fore)_?name|^fname$|^first$|^given$/.test(n)) return 'first_name';
  if (/(last|sur|family)_?name|^lname$|^surname$|^last$/.test(n)) return 'last_name';
  if (
    /telegram|messenger|instagram|facebook|(^|_)(fb|ig|tg)($|_)|psid|twitter|tiktok|linkedin|(^|_)line_id|viber|wechat|handle|user_?name|screen_?name/.test(
      n,
    )
  )
    return 'handle';
  if (/company|organi[sz]ation|employer|business|agency|(^|_)org($|_)/.test(n)) return 'company';
  if (/city|town|suburb|locality|place/.test(n)) return 'city';
  // A house number is part of an address, not an identifier of a person.
  if (/(street|house|building|flat|apt|apartment|unit|suite)_?(number|num|no)$/.test(n)) return 'text';
  if (/(^|_)(id|ssn|uuid)$|soc_sec|social_sec|passport|licen[cs]e|(^|_)(number|num|no)$/.test(n)) return 'id';
  if (/name/.test(n)) return 'name';
  if (/address|addr|street/.test(n)) return 'address';
  return null;
}

/**
 * The least share of records that must fill a column of a kind for it to be compared. Identifiers count
 * however sparse (a WhatsApp number on one record in ten still links that record); names, companies and
 * cities from one record in twenty; anything else from three in ten, since fewer than one pair in ten
 * could use it and the records that have it are often one source's, whose quirks EM would learn.
 */
function minimumFill(kind: FieldKind): number {
  if (IDENTIFIER_KINDS.has(kind)) return 0.05;
  if (
    kind === 'name' ||
    kind === 'first_name' ||
    kind === 'last_name' ||
    kind === 'company' ||
    kind === 'city'
  )
    return 0.05;
  return 0.3;
}

/** Decides how a column is compared from its name, checked against its values, or from its values. */
function decideColumn(column: string, values: readonly string[], fillRate: number): ColumnDecision {
  const byName = kindFromName(column);
  const folded = column.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  if (byName === null && NOT_ABOUT_THE_PERSON.test(folded)) {
    return { column, kind: null, reason: 'says what the contact did, not who they are' };
  }
  if (values.length === 0) return { column, kind: null, reason: 'empty' };
  const emails = share(values, (v) => EMAIL.test(v));
  const phones = share(values, isPhone);
  const dates = share(values, isDate);
  let kind: FieldKind;
  let reason: string;
  // A name is trusted only when the values agree: "Email Address" columns full of dates exist.
  if (byName === 'email' && emails >= 0.5) [kind, reason] = ['email', 'name and values'];
  else if (byName === 'phone' && phones >= 0.5) [kind, reason] = ['phone', 'name and values'];
  else if (byName === 'date' && dates >= 0.5) [kind, reason] = ['date', 'name and values'];
  else if (byName !== null && byName !== 'email' && byName !== 'phone' && byName !== 'date') {
    [kind, reason] = [byName, 'name'];
  } else if (emails >= 0.8) [kind, reason] = ['email', 'values'];
  else if (dates >= 0.8) [kind, reason] = ['date', 'values'];
  else if (phones >= 0.8) [kind, reason] = ['phone', 'values'];
  else [kind, reason] = ['text', 'values'];
  // A date with a time of day is when something happened, not a birth date.
  if (kind === 'date' && byName !== 'date' && share(values, (v) => /\d[T ]\d{1,2}:\d\d/.test(v)) >= 0.5) {
    return { column, kind: null, reason: 'a time something happened, not who someone is' };
  }
  if (fillRate < minimumFill(kind)) {
    return { column, kind: null, reason: `only ${(fillRate * 100).toFixed(1)}% filled` };
  }

  const indexed = indexValues(values);
  const tf = termFrequencies(indexed.ids, indexed.distinct.length);
  // A column on which a fifth of random pairs agree (state, yes/no, source file) tells people apart
  // by little more than two bits, while its errors still cost: leave it out. In a handful of records
  // the duplicates themselves are most of the agreement: judge only from a hundred values up.
  const agreement = exactAgreementRate(tf);
  if ((values.length >= 100 && agreement > 0.2) || (values.length > 1 && indexed.distinct.length === 1))
    return { column, kind: null, reason: `too few distinct values (${indexed.distinct.length})` };
  if (kind === 'text') {
    const meanLength = values.reduce((s, v) => s + v.length, 0) / Math.max(1, values.length);
    if (meanLength > 200) return { column, kind: null, reason: 'long free text' };
  }
  if (
    values.length >= 100 &&
    indexed.distinct.length === values.length &&
    (kind === 'text' || kind === 'id')
  ) {
    return { column, kind: null, reason: 'every value is different (a row id?)' };
  }
  return { column, kind, reason };
}

/** Candidate blocking-key parts for a field, strongest first. */
function keyParts(field: MatchField): BlockingKeyPart[] {
  const name = field.name;
  const v = (transform: BlockingKeyPart['transform'], length?: number): BlockingKeyPart =>
    length === undefined ? { field: name, transform } : { field: name, transform, length };
  switch (field.kind) {
    case 'email':
      // The local part's ends survive a typo'd domain and a typo in the other end of the local part.
      return [
        v('value'),
        v('alternate'),
        { ...v('prefix', 5), fromAlternate: true },
        { ...v('suffix', 5), fromAlternate: true },
      ];
    case 'phone':
      return [v('suffix', 7)];
    case 'id':
    case 'handle':
    case 'postcode':
    case 'city':
      return [v('value')];
    case 'first_name':
      return [v('value'), v('alternate'), v('soundex')];
    case 'last_name':
      return [v('value'), v('soundex')];
    case 'name':
      return [v('value'), v('alternate'), v('firstToken'), v('lastToken'), v('soundex')];
    case 'date':
      return [v('value'), v('prefix', 4)];
    case 'address':
      return [v('value'), v('firstToken'), v('prefix', 8)];
    case 'company':
    case 'text':
      return [v('value'), v('firstToken')];
  }
}

function sampleIndices(n: number, size: number, rng: Rng): number[] {
  if (n <= size) return Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  while (picked.size < size) picked.add(randomInt(rng, n));
  return [...picked].sort((a, b) => a - b);
}

/**
 * Chooses the blocking rules for prepared records: the union of key rules whose estimated pairs fit a
 * budget that grows linearly with the number of records, so blocking stays near-linear. Single keys come
 * first (the cheapest first); keys too coarse alone are combined in twos, the loosest that fit first,
 * since those catch the most duplicates with typos. Pair counts are estimated on a sample.
 *
 * @example
 * ```ts
 * const rules = inferBlockingRules(prepared, seededRng(1));
 * ```
 */
export function inferBlockingRules(records: PreparedRecords, rng: Rng): BlockingRule[] {
  const n = records.ids.length;
  const perRule = Math.max(50_000, 4 * n);
  const budget = Math.max(300_000, 12 * n);
  const indices = sampleIndices(n, SAMPLE_RECORDS, rng);
  const s = indices.length;
  const sample: PreparedRecords = {
    ids: indices.map((i) => records.ids[i]!),
    namePair: records.namePair,
    fields: records.fields.map((f) => ({
      ...f,
      valueIds: Int32Array.from(indices, (i) => f.valueIds[i]!),
    })),
  };
  const scale = s < 2 ? 1 : (n * (n - 1)) / (s * (s - 1));
  const cache = new Map<string, KeyIds>();
  const estimate = (rule: BlockingRule) => countPairs(blockingKeyIds(sample, rule, cache)) * scale;

  const parts = records.fields.flatMap((f) => keyParts(f.field));
  const singles = parts.map((part) => ({ rule: { keys: [part] }, pairs: estimate({ keys: [part] }) }));
  singles.sort((a, b) => a.pairs - b.pairs);
  const accepted: BlockingRule[] = [];
  const acceptedParts = new Set<BlockingKeyPart>();
  let total = 0;
  for (const single of singles) {
    if (single.pairs > perRule || total + single.pairs > budget || accepted.length >= MAX_RULES) continue;
    if (single.pairs === 0 && s === n) continue;
    accepted.push(single.rule);
    acceptedParts.add(single.rule.keys[0]!);
    total += single.pairs;
  }
  const combos: { rule: BlockingRule; pairs: number }[] = [];
  const tooCoarse: { rule: BlockingRule; pairs: number }[] = [];
  const open = parts.filter((p) => !acceptedParts.has(p));
  for (let a = 0; a < open.length; a++) {
    for (let b = a + 1; b < open.length; b++) {
      if (open[a]!.field === open[b]!.field) continue;
      const rule = { keys: [open[a]!, open[b]!] };
      const pairs = estimate(rule);
      if (pairs > perRule) tooCoarse.push({ rule, pairs });
      else if (pairs > 0) combos.push({ rule, pairs });
    }
  }
  // On large data even two keys can be too coarse (a common first and last name): add a third.
  tooCoarse.sort((a, b) => a.pairs - b.pairs);
  for (const coarse of tooCoarse.slice(0, MAX_TRIPLE_BASES)) {
    const fields = new Set(coarse.rule.keys.map((k) => k.field));
    for (const part of open) {
      if (fields.has(part.field)) continue;
      const rule = { keys: [...coarse.rule.keys, part] };
      const pairs = estimate(rule);
      if (pairs > 0 && pairs <= perRule) combos.push({ rule, pairs });
    }
  }
  combos.sort((a, b) => b.pairs - a.pairs);
  const seen = new Set<string>();
  for (const combo of combos) {
    if (accepted.length >= MAX_RULES) break;
    // The same keys in another order are the same rule.
    const signature = combo.rule.keys
      .map((k) => `${k.field}/${k.transform}/${k.length ?? ''}/${k.fromAlternate ? 1 : 0}`)
      .sort()
      .join('|');
    if (seen.has(signature)) continue;
    seen.add(signature);
    if (total + combo.pairs > budget) continue;
    accepted.push(combo.rule);
    total += combo.pairs;
  }
  if (accepted.length === 0) {
    const best = [...singles, ...combos].filter((c) => c.pairs > 0).sort((a, b) => a.pairs - b.pairs)[0];
    accepted.push(best ? best.rule : { keys: [parts[0]!] });
  }
  return accepted;
}

/** Columns chosen for comparison, and the decisions behind them. */
export interface InferredFields {
  readonly fields: readonly MatchField[];
  readonly columns: readonly ColumnDecision[];
}

/**
 * Chooses which columns to compare and how: from column names such as `email`, `first_name`,
 * `surname`, `dob`, `zip`, `city`, `company`, checked against the values, or from the values alone.
 * Columns that cannot tell people apart (nearly empty, a handful of values, all different) are left out.
 *
 * @throws {@link contactkit!ValidationError} when no column can be compared.
 *
 * @example
 * ```ts
 * const { fields, columns } = inferFields(records, { exclude: ['id'] });
 * columns.map((c) => `${c.column}: ${c.kind ?? 'skipped'} (${c.reason})`);
 * ```
 */
export function inferFields(records: readonly MatchRecord[], options: InferOptions = {}): InferredFields {
  const rng = seededRng(options.seed ?? 1);
  const exclude = new Set(options.exclude ?? []);
  const columnSet = new Set<string>();
  for (let i = 0; i < Math.min(records.length, 1000); i++) {
    for (const key of Object.keys(records[i]!.values)) columnSet.add(key);
  }
  const columns = [...columnSet].filter((c) => !exclude.has(c));
  const sample = sampleIndices(records.length, SAMPLE_VALUES, rng);
  const sampled = new Map<string, string[]>();
  const decisions = columns.map((column) => {
    const values: string[] = [];
    for (const i of sample) {
      const raw = records[i]!.values[column];
      const v = typeof raw === 'string' ? raw.trim() : '';
      if (v.length > 0) values.push(v);
    }
    sampled.set(column, values);
    return decideColumn(column, values, sample.length === 0 ? 0 : values.length / sample.length);
  });
  const { fields, columns: decided } = combineColumns(decisions, sampled);
  if (fields.length === 0) {
    throw new ValidationError({
      field: 'columns',
      value: columns,
      reason: 'no column can be compared (names or values of a name, email, phone, date, address…)',
    });
  }
  return { fields, columns: decided };
}

/**
 * Columns that hold one thing between them become one field that reads the others when its own is
 * empty: a full name for empty first and last names, handles that spell a name (`@mark_lim`) for an
 * empty name, a second phone column (WhatsApp) for an empty phone, a second email column. Comparing them
 * apart would count one agreement twice, and miss a number in one record's phone column that is the
 * other record's WhatsApp.
 */
function combineColumns(
  decisions: readonly ColumnDecision[],
  sampled: ReadonlyMap<string, readonly string[]>,
): InferredFields {
  const out = decisions.map((d) => ({ ...d }));
  const fields: MatchField[] = [];
  const byKind = (kind: FieldKind) => out.filter((d) => d.kind === kind);
  const fillOf = (d: ColumnDecision) => sampled.get(d.column)?.length ?? 0;
  const absorb = (into: string, absorbed: ColumnDecision[], what: string) => {
    for (const d of absorbed) {
      const at = out.indexOf(d as (typeof out)[number]);
      out[at] = { column: d.column, kind: null, reason: `read for ${into} when it is empty (${what})` };
    }
  };
  const spellsNames = (d: ColumnDecision) => {
    const values = sampled.get(d.column) ?? [];
    const named = values.filter((v) => looksLikeHandle(v) && handleAsName(v) !== null).length;
    return values.length > 0 && named / values.length >= 0.2;
  };
  const handleNames = byKind('handle')
    .filter(spellsNames)
    .map((d) => d.column);
  const firsts = byKind('first_name');
  const lasts = byKind('last_name');
  const names = byKind('name');
  const fallbacks = new Map<string, string[]>();
  if (firsts.length === 1 && lasts.length === 1) {
    const full = names.map((d) => d.column);
    fallbacks.set(firsts[0]!.column, [...full, ...handleNames]);
    fallbacks.set(lasts[0]!.column, [...full, ...handleNames]);
    if (names.length > 0) absorb(`${firsts[0]!.column} and ${lasts[0]!.column}`, names, 'a full name');
  } else if (names.length > 0) {
    const main = [...names].sort((a, b) => fillOf(b) - fillOf(a))[0]!;
    fallbacks.set(main.column, handleNames);
  }
  for (const kind of ['phone', 'email'] as const) {
    const group = byKind(kind).sort((a, b) => fillOf(b) - fillOf(a));
    if (group.length < 2) continue;
    fallbacks.set(
      group[0]!.column,
      group.slice(1).map((d) => d.column),
    );
    absorb(group[0]!.column, group.slice(1), `another ${kind} column`);
  }
  for (const d of out) {
    if (d.kind === null) continue;
    const fallback = fallbacks.get(d.column) ?? [];
    fields.push(
      fallback.length > 0 ? { name: d.column, kind: d.kind, fallback } : { name: d.column, kind: d.kind },
    );
  }
  return { fields, columns: out };
}

/**
 * Infers a whole match configuration from the records: the fields ({@link inferFields}) and blocking
 * rules sized to the data ({@link inferBlockingRules}).
 *
 * @throws {@link contactkit!ValidationError} when no column can be compared.
 *
 * @example
 * ```ts
 * const { config } = inferMatchConfig(records, { exclude: ['id'] });
 * config.blocking.length; // a few rules
 * ```
 */
export function inferMatchConfig(
  records: readonly MatchRecord[],
  options: InferOptions = {},
): InferredConfig {
  const { fields, columns } = inferFields(records, options);
  const prepared = prepareRecords(records, fields);
  const blocking = inferBlockingRules(prepared, seededRng(options.seed ?? 1));
  return { config: parseMatchConfig({ fields, blocking }), columns };
}
