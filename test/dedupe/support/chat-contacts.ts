import { type Rng, randomInt, seededRng } from '../../../src/dedupe/prng.js';
import { emailMatchKey } from '../../../src/normalize/email.js';
import {
  capitalize,
  digits,
  FIRST_NAMES,
  LAST_NAMES,
  NICKNAMES,
  pick,
  pickLastName,
  pickSkewed,
  shuffle,
  typo,
} from './names.js';

/**
 * A chat product's contact list with known duplicates: web-chat visitors, Telegram, Messenger and
 * WhatsApp contacts, form leads, CRM and Mailchimp imports, each source filling the fields it has, in its
 * own way. The truth (`person`) is kept beside the rows and never inside a field: emails, handles, ids
 * and visitor numbers are random, not numbered by person.
 */

/** Where a record came from, which decides what it knows and how it wrote it. */
export const CHAT_SOURCES = [
  'web_chat',
  'telegram',
  'messenger',
  'whatsapp',
  'lead_form',
  'crm_import',
  'mailchimp',
] as const;
export type ChatSource = (typeof CHAT_SOURCES)[number];

/** The columns of the list as a CSV export has them, `id` first. */
export const CHAT_COLUMNS = [
  'id',
  'source',
  'created_at',
  'name',
  'first_name',
  'last_name',
  'email',
  'phone',
  'whatsapp',
  'telegram',
  'messenger_id',
  'company',
  'city',
] as const;
export type ChatColumn = (typeof CHAT_COLUMNS)[number];

/** One row of the list, and (beside it, never in it) the person it belongs to. */
export type ChatContact = Readonly<Record<ChatColumn, string>> & {
  /** Ground truth: rows of one person share it. Never shown to the matcher. */
  readonly person: number;
};

/** Options of {@link generateChatContacts}. */
export interface ChatContactsOptions {
  /** Rows to generate. */
  readonly count: number;
  readonly seed: number;
  /**
   * How empty the list is, from 0 to 1: the chance that a field a source could fill is left empty.
   * A row always keeps one thing to tell who it is (a name, an email, a phone or a handle).
   */
  readonly sparsity: number;
  /** Share of rows that are extra rows of people already present (default 0.3). */
  readonly duplicateShare?: number;
  /**
   * Draw names from 20 given and 20 family names only, evenly (default false): the low-cardinality
   * case, where every name is shared by thousands of people and name blocks are huge.
   */
  readonly fewNames?: boolean;
}

interface Person {
  readonly first: string;
  readonly last: string;
  readonly email: string;
  readonly workEmail: string | null;
  /** Country calling code and national significant number. */
  readonly phone: { readonly cc: string; readonly nsn: string; readonly trunk: boolean };
  readonly telegram: string;
  readonly messengerId: string;
  readonly company: string | null;
  readonly city: string;
}

const FREEMAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'proton.me'];
const TYPO_DOMAINS: Readonly<Record<string, readonly string[]>> = {
  'gmail.com': ['gmail.co', 'gmial.com', 'gmail.con', 'gmai.com'],
  'yahoo.com': ['yahoo.co', 'yaho.com'],
  'outlook.com': ['outlok.com', 'outlook.co'],
  'hotmail.com': ['hotmial.com', 'hotmail.co', 'hotmai.com'],
  'icloud.com': ['icloud.co', 'iclod.com'],
  'proton.me': ['proton.m', 'protn.me'],
};
const COMPANY_WORDS = (
  'acme globex initech umbrella stark wayne hooli vandelay soylent tyrell cyberdyne wonka gringotts ' +
  'oscorp monarch aperture blackmesa massive dynamic northwind contoso fabrikam litware adatum tailspin ' +
  'wingtip proseware lucerne fourth coffee alpine skyline harbor summit cedar maple willow orchid lotus ' +
  'falcon eagle phoenix atlas zenith apex vertex pinnacle nimbus aurora'
).split(' ');
const COMPANY_SUFFIX = ['Ltd', 'Inc', 'LLC', 'GmbH', 'Group', 'Labs', 'Studio', 'Co', 'Partners', ''];
const CITIES = [
  'London',
  'Manchester',
  'Birmingham',
  'Leeds',
  'Glasgow',
  'Bristol',
  'Liverpool',
  'Edinburgh',
  'Cardiff',
  'Belfast',
  'New York',
  'Chicago',
  'Austin',
  'Boston',
  'Seattle',
  'Denver',
  'Miami',
  'Madrid',
  'Barcelona',
  'Lisbon',
  'Porto',
  'Berlin',
  'Munich',
  'Paris',
  'Lyon',
  'Milan',
  'Rome',
  'Singapore',
  'Jakarta',
  'Manila',
  'Lagos',
  'Nairobi',
  'Accra',
  'Mumbai',
  'Delhi',
  'Bangalore',
  'São Paulo',
  'Mexico City',
];
/** Countries a number may come from: calling code, national number length, whether it has a trunk 0. */
const COUNTRIES = [
  { cc: '44', length: 10, lead: '7', trunk: true, weight: 4 },
  { cc: '1', length: 10, lead: '', trunk: false, weight: 3 },
  { cc: '49', length: 11, lead: '15', trunk: true, weight: 1 },
  { cc: '34', length: 9, lead: '6', trunk: false, weight: 1 },
  { cc: '91', length: 10, lead: '9', trunk: true, weight: 1 },
  { cc: '234', length: 10, lead: '80', trunk: true, weight: 1 },
  { cc: '65', length: 8, lead: '9', trunk: false, weight: 1 },
];
const PLACEHOLDERS = ['Guest', 'Unknown', 'Customer', 'Website visitor', 'Anonymous', 'User', 'Lead', 'N/A'];

