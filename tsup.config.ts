import { defineConfig } from 'tsup';

// One entry per public subpath in package.json "exports", plus the CLI.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    identity: 'src/public/identity.ts',
    dedupe: 'src/public/dedupe.ts',
    scoring: 'src/public/scoring.ts',
    segments: 'src/public/segments.ts',
    followups: 'src/public/followups.ts',
    csv: 'src/public/csv.ts',
    privacy: 'src/public/privacy.ts',
    webhooks: 'src/public/webhooks.ts',
    model: 'src/public/model.ts',
    service: 'src/public/service.ts',
    ports: 'src/public/ports.ts',
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
  // stripInternal: members tagged @internal stay out of the published declarations.
  dts: { compilerOptions: { stripInternal: true } },
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
});
