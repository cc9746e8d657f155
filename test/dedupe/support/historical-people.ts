import { type Rng, randomInt, seededRng } from '../../../src/dedupe/prng.js';
import { digits, pick, pickLastName, shuffle, typo } from './names.js';

/**
 * Records of historical people shaped like Splink's `historical_50k` demo data: `full_name`,
 * `first_and_surname`, `first_name`, `surname`, `dob`, `birth_place`, `postcode_fake`, `gender`,
 * `occupation`, all lower case, with the truth in `cluster` (excluded from matching). Each person has a
 * master record and a handful of copies, each copy more corrupted than the last (as Splink's generator
 * does): name variants and typos, birth dates shifted or mistyped, nearby postcodes, other occupations,
 * missing values. No field carries the truth: ids are random.
 */

export const HISTORICAL_COLUMNS = [
  'unique_id',
  'cluster',
  'full_name',
  'first_and_surname',
  'first_name',
  'surname',
  'dob',
  'birth_place',
  'postcode_fake',
  'gender',
  'occupation',
] as const;
export type HistoricalColumn = (typeof HISTORICAL_COLUMNS)[number];
export type HistoricalRecord = Readonly<Record<HistoricalColumn, string>>;

const MALE = (
  'john william thomas george james charles henry robert edward richard joseph samuel arthur frederick ' +
  'walter alfred francis albert harry david peter michael hugh ralph herbert ernest percy harold cecil ' +
  'reginald stanley leonard sidney horace cyril benjamin daniel matthew andrew stephen philip nicholas ' +
  'christopher anthony edmund roger geoffrey gilbert lionel oliver humphrey jasper lancelot rupert'
).split(' ');
const FEMALE = (
  'mary elizabeth anne margaret jane sarah catherine ellen alice emma eliza ann florence emily martha ' +
  'harriet charlotte louisa frances susan caroline agnes edith ada maud dorothy grace lilian mabel ' +
  'isabella victoria beatrice evelyn winifred gladys ethel hilda violet rose helen amelia sophia lucy'
).split(' ');
const SHORT: Readonly<Record<string, string>> = {
  john: 'jack',
  william: 'bill',
  thomas: 'tom',
  james: 'jim',
  charles: 'charlie',
  henry: 'harry',
  robert: 'bob',
  edward: 'ted',
  richard: 'dick',
  joseph: 'joe',
  samuel: 'sam',
  frederick: 'fred',
  alfred: 'alf',
  albert: 'bert',
  benjamin: 'ben',
  margaret: 'peggy',
  elizabeth: 'betty',
  catherine: 'kate',
  sarah: 'sally',
  mary: 'polly',
  dorothy: 'dolly',
  frances: 'fanny',
  susan: 'sue',
};
const PLACES = (
  'london westminster devon cornwall bristol bath exeter plymouth york leeds sheffield manchester ' +
  'liverpool birmingham coventry oxford cambridge norwich ipswich dover canterbury brighton portsmouth ' +
  'southampton winchester salisbury gloucester worcester hereford shrewsbury chester lancaster durham ' +
  'newcastle carlisle hull lincoln nottingham leicester derby northampton bedford reading windsor ' +
  'edinburgh glasgow aberdeen dundee cardiff swansea belfast dublin cork'
).split(' ');
const OCCUPATIONS = (
  'politician priest painter soldier writer actor footballer cricketer judge lawyer physician surgeon ' +
  'engineer architect composer singer poet novelist journalist historian botanist astronomer chemist ' +
  'mathematician merchant banker sailor naval_officer explorer bishop missionary teacher sculptor ' +
  'playwright diplomat landowner businessperson trade_unionist rugby_player rower jockey'
)
  .split(' ')
  .map((o) => o.replace('_', ' '));
const TITLES = ['sir', 'lord', 'lady', 'dame', 'rev', 'captain', 'dr'];

interface Person {
  readonly first: string;
  readonly middle: string | null;
  readonly last: string;
  readonly title: string | null;
  readonly peerage: string | null;
  readonly dob: Date;
  readonly place: string;
  readonly postcode: string;
  readonly gender: 'male' | 'female';
  readonly occupations: readonly string[];
}

function postcodeNear(rng: Rng, place: string): string {
  const area = place.slice(0, 2);
  return `${area}${1 + randomInt(rng, 20)} ${randomInt(rng, 10)}${'abdefghjlnpqrstuwxyz'[randomInt(rng, 20)]}${'abdefghjlnpqrstuwxyz'[randomInt(rng, 20)]}`;
}