function weighted<T extends { weight: number }>(rng: Rng, list: readonly T[]): T {
  let r = rng() * list.reduce((s, x) => s + x.weight, 0);
  for (const x of list) {
    r -= x.weight;
    if (r < 0) return x;
  }
  return list.at(-1)!;
}

/**
 * A value not yet taken by another person (identifiers are personal), tried until free; `key` says
 * when two values are the same (Gmail reads "ana.lima" and "analima" as one mailbox).
 */
function unique(
  taken: Set<string>,
  make: (tries: number) => string,
  key: (v: string) => string = (v) => v,
): string {
  for (let tries = 0; ; tries++) {
    const value = make(tries);
    if (!taken.has(key(value))) {
      taken.add(key(value));
      return value;
    }
  }
}

/** A number to tell two people's handles apart: wider the more tries a free one has taken. */
const tail = (rng: Rng, tries: number, width: number) =>
  String(randomInt(rng, width * 10 ** Math.floor(tries / 5)));

function makePerson(rng: Rng, taken: Set<string>, fewNames: boolean): Person {
  const first = fewNames ? pick(rng, FIRST_NAMES.slice(0, 20)) : pickSkewed(rng, FIRST_NAMES);
  const last = fewNames ? pick(rng, LAST_NAMES.slice(0, 20)) : pickLastName(rng);
  const email = unique(
    taken,
    (tries) => {
      const n =
        randomInt(rng, 4) === 0 && tries === 0
          ? ''
          : tail(rng, tries, randomInt(rng, 2) === 0 ? 100 : 10_000);
      const local = pick(rng, [
        `${first}.${last}`,
        `${first}${last}`,
        `${first[0]}${last}`,
        `${first}_${last[0]}`,
        `${last}.${first}`,
        `${first}`,
      ]);
      return `${local}${n}@${pick(rng, FREEMAIL)}`;
    },
    emailMatchKey,
  );
  const company =
    rng() < 0.45
      ? `${capitalize(pick(rng, COMPANY_WORDS))} ${capitalize(pick(rng, COMPANY_WORDS))} ${pick(rng, COMPANY_SUFFIX)}`.trim()
      : null;
  const workEmail =
    company !== null && rng() < 0.6
      ? unique(
          taken,
          (tries) =>
            `${pick(rng, [`${first}.${last}`, `${first[0]}${last}`, first])}${tries > 2 ? tail(rng, tries, 10) : ''}@${company.toLowerCase().split(' ').slice(0, 2).join('')}.com`,
          emailMatchKey,
        )
      : null;
  const country = weighted(rng, COUNTRIES);
  const nsn = unique(taken, () => country.lead + digits(rng, country.length - country.lead.length));
  // A bot sees the username when there is one, else the numeric user id.
  const telegram =
    rng() < 0.6
      ? unique(taken, (tries) =>
          pick(rng, [
            `${first}_${last}`,
            `${first}${last}`,
            `${first}.${last[0]}`,
            `${first}${tail(rng, tries, 1000)}`,
            `${last}_${first}${tail(rng, tries, 100)}`,
          ]),
        )
      : unique(taken, () => digits(rng, 9 + randomInt(rng, 2)));
  return {
    first,
    last,
    email,
    workEmail,
    phone: { cc: country.cc, nsn, trunk: country.trunk },
    telegram,
    messengerId: unique(taken, () => digits(rng, 16)),
    company,
    city: pickSkewed(rng, CITIES, 1.2),
  };
}

