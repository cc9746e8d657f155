/**
 * The public API report: every subpath of package.json "exports", each name it exports, of what kind,
 * and, for functions and classes, their signatures. `test/package/public-api.test.ts` compares it with
 * the committed `test/package/public-api.md`, so a change to the public surface shows in review and
 * comes with its changeset. `npm run api:update` rewrites the file after a deliberate change.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The source entry of each public subpath, as tsup.config.ts builds it. */
export function publicEntries(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, unknown>;
  };
  const tsup = readFileSync(join(root, 'tsup.config.ts'), 'utf8');
  const entries = new Map<string, string>();
  for (const subpath of Object.keys(pkg.exports)) {
    if (subpath === './package.json') continue;
    const name = subpath === '.' ? 'index' : subpath.slice(2);
    const source = new RegExp(`\\n\\s*${name}: '([^']+)'`).exec(tsup)?.[1];
    if (!source) throw new Error(`package.json exports ${subpath} but tsup.config.ts builds no "${name}"`);
    entries.set(subpath === '.' ? 'contactkit' : `contactkit/${name}`, join(root, source));
  }
  return entries;
}

// Long inferred types are cut (TypeScript's own truncation) so the report stays readable; names and
// shapes still change it.
const FLAGS = ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;

function kindOf(symbol: ts.Symbol): string {
  const f = symbol.flags;
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.Interface) return 'interface';
  if (f & ts.SymbolFlags.TypeAlias) return 'type';
  if (f & ts.SymbolFlags.Enum) return 'enum';
  if (f & ts.SymbolFlags.Variable) return 'const';
  return 'other';
}

/** One line (or a few) per exported name. */
function describe(checker: ts.TypeChecker, exported: ts.Symbol): string[] {
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const kind = kindOf(symbol);
  const name = exported.name;
  const decl = symbol.declarations?.[0];
  if (!decl) return [`- ${kind} ${name}`];
  if (kind === 'function') {
    const type = checker.getTypeOfSymbolAtLocation(symbol, decl);
    return type
      .getCallSignatures()
      .map((s) => `- function ${name}${checker.signatureToString(s, undefined, FLAGS)}`);
  }
  if (kind === 'class' || kind === 'interface') {
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    const members = checker
      .getPropertiesOfType(type)
      .filter((m) => {
        const d = m.valueDeclaration ?? m.declarations?.[0];
        if (!d) return true;
        // @internal members are stripped from the published declarations (tsup stripInternal).
        if (ts.getJSDocTags(d).some((t) => t.tagName.text === 'internal')) return false;
        const mods = ts.getCombinedModifierFlags(d as ts.Declaration);
        return !(mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) && !m.name.startsWith('#');
      })
      // A symbol-keyed member's name carries the compiler's id of the symbol (`__@asyncIterator@14314`),
      // which moves whenever the program does; it is written as code names it.
      .map((m) => (m.name.startsWith('__@') ? checker.symbolToString(m) : m.name))
      .sort();
    return [`- ${kind} ${name} { ${members.join(', ')} }`];
  }
  return [`- ${kind} ${name}`];
}

/** The report, as Markdown. */
export function apiReport(): string {
  const entries = publicEntries();
  const program = ts.createProgram([...entries.values()], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const out = [
    '# Public API report',
    '',
    'Made by `scripts/api-report.ts`; checked by `test/package/public-api.test.ts`. Do not edit by hand: run',
    '`npm run api:update` after a deliberate change, and add a changeset that says what changed for users.',
    '',
  ];
  for (const [subpath, file] of entries) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`cannot read ${file}`);
    const names = checker
      .getExportsOfModule(moduleSymbol)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    out.push(`## ${subpath} (${names.length} names)`, '');
    for (const symbol of names) out.push(...describe(checker, symbol));
    out.push('');
  }
  return out.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.stdout.write(apiReport());
