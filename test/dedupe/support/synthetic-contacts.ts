import { type Rng, randomInt, seededRng } from '../../../src/dedupe/prng.js';
import { emailMatchKey } from '../../../src/normalize/email.js';
import { capitalize, FIRST_NAMES, LAST_NAMES, NICKNAMES, pick, pickSkewed, shuffle, typo } from './names.js';

/** A generated contact row and the person it belongs to. */
export interface SyntheticContact {
  readonly id: string;
  /** Ground truth: records of one person share it. Never shown to the matcher. */
  readonly person: number;
  readonly first_name: string;
  readonly last_name: string;
  readonly email: string;
  readonly phone: string;
  readonly city: string;
}

export const SYNTHETIC_COLUMNS = ['id', 'first_name', 'last_name', 'email', 'phone', 'city'] as const;

/** Generated contacts as the dedupe engine takes them: every field but the ground truth. */
export function toDedupeRecords(contacts: readonly SyntheticContact[]) {
  return contacts.map((c) => ({
    id: c.id,
    values: {
      first_name: c.first_name,
      last_name: c.last_name,
      email: c.email,
      phone: c.phone,
      city: c.city,
    },
  }));
}

const DOMAINS = [
  'gmail.com',
  'yahoo.com',
  'outlook.com',
  'hotmail.com',
  'icloud.com',
  'proton.me',
  'aol.com',
];
const CITIES = (
  'springfield riverside franklin greenville bristol clinton fairview salem madison georgetown arlington ' +
  'ashland burlington manchester milton oxford newport dover hudson kingston marion jackson lexington ' +
  'auburn dayton winchester chester lancaster'
).split(' ');

function formatPhone(rng: Rng, digits: string): string {
  const a = digits.slice(0, 3);
  const b = digits.slice(3, 6);
  const c = digits.slice(6);
  switch (randomInt(rng, 5)) {
    case 0:
      return `+1 ${a} ${b} ${c}`;
    case 1:
      return `(${a}) ${b}-${c}`;
    case 2:
      return `${a}.${b}.${c}`;
    case 3:
      return `${a}${b}${c}`;
    default:
      return `+1-${a}-${b}-${c}`;
  }
}

interface Person {
  readonly first: string;
  readonly last: string;
  readonly email: string;
  readonly phone: string;
  readonly city: string;
}

function makePerson(rng: Rng, taken: Set<string>): Person {
  const first = pickSkewed(rng, FIRST_NAMES);
  const last = pickSkewed(rng, LAST_NAMES);
  // Unique per person, as real addresses are, but nothing in it says who the person is: a random
  // suffix (a year, a number someone likes) stands in for the index the truth would give away.
  let email: string;
  do {
    const suffix =
      randomInt(rng, 3) === 0 ? '' : String(randomInt(rng, randomInt(rng, 2) === 0 ? 100 : 10_000));
    const local =
      randomInt(rng, 3) === 0
        ? `${first[0]}${last}${suffix}`
        : randomInt(rng, 2) === 0
          ? `${first}.${last}${suffix}`
          : `${first}${last}${suffix}`;
    email = `${local}@${pick(rng, DOMAINS)}`;
    // One mailbox, one person: Gmail reads "ana.lima" and "analima" as the same one.
  } while (taken.has(emailMatchKey(email)));
  taken.add(emailMatchKey(email));
  const phone = `${2 + randomInt(rng, 8)}${String(randomInt(rng, 100)).padStart(2, '0')}${String(randomInt(rng, 10_000_000)).padStart(7, '0')}`;
  return { first, last, email, phone, city: pickSkewed(rng, CITIES) };
}

function variant(rng: Rng, p: Person): Omit<SyntheticContact, 'id' | 'person'> {
  let first = p.first;
  const r = rng();
  const nick = NICKNAMES[first];
  if (nick && r < 0.35) first = nick[randomInt(rng, nick.length)]!;
  else if (r < 0.55) first = typo(rng, first);
  else if (r < 0.6) first = first[0]!;
  let last = p.last;
  if (rng() < 0.25) last = typo(rng, last);
  let email = p.email;
  const e = rng();
  if (e < 0.15) email = '';
  else if (e < 0.3) email = email.toUpperCase();
  else if (e < 0.4 && email.endsWith('@gmail.com')) email = email.replace('@', '+shop@');
  else if (e < 0.5) email = email.replace(/@.*/, `@${pick(rng, DOMAINS)}`);
  else if (e < 0.6) email = typo(rng, email);
  let phone = formatPhone(rng, p.phone);
  const ph = rng();
  if (ph < 0.2) phone = '';
  else if (ph < 0.3) phone = formatPhone(rng, typo(rng, p.phone).padEnd(10, '0').slice(0, 10));
  const city = rng() < 0.2 ? '' : rng() < 0.1 ? typo(rng, p.city) : p.city;
  const cased = rng() < 0.5 ? capitalize : (s: string) => s;
  return { first_name: cased(first), last_name: cased(last), email, phone, city: capitalize(city) };
}

/**
 * Generates `count` contact records of which about `duplicateShare` are extra records of people already
 * present, each with typos, nicknames (Bob/Robert, Liz/Elizabeth), phones in mixed formats and email
 * variants (case, +tags, other domains, typos, missing). Seeded: the same seed gives the same records.
 */
export function generateContacts(count: number, seed: number, duplicateShare = 0.2): SyntheticContact[] {
  const rng = seededRng(seed);
  const originals = Math.max(1, Math.round(count * (1 - duplicateShare)));
  const people: Person[] = [];
  const out: Omit<SyntheticContact, 'id'>[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < originals; i++) {
    const p = makePerson(rng, taken);
    people.push(p);
    const cased = rng() < 0.5 ? capitalize : (s: string) => s;
    out.push({
      person: i,
      first_name: cased(p.first),
      last_name: cased(p.last),
      email: p.email,
      phone: formatPhone(rng, p.phone),
      city: capitalize(p.city),
    });
  }
  while (out.length < count) {
    const person = randomInt(rng, originals);
    out.push({ person, ...variant(rng, people[person]!) });
  }
  // Shuffled, then numbered: neither the order nor an id says which records are one person.
  return shuffle(rng, out).map((c, i) => ({ id: `c${i}`, ...c }));
}
