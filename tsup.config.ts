import { defineConfig } from 'tsup';

// One entry per public subpath in package.json "exports", plus the CLI.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    memory: 'adapters/memory/index.ts',
    sqlite: 'adapters/sqlite/index.ts',
    postgres: 'adapters/postgres/index.ts',
    sql: 'adapters/sql/index.ts',
    mariadb: 'adapters/mariadb/index.ts',
    testing: 'src/testing/index.ts',
    http: 'src/http/index.ts',
    cli: 'src/cli/main.ts',
  },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
});
