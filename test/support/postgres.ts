import { randomBytes } from 'node:crypto';
import type { PostgresDriver } from '../../adapters/postgres/index.js';

/** Which engine the Postgres tests run on. */
export type PostgresEngine = 'postgres' | 'pglite';

/** A driver on a fresh, empty schema, and how to get rid of both. */
export interface TestPostgres {
  readonly engine: PostgresEngine;
  readonly driver: PostgresDriver;
  /** A schema name no other test file uses (`ck_<random>`). */
  readonly schema: string;
  /** Another driver on the same database (a new pool or, on PGlite, the same instance): for races. */
  connect(poolSize?: number): Promise<{ driver: PostgresDriver; close(): Promise<void> }>;
  /** Drops the schema and closes what was opened. */
  dispose(): Promise<void>;
}

/** The real server's URL when the environment names one (CI does), else null. */
export const PG_URL = process.env.CONTACTKIT_PG_URL || null;

/**
 * A Postgres for tests: the real server at `CONTACTKIT_PG_URL` through `pg`, else an in-process PGlite.
 * Each call works in its own schema, dropped by `dispose`, so test files never see each other's rows.
 */
export async function testPostgres(options: { poolSize?: number } = {}): Promise<TestPostgres> {
  const schema = `ck_${randomBytes(6).toString('hex')}`;
  if (PG_URL) {
    const { default: pg } = await import('pg');
    const pools: Array<InstanceType<typeof pg.Pool>> = [];
    const newPool = (max: number) => {
      const pool = new pg.Pool({ connectionString: PG_URL, max });
      pools.push(pool);
      return pool;
    };
    const driver = newPool(options.poolSize ?? 8);
    return {
      engine: 'postgres',
      driver,
      schema,
      connect: async (poolSize = 2) => {
        const pool = newPool(poolSize);
        const close = () => {
          pools.splice(pools.indexOf(pool), 1);
          return pool.end();
        };
        return { driver: pool, close };
      },
      dispose: async () => {
        await driver.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await Promise.all(pools.map((p) => p.end()));
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite();
  await db.waitReady;
  return {
    engine: 'pglite',
    driver: db,
    schema,
    // PGlite is one connection in this process: a second handle is the same instance.
    connect: async () => ({ driver: db, close: async () => undefined }),
    dispose: async () => {
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.close();
    },
  };
}
