import { CHATWOOT } from './chatwoot.js';
import { CONTACTKIT } from './contactkit.js';
import { HUBSPOT } from './hubspot.js';
import { INTERCOM } from './intercom.js';
import { KLAVIYO } from './klaviyo.js';
import { MAILCHIMP } from './mailchimp.js';
import type { CsvPreset, PresetName } from './preset.js';
import { SHOPIFY } from './shopify.js';

export { type CsvPreset, PRESET_NAMES, type PresetName } from './preset.js';
export { CHATWOOT, CONTACTKIT, HUBSPOT, INTERCOM, KLAVIYO, MAILCHIMP, SHOPIFY };

/** Every import preset, in the order ties are broken. */
export const PRESETS: readonly CsvPreset[] = [
  MAILCHIMP,
  KLAVIYO,
  HUBSPOT,
  SHOPIFY,
  INTERCOM,
  CHATWOOT,
  CONTACTKIT,
];

/** The preset a header set was recognised as, and the others that fit as well. */
export interface PresetMatch {
  readonly preset: CsvPreset;
  /** Signature headers present plus known headers present, as a share of the file's headers. */
  readonly score: number;
  /** Presets that scored the same: pass `preset` explicitly to choose (e.g. Intercom vs Chatwoot). */
  readonly ambiguousWith: readonly PresetName[];
}

const key = (h: string): string => h.trim().toLowerCase();

/**
 * Recognises which tool wrote a file from its headers: every required header must be present, then the
 * preset with the most signature headers wins (known headers break ties). Undefined when none fits.
 *
 * @example
 * ```ts
 * detectPreset(['Email Address', 'First Name', 'MEMBER_RATING', 'OPTIN_TIME'])?.preset.name // "mailchimp"
 * ```
 */
export function detectPreset(header: readonly string[]): PresetMatch | undefined {
  const present = new Set(header.map(key));
  const scored: Array<{ preset: CsvPreset; signature: number; known: number }> = [];
  for (const preset of PRESETS) {
    if (!preset.requires.every((h) => present.has(key(h)))) continue;
    const signature = preset.signature.filter((h) => present.has(key(h))).length;
    const known = Object.keys(preset.columns).filter((h) => present.has(key(h))).length;
    // Without a signature header, a generic Email/Name file must not be labelled as some tool's export.
    if (signature === 0 && !(preset.requires.length >= 2 && known >= 3)) continue;
    scored.push({ preset, signature, known });
  }
  if (scored.length === 0) return undefined;
  scored.sort((a, b) => b.signature - a.signature || b.known - a.known);
  const best = scored[0]!;
  const ambiguousWith = scored
    .slice(1)
    .filter((s) => s.signature === best.signature && s.known === best.known)
    .map((s) => s.preset.name);
  return {
    preset: best.preset,
    score: (best.signature + best.known) / Math.max(1, header.length),
    ambiguousWith,
  };
}

/**
 * A preset by name.
 *
 * @example
 * ```ts
 * presetByName('shopify').columns['Customer ID'] // "identity.shopify_customer"
 * ```
 */
export function presetByName(name: PresetName): CsvPreset {
  return PRESETS.find((p) => p.name === name)!;
}