function makePerson(rng: Rng): Person {
  const gender = rng() < 0.7 ? 'male' : 'female';
  const names = gender === 'male' ? MALE : FEMALE;
  const place = pick(rng, PLACES);
  const occupations = [pick(rng, OCCUPATIONS)];
  if (rng() < 0.4) occupations.push(pick(rng, OCCUPATIONS));
  return {
    first: names[Math.floor(names.length * rng() ** 1.5)]!,
    middle: rng() < 0.35 ? pick(rng, names) : null,
    last: pickLastName(rng),
    title: rng() < 0.1 ? pick(rng, TITLES) : null,
    peerage: rng() < 0.05 ? `1st baron ${pick(rng, PLACES)}` : null,
    dob: new Date(Date.UTC(1600 + randomInt(rng, 380), randomInt(rng, 12), 1 + randomInt(rng, 28))),
    place,
    postcode: postcodeNear(rng, place),
    gender,
    occupations,
  };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** A birth date as a copy gives it: shifted by days or years, or a digit mistyped. */
function corruptDob(rng: Rng, dob: Date): string {
  if (rng() < 0.7) {
    const days = rng() < 0.5 ? randomInt(rng, 60) - 30 : (randomInt(rng, 11) - 5) * 365;
    return iso(new Date(dob.getTime() + days * 86_400_000));
  }
  const s = iso(dob);
  const at = [2, 3, 5, 6, 8, 9][randomInt(rng, 6)]!;
  return s.slice(0, at) + digits(rng, 1).slice(-1) + s.slice(at + 1);
}

function fullNameOf(rng: Rng, p: Person, corrupt: boolean): string {
  let first = p.first;
  let middle = p.middle;
  let last = p.last;
  let title = p.title;
  let peerage = p.peerage;
  if (corrupt) {
    const r = rng();
    if (r < 0.5) {
      // Another way of writing the whole name: no title, no middle name, a short form.
      title = rng() < 0.5 ? null : title;
      peerage = rng() < 0.5 ? null : peerage;
      middle = rng() < 0.5 ? null : middle;
      if (SHORT[first] && rng() < 0.4) first = SHORT[first]!;
    } else if (r < 0.9) {
      // Each name written its own way.
      if (SHORT[first] && rng() < 0.3) first = SHORT[first]!;
      if (rng() < 0.15) last = typo(rng, last);
      if (rng() < 0.15) first = typo(rng, first);
    } else {
      last = typo(rng, last);
    }
  }
  return [title, first, middle, last, peerage ? `, ${peerage}` : null]
    .filter((x) => x !== null)
    .join(' ')
    .replace(' ,', ',');
}

function recordOf(rng: Rng, p: Person, corruption: number, cluster: string): HistoricalRecord {
  const corrupt = (base: number) => rng() < base * corruption;
  const isNull = (base: number) => rng() < base * corruption;
  const full = isNull(0.5) ? '' : fullNameOf(rng, p, corrupt(1));
  // The derived columns, as Splink's data has them: first word and last word of the full name.
  const words = full
    .replace(/,.*$/, '')
    .split(' ')
    .filter((w) => w.length > 0 && !TITLES.includes(w));
  const first = words[0] ?? '';
  const surname = words.length > 1 ? words.at(-1)! : '';
  return {
    unique_id: '',
    cluster,
    full_name: full,
    first_and_surname: first && surname ? `${first} ${surname}` : '',
    first_name: first,
    surname,
    dob: isNull(0.1) ? '' : corrupt(1) ? corruptDob(rng, p.dob) : iso(p.dob),
    birth_place: isNull(0.3) ? '' : corrupt(0.2) ? typo(rng, p.place) : p.place,
    postcode_fake: isNull(0.4) ? '' : corrupt(0.6) ? postcodeNear(rng, p.place) : p.postcode,
    gender: isNull(0.3) ? '' : p.gender,
    occupation: isNull(0.5) ? '' : corrupt(0.7) ? pick(rng, p.occupations) : p.occupations[0]!,
  };
}

/**
 * Generates `count` records of historical people: a master record each and Zipf-many corrupted copies
 * (up to 20 a person), the later copies more corrupted. Seeded.
 *
 * @example
 * ```ts
 * const rows = generateHistoricalPeople({ count: 10_000, seed: 1 });
 * rows[0].full_name; // 'sir thomas blanley, 1st baron york'
 * ```
 */
export function generateHistoricalPeople(options: { count: number; seed: number }): HistoricalRecord[] {
  const rng = seededRng(options.seed);
  const out: HistoricalRecord[] = [];
  let person = 0;
  while (out.length < options.count) {
    const p = makePerson(rng);
    const cluster = `Q${person++}`;
    const copies = Math.min(19, Math.floor(1 / (rng() * 0.95 + 0.05)) - 1 + randomInt(rng, 3));
    for (let k = 0; k <= copies && out.length < options.count; k++) {
      // The master first, then copies from lightly to heavily corrupted.
      out.push(recordOf(rng, p, k === 0 ? 0 : Math.min(1, 0.25 + k / (copies + 1)), cluster));
    }
  }
  // Shuffled, then numbered: neither the order nor an id says which records are one person.
  return shuffle(rng, out).map((r, i) => ({ ...r, unique_id: `h${i}` }));
}