/** The number as someone typed it: international (+44, 0044, 44…) or national (07…), spaced or not. */
function writePhone(rng: Rng, phone: Person['phone']): string {
  const { cc, nsn, trunk } = phone;
  const spaced = rng() < 0.5 ? `${nsn.slice(0, 4)} ${nsn.slice(4)}` : nsn;
  switch (randomInt(rng, 6)) {
    case 0:
      return `+${cc} ${spaced}`;
    case 1:
      return `00 ${cc} ${spaced}`;
    case 2:
      return `+${cc}${nsn}`;
    case 3:
      return `${cc}${nsn}`;
    default:
      return trunk
        ? `0${spaced}`
        : cc === '1'
          ? `(${nsn.slice(0, 3)}) ${nsn.slice(3, 6)}-${nsn.slice(6)}`
          : spaced;
  }
}

/** An email as a record carries it: case, Gmail dots and +tags, googlemail, a typo'd domain, a typo. */
function writeEmail(rng: Rng, email: string): string {
  const at = email.indexOf('@');
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  const r = rng();
  if (domain === 'gmail.com' && r < 0.15) domain = 'googlemail.com';
  else if (domain === 'gmail.com' && r < 0.25) local = local.replaceAll('.', '');
  else if (domain === 'gmail.com' && r < 0.32) local = `${local}+${pick(rng, ['shop', 'news', 'promo'])}`;
  else if (r < 0.36) domain = pick(rng, TYPO_DOMAINS[domain] ?? [domain]);
  else if (r < 0.39) local = typo(rng, local);
  const written = `${local}@${domain}`;
  return rng() < 0.15 ? written.toUpperCase() : rng() < 0.2 ? capitalize(written) : written;
}

/** A first name as a record carries it: the name, a nickname, a typo. */
function writeFirst(rng: Rng, first: string): string {
  const r = rng();
  const nick = NICKNAMES[first];
  if (nick && r < 0.3) return pick(rng, nick);
  if (r < 0.38) return typo(rng, first);
  return first;
}

function writeLast(rng: Rng, last: string): string {
  return rng() < 0.12 ? typo(rng, last) : last;
}

/** A full name as someone typed it: cased or not, reordered, shortened ("Mark L."), or first only. */
function writeName(rng: Rng, p: Person): string {
  const first = writeFirst(rng, p.first);
  const last = writeLast(rng, p.last);
  const r = rng();
  const name =
    r < 0.55
      ? `${first} ${last}`
      : r < 0.65
        ? `${last} ${first}`
        : r < 0.75
          ? `${first} ${last[0]}.`
          : r < 0.95
            ? first
            : `${first[0]}. ${last}`;
  return rng() < 0.35 ? name : capitalize(name);
}

function placeholder(rng: Rng, email: string): string {
  const r = rng();
  if (r < 0.6) return `Visitor ${digits(rng, 5)}`;
  if (r < 0.8 && email.length > 0) return email.slice(0, email.indexOf('@'));
  return pick(rng, PLACEHOLDERS);
}

type Row = Record<ChatColumn, string>;

function emptyRow(source: ChatSource, createdAt: string): Row {
  const row = Object.fromEntries(CHAT_COLUMNS.map((c) => [c, ''])) as Row;
  row.source = source;
  row.created_at = createdAt;
  return row;
}

/**
 * One row of a person from a source: the identifier that source always has (an email for web chat and
 * Mailchimp, the number for WhatsApp, the handle or page-scoped id for Telegram and Messenger), and the
 * rest each kept with its usual chance times 1 − sparsity.
 */
