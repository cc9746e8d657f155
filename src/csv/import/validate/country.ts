import { getCountries } from 'libphonenumber-js/max';
import { foldText } from '../../../normalize/text.js';

const LOCALES = ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'pl', 'sv'] as const;

// Names people write that Intl.DisplayNames does not give, and ISO alpha-3 codes of common countries.
const ALIASES: Readonly<Record<string, string>> = {
  usa: 'US',
  'u s a': 'US',
  'u s': 'US',
  us: 'US',
  america: 'US',
  'united states of america': 'US',
  uk: 'GB',
  'u k': 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  britain: 'GB',
  holland: 'NL',
  'the netherlands': 'NL',
  uae: 'AE',
  'south korea': 'KR',
  korea: 'KR',
  'czech republic': 'CZ',
  russia: 'RU',
  'ivory coast': 'CI',
  deu: 'DE',
  gbr: 'GB',
  fra: 'FR',
  esp: 'ES',
  ita: 'IT',
  nld: 'NL',
  bel: 'BE',
  che: 'CH',
  aut: 'AT',
  prt: 'PT',
  bra: 'BR',
  mex: 'MX',
  can: 'CA',
  aus: 'AU',
  nzl: 'NZ',
  irl: 'IE',
  swe: 'SE',
  nor: 'NO',
  dnk: 'DK',
  fin: 'FI',
  pol: 'PL',
  ind: 'IN',
  chn: 'CN',
  jpn: 'JP',
  arg: 'AR',
  col: 'CO',
  chl: 'CL',
  zaf: 'ZA',
  are: 'AE',
  sgp: 'SG',
  tur: 'TR',
  isr: 'IL',
};

let byName: Map<string, string> | undefined;
let codes: ReadonlySet<string> | undefined;

/** Built on first use from the platform's country names in several languages: no data file to ship. */
function names(): Map<string, string> {
  if (byName) return byName;
  byName = new Map(Object.entries(ALIASES));
  for (const locale of LOCALES) {
    const display = new Intl.DisplayNames([locale], { type: 'region' });
    for (const code of getCountries()) {
      const name = display.of(code);
      if (name && name !== code) {
        const key = foldText(name)
          .replace(/[^a-z0-9]+/g, ' ')
          .trim();
        if (!byName.has(key)) byName.set(key, code);
      }
    }
  }
  return byName;
}

/**
 * The ISO 3166-1 alpha-2 code of a country written as a code (`"de"`, `"DEU"`) or a name in English,
 * German, French, Spanish, Portuguese, Italian, Dutch, Polish or Swedish (`"United States"`,
 * `"Deutschland"`, `"Brasil"`). Undefined when it is not recognised.
 *
 * @example
 * ```ts
 * countryCode('Deutschland') // "DE"
 * countryCode('United States') // "US"
 * ```
 */
export function countryCode(input: string): string | undefined {
  const trimmed = input.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const code = trimmed.toUpperCase();
    if (code === 'UK') return 'GB';
    codes ??= new Set(getCountries());
    return codes.has(code) ? code : undefined;
  }
  const key = foldText(trimmed)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return key === '' ? undefined : names().get(key);
}
