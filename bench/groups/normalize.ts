/**
 * Normalization throughput on a realistic mix, each next to a baseline measured in the same run:
 * - phones: national and international formats of ten countries, `00` prefixes, WhatsApp ids (digits
 *   without `+`), extensions; baseline is libphonenumber-js's own `parsePhoneNumber(...).number` on the
 *   same inputs with the same (max) metadata and no contactkit logic.
 * - emails: mixed case, padding, IDN domains, `+tags`, `Name <addr>` and `mailto:` forms; baseline is a
 *   bare `trim().toLowerCase()`.
 */
import { type CountryCode, getExampleNumber, parsePhoneNumberWithError } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { seededRng } from '../../src/dedupe/prng.js';
import { normalizeEmail, normalizePhone } from '../../src/normalize/index.js';
import { type BenchGroup, result, throughput } from '../harness.js';

const COUNTRIES: readonly CountryCode[] = ['US', 'GB', 'DE', 'FR', 'ES', 'IT', 'BR', 'MX', 'IN', 'NG'];
const SIZE = 20_000;

interface PhoneInput {
  readonly text: string;
  readonly defaultCountry: CountryCode;
  /** A WhatsApp id: international digits without the `+`. */
  readonly international: boolean;
}

function phoneInputs(n: number): PhoneInput[] {
  const random = seededRng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const out: PhoneInput[] = [];
  while (out.length < n) {
    const country = pick(COUNTRIES);
    const example = getExampleNumber(country, examples)!;
    // Vary the subscriber part so the parser does not see one number over and over.
    const national = example.nationalNumber as string;
    const tail = String(Math.floor(random() * 10_000)).padStart(4, '0');
    const parsed = parsePhoneNumberWithError(`${national.slice(0, -4)}${tail}`, country);
    const e164 = parsed.number as string;
    const form = random();
    let text: string;
    let international = false;
    if (form < 0.3) text = parsed.formatNational();
    else if (form < 0.55) text = parsed.formatInternational();
    else if (form < 0.65) text = e164;
    else if (form < 0.75) text = `00${e164.slice(1)}`;
    else if (form < 0.9) {
      text = e164.slice(1);
      international = true;
    } else if (form < 0.95) text = `${parsed.formatNational()} ext. ${Math.floor(random() * 900) + 100}`;
    else text = `  ${parsed.formatNational().replace(/\s/g, '-')} `;
    out.push({ text, defaultCountry: country, international });
  }
  return out;
}

const LOCALS = ['ana', 'João.Silva', 'MARIA.GARCIA', 'li.wei', 'o.connor', 'Sven+newsletter', 'k.tanaka+crm'];
const DOMAINS = [
  'Gmail.com',
  'googlemail.com',
  'outlook.com',
  'Bücher.de',
  'münchen.de',
  'exämple.COM',
  'yahoo.co.uk',
];

function emailInputs(n: number): string[] {
  const random = seededRng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const out: string[] = [];
  while (out.length < n) {
    const address = `${pick(LOCALS)}${Math.floor(random() * 1000)}@${pick(DOMAINS)}`;
    const form = random();
    if (form < 0.6) out.push(address);
    else if (form < 0.8) out.push(`  ${address.toUpperCase()} `);
    else if (form < 0.9) out.push(`Ana Lima <${address}>`);
    else out.push(`mailto:${address}`);
  }
  return out;
}

const group: BenchGroup = {
  name: 'normalize',
  async run() {
    const phones = phoneInputs(SIZE);
    const emails = emailInputs(SIZE);
    let rejected = 0;
    for (const p of phones) {
      try {
        normalizePhone(p.text, { defaultCountry: p.defaultCountry, international: p.international });
      } catch {
        rejected++;
      }
    }
    console.error(`  ${SIZE} phones (${COUNTRIES.length} countries), ${rejected} rejected; ${SIZE} emails`);

    let sink = 0;
    const phone = throughput(phones.length, () => {
      for (const p of phones) {
        try {
          sink += normalizePhone(p.text, { defaultCountry: p.defaultCountry, international: p.international })
            .value.length;
        } catch {
          sink++;
        }
      }
    });
    const phoneBaseline = throughput(phones.length, () => {
      for (const p of phones) {
        try {
          const text = p.international ? `+${p.text}` : p.text;
          sink += (parsePhoneNumberWithError(text, p.defaultCountry).number as string).length;
        } catch {
          sink++;
        }
      }
    });
    const email = throughput(emails.length, () => {
      for (const e of emails) sink += normalizeEmail(e).value.length;
    });
    const emailBaseline = throughput(emails.length, () => {
      for (const e of emails) sink += e.trim().toLowerCase().length;
    });
    if (sink === 0) console.error('  (nothing normalized)');
    return [
      result('normalize.phone.per_s', phone, 'per_s', phoneBaseline),
      result('normalize.email.per_s', email, 'per_s', emailBaseline),
    ];
  },
};

export default group;
