import { ValidationError } from '../errors/errors.js';
import type { EventIdentities } from '../model/chat-event.js';
import { type IdentityKey, identityKeyString } from '../model/identity.js';
import type { WorkspaceConfig } from '../model/workspace-config.js';
import { setBounded } from '../normalize/bounded-cache.js';
import { normalizeEmail } from '../normalize/email.js';
import { normalizePhone } from '../normalize/phone.js';
import { normalizeText } from '../normalize/text.js';
import { isBlocked } from './blocked.js';

/** An identity an event claims, normalized and ready to match on. */
export interface IdentityClaim {
  readonly type: string;
  /** Normalized value: the key. */
  readonly value: string;
  /**
   * `identityKeyString` of the claim, built once: a batch looks each claim up by it several times,
   * and one string hashes once where a string built for every look-up hashes again each time.
   */
  readonly key: string;
  readonly raw: string;
  readonly extension?: string;
  /** The channel the event came through (or `whatsapp` for a WhatsApp id). */
  readonly sourceChannel: string;
  /** The host vouched for it (an identify call). */
  readonly verified: boolean;
}

/** An identity the event carried that is not matched on, and why. Reported, never silently dropped. */
export interface IgnoredIdentity {
  readonly type: string;
  readonly raw: string;
  readonly reason: string;
}

/** Options for {@link extractClaims}. */
export interface ExtractClaimsOptions {
  /** The channel the event came through. */
  readonly channel: string;
  /** The record's own country for phone numbers; the workspace's default applies after it. */
  readonly country?: string | undefined;
  /** The host vouched for these identities. */
  readonly verified?: boolean;
  /**
   * A cache of normalized values the caller keeps between calls (normalizing phones is the costly
   * part of intake, and returning visitors send the same raw values). Results are the same with or
   * without it.
   */
  readonly cache?: Map<string, NormalizedValue | string>;
}

/** A normalized identity value, or (as a string) the reason it was refused. */
export interface NormalizedValue {
  readonly type: string;
  readonly value: string;
  readonly extension?: string;
  readonly sourceChannel?: string;
}

// Big enough for the returning visitors of a busy hour; small enough (about 10 MB) not to weigh on imports,
// where every value is new.
const CACHE_LIMIT = 50_000;

/** Result of {@link extractClaims}: claims to match on, and what was left out. */
export interface ExtractedClaims {
  readonly claims: IdentityClaim[];
  readonly ignored: IgnoredIdentity[];
}

/** Whether `list` holds the identity `key` names (a contact holds a few: a scan beats a set of keys). */
export function holdsIdentity(list: readonly IdentityKey[], key: IdentityKey): boolean {
  for (const i of list) if (i.value === key.value && i.type === key.type) return true;
  return false;
}

/** Channel-id types whose values are phone numbers; they become `phone` identities. */
const PHONE_CHANNELS = new Set(['whatsapp', 'sms']);

/**
 * Normalizes the identities an event carries into claims, ranked by the workspace's priority. Blocked
 * values (`null`, all zeros, `test@test.com`, the workspace's list) and values that fail normalization
 * are returned in `ignored` with the reason. WhatsApp ids become `phone` claims, so the same number on
 * WhatsApp and on the web widget is one identity. Pure.
 *
 * @example
 * ```ts
 * extractClaims({ email: ' Ana@X.com ', whatsapp: '14155552671' }, DEFAULT_WORKSPACE_CONFIG, { channel: 'whatsapp' })
 * // claims: email ana@x.com, phone +14155552671
 * ```
 */
