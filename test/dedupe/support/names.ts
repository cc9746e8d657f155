import { type Rng, randomInt } from '../../../src/dedupe/prng.js';

/**
 * Name lists and small text mutations shared by the generators of test data (the generated contacts,
 * the chat list, the historical people). Lower case; callers capitalise.
 */

export const FIRST_NAMES = (
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
  'ananya kavya omar ali hassan yusuf layla amira ahmed mohammed ibrahim olga ivan dmitri natasha sven ingrid ' +
  'mark kwame ama kofi chidi ngozi tunde aisha zainab mei lin jun hyun minji seo thanh linh duc arif siti ' +
  'nur putri budi agus rina joao tiago beatriz goncalo inês ana clara matteo giulia luca chiara francesco'
).split(' ');

export const LAST_NAMES = (
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
  'estrada ortega watkins greene nunez wheeler valdez harper burke larson santiago maldonado morrison franklin ' +
  'lim tan wong ng goh chua koh teo ong singh kumar sharma gupta khan ahmed hussain ali okafor mensah ' +
  'adeyemi boateng mwangi otieno wang zhang liu yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo ' +
  'park choi jung kang cho yoon jang lim han oh seo shin kwon hwang ahn song yoo hong jeon sato suzuki ' +
  'takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki yamaguchi matsumoto ' +
  'inoue kimura hayashi shimizu rossi russo ferrari esposito bianchi romano colombo ricci marino greco ' +
  'bruno gallo conti deluca costa giordano mancini rizzo lombardi moretti muller schneider fischer weber ' +
  'becker schulz koch richter klein wolf neumann schwarz zimmermann braun kruger hofmann pereira oliveira ' +
  'souza lima carvalho ribeiro almeida nascimento araujo barbosa rocha dias teixeira fonseca novak horvat ' +
  'kowalski nowak wisniewski wojcik kaminski lewandowski ivanov petrov sokolov popov lebedev kozlov'
).split(' ');

const SURNAME_ROOTS = (
  'and bar bel ber blan brad brook bur cal car chad clar cor craw dal dan dav den dor dun eck ed el ems ' +
  'far fel fin fitz ford gar gil glad gor gra hal ham har hay hen her hol hud ing jen kal ken kir kol ' +
  'lam lan lar lau lind lor mal man mar mat mer mil mor nor oak ol pal par pen pet ram ren rich rid ' +
  'rob ros rud sal san sel sher sil sol stan stein stra sut tal tay ter thor tor van ved wal war wel ' +
  'whit wil win wol wood yar zel ab ad al am ar as at bo co da de di fa fe ga ge ha he ja jo ka ko ' +
  'la le lo ma me mo na ne no pa pe po ra re ro sa se so ta te to va ve vo wa za zo'
).split(' ');
const SURNAME_ENDINGS = (
  'son sen ton ley ler man mann berg stein ski sky ova ez es ini elli ano ard ford field well wood worth ' +
  'ham shaw by ek ic ovic enko uk yan ian ides opoulos aki ura ita oto'
).split(' ');

/**
 * A family name drawn from a long tail: a common one (Zipf over {@link LAST_NAMES}) half the time, else
 * one built from a root and an ending ("Kalberg", "Tornovic"), so that a list of thousands of people
 * shares full names about as often as a real one does.
 */
export function pickLastName(rng: Rng): string {
  if (rng() < 0.5) return pickSkewed(rng, LAST_NAMES);
  return pick(rng, SURNAME_ROOTS) + pick(rng, SURNAME_ENDINGS);
}

/** Short forms people go by, for the generators: each maps to the forms a record may carry. */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
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

/** Zipf-like pick: common names are common, so agreeing on "smith" must count for little. */
export function pickSkewed(rng: Rng, list: readonly string[], skew = 1.6): string {
  return list[Math.floor(list.length * rng() ** skew)]!;
}

/** Uniform pick. */
export function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[randomInt(rng, list.length)]!;
}

/** One typing error: a letter dropped, inserted, replaced, or two swapped (never the first letter). */
export function typo(rng: Rng, s: string): string {
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

/** "ana maria" → "Ana Maria". */
export function capitalize(s: string): string {
  return s
    .split(' ')
    .map((w) => (w.length === 0 ? w : w[0]!.toUpperCase() + w.slice(1)))
    .join(' ');
}

/** A digit string of `length` digits, the first not 0. */
export function digits(rng: Rng, length: number): string {
  let s = String(1 + randomInt(rng, 9));
  while (s.length < length) s += String(randomInt(rng, 10));
  return s;
}

/** Shuffles in place (Fisher–Yates). */
export function shuffle<T>(rng: Rng, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}
