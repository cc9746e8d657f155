import { ValidationError } from '../errors/errors.js';
import { normalizeText } from './text.js';

/** An email address normalized to the form identities are keyed on. */
export interface NormalizedEmail {
  /** `local@domain`: trimmed, NFC, lower case, the domain in punycode (ASCII). */
  readonly value: string;
  readonly local: string;
  readonly domain: string;
  /** The input as received. */
  readonly raw: string;
}

const LOCAL_ALLOWED = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+$/u;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function fail(raw: string, reason: string, field: string): never {
  throw new ValidationError({ field, value: raw, reason });
}

/** Converts an internationalized domain to punycode with the platform's WHATWG URL parser (no I/O). */
function toAsciiDomain(domain: string): string | undefined {
  if (/^[\x21-\x7e]+$/.test(domain)) return domain.toLowerCase();
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Normalizes an email address: trim, NFC, lower case, punycode the domain. Idempotent.
 *
 * @param input - the address as received (`" Ana@Exämple.COM "`, `"mailto:ana@x.com"`, `"Ana <ana@x.com>"`).
 * @param field - the field name used in errors (default `email`).
 * @returns the normalized address and its parts.
 * @throws {@link contactkit!ValidationError} when it is not an address, naming the field, the value and the reason.
 *
 * @example
 * ```ts
 * normalizeEmail(' Ana@Bücher.DE ').value // "ana@xn--bcher-kva.de"
 * ```
 */
export function normalizeEmail(input: string, field = 'email'): NormalizedEmail {
  const raw = input;
  let s = normalizeText(input);
  // "Ana Lima <ana@x.com>" as pasted from a mail client.
  const angle = /<([^<>]+)>\s*$/.exec(s);
  if (angle) s = angle[1]!.trim();
  if (s.toLowerCase().startsWith('mailto:')) s = s.slice(7);
  s = s.toLowerCase();
  if (s.length === 0) fail(raw, 'empty', field);
  const at = s.lastIndexOf('@');
  if (at < 0) fail(raw, 'missing @', field);
  const local = s.slice(0, at);
  const unicodeDomain = s.slice(at + 1).replace(/\.$/, '');
  if (local.length === 0) fail(raw, 'nothing before @', field);
  if (local.length > 64) fail(raw, 'the part before @ is longer than 64 characters', field);
  if (!LOCAL_ALLOWED.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    fail(raw, 'the part before @ has characters an address cannot have', field);
  }
  if (unicodeDomain.length === 0) fail(raw, 'nothing after @', field);
  const domain = toAsciiDomain(unicodeDomain);
  if (domain === undefined) fail(raw, 'the domain is not a valid host name', field);
  const labels = domain.split('.');
  if (labels.length < 2) fail(raw, 'the domain has no dot', field);
  if (!labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!)) {
    fail(raw, 'the domain is not a valid host name', field);
  }
  const value = `${local}@${domain}`;
  if (value.length > 254) fail(raw, 'longer than 254 characters', field);
  return { value, local, domain, raw };
}

// Providers that ignore dots in the local part and route `+tag` to the same mailbox.
const DOTLESS_DOMAINS = new Set(['gmail.com', 'googlemail.com']);
const DOMAIN_ALIASES = new Map([['googlemail.com', 'gmail.com']]);

/**
 * The provider-folded form of a normalized email: Gmail dots removed, `+tags` dropped,
 * `googlemail.com` → `gmail.com`. For suggesting duplicates only, never as a unique key, since two
 * people can legitimately differ only there on other providers.
 *
 * @example
 * ```ts
 * emailMatchKey('a.n.a+news@googlemail.com') // "ana@gmail.com"
 * ```
 */
export function emailMatchKey(normalized: string): string {
  const at = normalized.lastIndexOf('@');
  if (at < 0) return normalized;
  let local = normalized.slice(0, at);
  let domain = normalized.slice(at + 1);
  domain = DOMAIN_ALIASES.get(domain) ?? domain;
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (DOTLESS_DOMAINS.has(domain)) local = local.replaceAll('.', '');
  return `${local}@${domain}`;
}
