// Common English nicknames and short forms, each mapped to one canonical given name, so that
// "Bob Smith" and "Robert Smith" compare as the same name. Lower case, as name keys are.
const GROUPS: readonly (readonly string[])[] = [
  ['robert', 'bob', 'bobby', 'rob', 'robbie', 'bert'],
  ['william', 'bill', 'billy', 'will', 'willy', 'liam'],
  ['richard', 'rick', 'ricky', 'dick', 'rich', 'richie'],
  ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'eliza', 'lisa', 'betsy', 'libby'],
  ['margaret', 'maggie', 'meg', 'peggy', 'marge', 'margie'],
  ['katherine', 'kate', 'katie', 'kathy', 'cathy', 'catherine', 'kathryn', 'kat', 'kit'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['john', 'johnny', 'jack', 'jon'],
  ['michael', 'mike', 'mick', 'mikey', 'mickey'],
  ['joseph', 'joe', 'joey', 'jo'],
  ['thomas', 'tom', 'tommy'],
  ['charles', 'charlie', 'chuck', 'chas'],
  ['christopher', 'chris', 'kit', 'topher'],
  ['daniel', 'dan', 'danny'],
  ['matthew', 'matt', 'matty'],
  ['anthony', 'tony'],
  ['andrew', 'andy', 'drew'],
  ['edward', 'ed', 'eddie', 'ted', 'teddy', 'ned'],
  ['steven', 'steve', 'stephen', 'stevie'],
  ['jonathan', 'jonny', 'nathan'],
  ['nicholas', 'nick', 'nicky', 'nico'],
  ['alexander', 'alex', 'sasha', 'xander', 'sandy'],
  ['alexandra', 'alexa', 'lexi', 'sandra'],
  ['benjamin', 'ben', 'benny', 'benji'],
  ['samuel', 'sam', 'sammy'],
  ['samantha', 'sam', 'sammie'],
  ['timothy', 'tim', 'timmy'],
  ['patrick', 'pat', 'paddy'],
  ['patricia', 'pat', 'patty', 'trish', 'tricia'],
  ['jennifer', 'jen', 'jenny', 'jenn'],
  ['jessica', 'jess', 'jessie'],
  ['susan', 'sue', 'susie', 'suzanne'],
  ['deborah', 'deb', 'debbie', 'debra'],
  ['rebecca', 'becky', 'becca'],
  ['victoria', 'vicky', 'tori'],
  ['christine', 'chris', 'christina', 'tina', 'chrissy'],
  ['barbara', 'barb', 'babs'],
  ['dorothy', 'dot', 'dottie', 'dolly'],
  ['frances', 'fran', 'frannie'],
  ['francis', 'frank', 'frankie'],
  ['gregory', 'greg'],
  ['jeffrey', 'jeff', 'geoffrey', 'geoff'],
  ['kenneth', 'ken', 'kenny'],
  ['lawrence', 'larry', 'laurence'],
  ['leonard', 'leo', 'len', 'lenny'],
  ['peter', 'pete'],
  ['raymond', 'ray'],
  ['ronald', 'ron', 'ronnie'],
  ['donald', 'don', 'donnie'],
  ['douglas', 'doug'],
  ['gerald', 'gerry', 'jerry'],
  ['harold', 'harry', 'hal'],
  ['henry', 'hank', 'harry'],
  ['joshua', 'josh'],
  ['zachary', 'zach', 'zack'],
  ['vincent', 'vince', 'vinny'],
  ['walter', 'walt', 'wally'],
  ['albert', 'al', 'bert'],
  ['alfred', 'alf', 'fred', 'freddie'],
  ['frederick', 'fred', 'freddy', 'rick'],
  ['eugene', 'gene'],
  ['philip', 'phil', 'phillip'],
  ['stanley', 'stan'],
  ['theodore', 'theo', 'ted'],
  ['nathaniel', 'nate', 'nat'],
  ['abigail', 'abby', 'gail'],
  ['amanda', 'mandy', 'manda'],
  ['cynthia', 'cindy'],
  ['pamela', 'pam'],
  ['kimberly', 'kim'],
  ['melissa', 'mel', 'missy'],
  ['michelle', 'shelly', 'micky'],
  ['natalie', 'nat', 'nattie'],
  ['sarah', 'sara', 'sally', 'sadie'],
  ['theresa', 'terry', 'tess', 'tessa', 'teresa'],
  ['valerie', 'val'],
  ['judith', 'judy', 'jude'],
  ['caroline', 'carol', 'carrie', 'carolyn'],
  ['gabriel', 'gabe'],
  ['gabrielle', 'gabby'],
  ['jacob', 'jake'],
  ['isabella', 'bella', 'izzy', 'isabelle', 'isabel'],
  ['madeline', 'maddie', 'madison', 'madeleine'],
  ['olivia', 'liv', 'livvy'],
  ['sophia', 'sophie'],
  ['emily', 'em', 'emmy'],
  ['emma', 'em'],
  ['josephine', 'josie', 'jo'],
  ['antonio', 'toni'],
  ['jose', 'pepe'],
  ['francisco', 'paco', 'pancho'],
  ['guillermo', 'memo'],
  ['manuel', 'manny', 'manolo'],
];

const CANONICAL = new Map<string, string>();
for (const group of GROUPS) {
  const canonical = group[0]!;
  // A short form shared by two groups (sam, chris, pat) keeps its first group: close enough for a
  // comparison level, and deterministic.
  for (const name of group) if (!CANONICAL.has(name)) CANONICAL.set(name, canonical);
}

/**
 * The canonical given name for a nickname or short form (`"bob"` → `"robert"`); the name itself when
 * it has none. Expects a folded, lower-case name (see `nameKey`).
 *
 * @example
 * ```ts
 * canonicalGivenName('liz'); // "elizabeth"
 * canonicalGivenName('maria'); // "maria"
 * ```
 */
export function canonicalGivenName(name: string): string {
  return CANONICAL.get(name) ?? name;
}