export function extractClaims(
  identities: EventIdentities,
  config: WorkspaceConfig,
  options: ExtractClaimsOptions,
): ExtractedClaims {
  const claims: IdentityClaim[] = [];
  const ignored: IgnoredIdentity[] = [];
  const country = options.country ?? config.defaultCountry;
  const channel = options.channel;
  const verified = options.verified ?? false;
  const take = (type: string, raw: string) => {
    const normalized = normalizeCached(type, raw, country, options.cache);
    if (typeof normalized === 'string') {
      ignored.push({ type, raw, reason: normalized });
      return;
    }
    if (isBlocked(normalized.type, normalized.value, config.identity)) {
      ignored.push({ type, raw, reason: 'blocked value: never matched on' });
      return;
    }
    // An event names few identities: a scan finds a repeat faster than a set would.
    if (holdsIdentity(claims, normalized)) return;
    claims.push({
      sourceChannel: normalized.sourceChannel ?? channel,
      verified,
      type: normalized.type,
      value: normalized.value,
      key: identityKeyString(normalized),
      ...(normalized.extension !== undefined ? { extension: normalized.extension } : {}),
      raw,
    });
  };
  for (const type in identities) {
    const raw = identities[type as keyof EventIdentities];
    if (type === 'custom' || raw === undefined) continue;
    take(type, raw as string);
  }
  const custom = identities.custom;
  if (custom) for (const type in custom) take(type, custom[type]!);
  if (claims.length > 1) {
    const rank = rankOf(config.identity.priority);
    claims.sort(
      (a, b) => rank(a.type) - rank(b.type) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
    );
  }
  return { claims, ignored };
}

function normalizeCached(
  type: string,
  raw: string,
  country: string | undefined,
  cache: Map<string, NormalizedValue | string> | undefined,
): NormalizedValue | string {
  // Only phones are worth a cache entry: the other types normalize in less time than a lookup's key
  // takes to build, and caching them would evict the phones (imports bring a new value every row).
  if (!cache || !isPhoneType(type)) return normalizeOrReason(type, raw, country);
  const key = cacheKey(type, raw, country);
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = normalizeOrReason(type, raw, country);
    setBounded(cache, CACHE_LIMIT, key, hit);
  }
  return hit;
}

const cacheKey = (type: string, raw: string, country: string | undefined) =>
  `${type}\u0000${country ?? ''}\u0000${raw}`;

/**
 * Records in a claims cache what normalizing `raw` gives, for a caller that has normalized it already
 * with the same functions: the import service, whose rows' phones are E.164 by the time intake sees
 * them (normalizePhone is idempotent on its value). Only phones are cached, as in {@link extractClaims}.
 */
export function rememberNormalized(
  cache: Map<string, NormalizedValue | string>,
  type: string,
  raw: string,
  country: string | undefined,
  normalized: NormalizedValue,
): void {
  if (isPhoneType(type)) setBounded(cache, CACHE_LIMIT, cacheKey(type, raw, country), normalized);
}

const isPhoneType = (type: string) => type === 'phone' || PHONE_CHANNELS.has(type);

function normalizeOrReason(type: string, raw: string, country: string | undefined): NormalizedValue | string {
  try {
    return normalizeValue(type, raw, country);
  } catch (error) {
    if (error instanceof ValidationError) return error.reason;
    throw error;
  }
}

function normalizeValue(type: string, raw: string, country: string | undefined): NormalizedValue {
  const field = `identities.${type}`;
  if (type === 'email') return { type, value: normalizeEmail(raw, field).value };
  if (isPhoneType(type)) {
    const phone = normalizePhone(raw, { defaultCountry: country, field, international: type !== 'phone' });
    return {
      type: 'phone',
      value: phone.value,
      ...(phone.extension ? { extension: phone.extension } : {}),
      ...(type !== 'phone' ? { sourceChannel: type } : {}),
    };
  }
  const value = normalizeText(raw);
  if (value.length === 0) throw new ValidationError({ field, value: raw, reason: 'empty' });
  if (value.length > 512)
    throw new ValidationError({ field, value: raw, reason: 'longer than 512 characters' });
  return { type, value };
}

/**
 * Ranks identity types by a priority list: listed types in their order, then the rest alphabetically
 * (after every listed one). Lower is stronger.
 */
export function rankOf(priority: readonly string[]): (type: string) => number {
  let rank = ranks.get(priority);
  if (!rank) {
    const index = new Map(priority.map((t, i) => [t, i]));
    rank = (type) => index.get(type) ?? priority.length;
    ranks.set(priority, rank);
  }
  return rank;
}

// A workspace's priority list is parsed once and reused for every event, so ranking functions are
// built once per list rather than once per event.
const ranks = new WeakMap<readonly string[], (type: string) => number>();
