import { type Rng, randomInt, seededRng } from '../../../src/dedupe/prng.js';

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

const FIRST = (
  'robert william richard elizabeth margaret katherine james john michael joseph thomas charles christopher ' +
  'daniel matthew anthony andrew edward steven nicholas alexander benjamin samuel timothy patrick patricia ' +
  'jennifer jessica susan deborah rebecca victoria christine barbara dorothy gregory jeffrey kenneth peter ' +
  'raymond ronald donald douglas harold joshua vincent walter albert philip stanley abigail amanda cynthia ' +
  'pamela kimberly melissa michelle natalie sarah theresa valerie judith caroline jacob isabella madeline ' +
  'olivia sophia emily emma maria ana lucia carmen sofia valentina camila mateo santiago diego luis carlos ' +
  'jorge miguel pedro juan pablo fernando ricardo eduardo javier sergio raul oscar hugo ivan adriana beatriz ' +
  'claudia daniela elena fatima gabriela ines julia laura marta noemi paula rosa silvia teresa yolanda zoe ' +
  'aaron adam brandon bryan caleb cameron dylan ethan evan gavin hunter ian jason jordan kevin kyle logan ' +
  'lucas mason nathan noah owen ryan sean tyler wyatt amelia aria ava chloe ella grace hannah harper layla ' +
  'leah lily mia nora riley scarlett stella violet wei li ming hiroshi yuki akira priya rahul arjun deepak ' +
  'ananya kavya omar ali hassan yusuf layla amira ahmed mohammed ibrahim olga ivan dmitri natasha sven ingrid'
).split(' ');
const LAST = (
  'smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson ' +
  'anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis ' +
  'robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall ' +
  'rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes ' +
  'stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ' +
  'ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price ' +
  'alvarez castillo sanders patel myers long ross foster jimenez powell jenkins perry russell sullivan bell ' +
  'coleman butler henderson barnes gonzales fisher vasquez simmons romero jordan patterson alexander hamilton ' +
  'graham reynolds griffin wallace moreno west cole hayes bryant herrera gibson ellis tran medina aguilar ' +
  'stevens murray ford castro marshall owens harrison fernandez mcdonald woods washington kennedy wells ' +
  'vargas henry chen freeman webb tucker guzman burns crawford olson simpson porter hunter gordon mendez silva ' +
  'shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black robertson boyd rose stone salazar fox ' +
  'warren mills meyer rice schmidt garza daniels ferguson nichols stephens soto weaver ryan gardner payne ' +
  'grant dunn kelley spencer hawkins arnold pierce vazquez hansen peters santos hart bradley knight elliott ' +
  'cunningham duncan armstrong hudson carroll lane riley andrews alvarado ray delgado berry perkins hoffman ' +
  'johnston matthews pena richards contreras willis carpenter lawrence sandoval guerrero george chapman rios ' +
  'estrada ortega watkins greene nunez wheeler valdez harper burke larson santiago maldonado morrison franklin'
).split(' ');
const NICKNAMES: Record<string, readonly string[]> = {
  robert: ['bob', 'rob', 'bobby'],
  william: ['bill', 'will', 'billy'],
  richard: ['rick', 'dick', 'rich'],
  elizabeth: ['liz', 'beth', 'lizzie', 'betty'],
  margaret: ['maggie', 'peggy', 'meg'],
  katherine: ['kate', 'katie', 'kathy'],
  james: ['jim', 'jimmy', 'jamie'],
  john: ['johnny', 'jack'],
  michael: ['mike', 'mick'],
  joseph: ['joe', 'joey'],
  thomas: ['tom', 'tommy'],
  charles: ['charlie', 'chuck'],
  christopher: ['chris'],
  daniel: ['dan', 'danny'],
  matthew: ['matt'],
  anthony: ['tony'],
  andrew: ['andy', 'drew'],
  edward: ['ed', 'eddie', 'ted'],
  steven: ['steve'],
  nicholas: ['nick'],
  alexander: ['alex'],
  benjamin: ['ben'],
  samuel: ['sam'],
  timothy: ['tim'],
  patrick: ['pat'],
  jennifer: ['jen', 'jenny'],
  jessica: ['jess'],
  susan: ['sue', 'susie'],
  deborah: ['deb', 'debbie'],
  rebecca: ['becky'],
  victoria: ['vicky'],
  gregory: ['greg'],
  jeffrey: ['jeff'],
  kenneth: ['ken'],
  peter: ['pete'],
  ronald: ['ron'],
  donald: ['don'],
  joshua: ['josh'],
  abigail: ['abby'],
  pamela: ['pam'],
};
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

/** Zipf-like pick: common names are common, so agreeing on "smith" must count for little. */
function pickSkewed(rng: Rng, list: readonly string[]): string {
  const r = rng();
  return list[Math.floor(list.length * r ** 1.6)]!;
}

function typo(rng: Rng, s: string): string {
  if (s.length < 3) return s;
  const i = 1 + randomInt(rng, s.length - 2);
  const letter = 'abcdefghijklmnopqrstuvwxyz'[randomInt(rng, 26)]!;
  switch (randomInt(rng, 4)) {
    case 0:
      return s.slice(0, i) + s.slice(i + 1);
    case 1:
      return s.slice(0, i) + letter + s.slice(i);
    case 2:
      return s.slice(0, i) + letter + s.slice(i + 1);
    default:
      return s.slice(0, i - 1) + s[i] + s[i - 1] + s.slice(i + 1);
  }
}

function capitalize(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

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

function makePerson(rng: Rng, index: number): Person {
  const first = pickSkewed(rng, FIRST);
  const last = pickSkewed(rng, LAST);
  // Unique per person, as real addresses are; two people of one name never share a local part.
  const n = index;
  const local =
    randomInt(rng, 3) === 0
      ? `${first[0]}${last}${n}`
      : randomInt(rng, 2) === 0
        ? `${first}.${last}${n}`
        : `${first}${last}${n}`;
  const phone = `${2 + randomInt(rng, 8)}${String(randomInt(rng, 100)).padStart(2, '0')}${String(randomInt(rng, 10_000_000)).padStart(7, '0')}`;
  return {
    first,
    last,
    email: `${local}@${DOMAINS[randomInt(rng, DOMAINS.length)]!}`,
    phone,
    city: pickSkewed(rng, CITIES),
  };
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
  else if (e < 0.5) email = email.replace(/@.*/, `@${DOMAINS[randomInt(rng, DOMAINS.length)]!}`);
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
  const out: SyntheticContact[] = [];
  for (let i = 0; i < originals; i++) {
    const p = makePerson(rng, i);
    people.push(p);
    const cased = rng() < 0.5 ? capitalize : (s: string) => s;
    out.push({
      id: `c${out.length}`,
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
    out.push({ id: `c${out.length}`, person, ...variant(rng, people[person]!) });
  }
  // Shuffle so that duplicates are not all at the end.
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