function rowOf(rng: Rng, p: Person, source: ChatSource, sparsity: number, createdAt: string): Row {
  const has = (chance: number) => rng() < chance * (1 - sparsity);
  const row = emptyRow(source, createdAt);
  const email = () => writeEmail(rng, p.workEmail !== null && rng() < 0.15 ? p.workEmail : p.email);
  const phone = () => writePhone(rng, p.phone);
  switch (source) {
    case 'web_chat': {
      if (rng() < 0.9) row.email = email();
      row.name = has(0.7) ? writeName(rng, p) : placeholder(rng, row.email);
      if (has(0.7)) row.phone = phone();
      break;
    }
    case 'telegram': {
      row.telegram = /^\d+$/.test(p.telegram) || rng() < 0.5 ? p.telegram : `@${p.telegram}`;
      row.name = rng() < 0.6 ? capitalize(writeFirst(rng, p.first)) : writeName(rng, p);
      if (has(0.8)) row.phone = phone();
      if (has(0.8)) row.email = email();
      break;
    }
    case 'messenger': {
      row.messenger_id = p.messengerId;
      row.name = rng() < 0.7 ? capitalize(`${p.first} ${p.last}`) : capitalize(writeFirst(rng, p.first));
      if (has(0.9)) row.email = email();
      if (has(0.6)) row.phone = phone();
      break;
    }
    case 'whatsapp': {
      row.whatsapp = phone();
      if (has(0.9)) row.name = rng() < 0.5 ? writeFirst(rng, p.first) : writeName(rng, p);
      if (has(0.8)) row.email = email();
      break;
    }
    case 'lead_form': {
      row.name = writeName(rng, p);
      if (rng() < 0.95) row.email = email();
      if (has(0.8)) row.phone = phone();
      if (has(0.9) && p.company !== null) row.company = p.company;
      if (has(0.7)) row.city = capitalize(p.city);
      break;
    }
    case 'crm_import': {
      if (has(0.9)) row.first_name = capitalize(writeFirst(rng, p.first));
      row.last_name = capitalize(writeLast(rng, p.last));
      if (rng() < 0.5 || has(0.8)) row.email = email();
      if (has(0.8)) row.phone = phone();
      if (has(0.9) && p.company !== null) row.company = rng() < 0.2 ? p.company.toUpperCase() : p.company;
      if (has(0.8)) row.city = capitalize(rng() < 0.1 ? typo(rng, p.city) : p.city);
      break;
    }
    case 'mailchimp': {
      row.email = email();
      if (has(0.8)) row.first_name = capitalize(writeFirst(rng, p.first));
      if (has(0.6)) row.last_name = capitalize(p.last);
      break;
    }
  }
  // A row with no identifier at all is a visitor no one could find again: such a row keeps its email.
  const ids = [row.email, row.phone, row.whatsapp, row.telegram, row.messenger_id];
  if (ids.every((v) => v.length === 0)) row.email = email();
  return row;
}

const SOURCE_WEIGHTS: readonly { source: ChatSource; weight: number }[] = [
  { source: 'web_chat', weight: 5 },
  { source: 'telegram', weight: 2 },
  { source: 'messenger', weight: 2 },
  { source: 'whatsapp', weight: 3 },
  { source: 'lead_form', weight: 3 },
  { source: 'crm_import', weight: 2 },
  { source: 'mailchimp', weight: 2 },
].map(({ source, weight }) => ({ source: source as ChatSource, weight }));

/**
 * Generates a chat product's contact list with known duplicates: most people have one row, some two to
 * six, from different sources, each written its own way. Seeded: the same options give the same rows.
 * Also mixes in what makes such lists hard: common names shared by different people, colleagues at one
 * company, and a few families sharing one phone.
 *
 * @example
 * ```ts
 * const rows = generateChatContacts({ count: 10_000, seed: 1, sparsity: 0.5 });
 * rows[0]; // { id: 'r0', source: 'whatsapp', whatsapp: '+44 7911 123456', name: 'mark', …, person: 17 }
 * ```
 */
export function generateChatContacts(options: ChatContactsOptions): ChatContact[] {
  const rng = seededRng(options.seed);
  const duplicateShare = options.duplicateShare ?? 0.3;
  const taken = new Set<string>();
  const people: Person[] = [];
  const rows: { row: Row; person: number }[] = [];
  const start = Date.UTC(2024, 0, 1);
  const createdAt = () => new Date(start + randomInt(rng, 700 * 86_400_000)).toISOString();
  const originals = Math.max(1, Math.round(options.count * (1 - duplicateShare)));
  for (let i = 0; i < originals; i++) {
    let person = makePerson(rng, taken, options.fewNames ?? false);
    // A few households share a phone, and colleagues a company: different people who look alike.
    if (i > 0 && rng() < 0.02) {
      const relative = people[randomInt(rng, people.length)]!;
      person = { ...person, last: relative.last, phone: relative.phone, city: relative.city };
    }
    people.push(person);
    rows.push({
      row: rowOf(rng, person, weighted(rng, SOURCE_WEIGHTS).source, options.sparsity, createdAt()),
      person: i,
    });
  }
  while (rows.length < options.count) {
    // Zipf-like: a few people have many rows.
    const person = Math.floor(originals * rng() ** 1.3);
    const row = rowOf(
      rng,
      people[person]!,
      weighted(rng, SOURCE_WEIGHTS).source,
      options.sparsity,
      createdAt(),
    );
    rows.push({ row, person });
  }
  return shuffle(rng, rows).map(({ row, person }, i) => ({ ...row, id: `r${i}`, person }));
}

/** The rows as the dedupe engine takes them: every column but the id and the truth. */
export function chatMatchRecords(rows: readonly ChatContact[]) {
  return rows.map((r) => {
    const values: Record<string, string> = {};
    for (const column of CHAT_COLUMNS) if (column !== 'id') values[column] = r[column];
    return { id: r.id, values };
  });
}
