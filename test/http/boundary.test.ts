import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, statically or with `import()`. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(
    /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    found.push((match[1] ?? match[2])!);
  }
  return found;
}

/** The command that serves the API: the one place outside src/http allowed to load it. */
const SERVE_COMMAND = 'src/cli/commands/serve.ts';

describe('the core stays framework-free', () => {
  it('has no module outside src/http importing src/http, hono or @hono/*, except the serve command', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const name = relative(ROOT, file).split('\\').join('/');
      if (name.startsWith('src/http/') || name === SERVE_COMMAND) continue;
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (
          /(^|\/)http(\/|\/index\.js$|$)/.test(spec) ||
          spec === 'hono' ||
          spec.startsWith('hono/') ||
          spec.startsWith('@hono/')
        )
          offenders.push(`${name} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('loads the serve command only when it runs (a dynamic import in the command table)', () => {
    const cli = readFileSync(join(SRC, 'cli/cli.ts'), 'utf8');
    expect(cli).toMatch(/serve: \{[^}]*load: \(\) => import\('\.\/commands\/serve\.js'\)/);
    expect(specifiers(cli).filter((s) => s.includes('http'))).toEqual([]);
  });

  it('finds an import of src/http where there is one (the check can fail)', () => {
    expect(specifiers(`import { createHttpHandler } from '../http/index.js';`)).toEqual(['../http/index.js']);
    expect(specifiers(`const m = await import('hono');`)).toEqual(['hono']);
  });
});
