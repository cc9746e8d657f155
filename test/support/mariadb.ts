import { randomBytes } from 'node:crypto';
import type { MariadbPool } from '../../adapters/mariadb/index.js';

/** The server's URL when the environment names one (CI does), else null. */
export const MARIADB_URL = process.env.CONTACTKIT_MARIADB_URL || null;

/**
 * Whether MariaDB tests run: with a server, always; without one they skip visibly, except under CI,
 * where a missing server fails them.
 */
export function mariadbAvailable(file: string): boolean {
  if (MARIADB_URL) return true;
  if (process.env.CI === 'true') throw new Error(`${file}: CI=true but CONTACTKIT_MARIADB_URL is not set`);
  console.info(
    `[skipped] ${file}: set CONTACTKIT_MARIADB_URL (e.g. mariadb://root@127.0.0.1:3306/test) to run`,
  );
  return false;
}

/** A pool on a fresh database, and how to get rid of both. */
export interface TestMariadb {
  readonly pool: MariadbPool;
  /** A database name no other test file uses (`ck_<random>`). */
  readonly database: string;
  /** Another pool on the same database: for races. */
  connect(size?: number): Promise<{ pool: MariadbPool; close(): Promise<void> }>;
  /** Drops the database and ends what was opened. */
  dispose(): Promise<void>;
}

/** Connection options from a `mariadb://user:password@host:port/database` URL. */
function optionsOf(url: string, database: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database,
  };
}

/** A MariaDB for tests at `CONTACTKIT_MARIADB_URL`, in a database of its own (dropped by `dispose`). */
export async function testMariadb(
  options: { poolSize?: number; database?: string } = {},
): Promise<TestMariadb> {
  const { default: mariadb } = await import('mariadb');
  const url = MARIADB_URL!;
  const database = options.database ?? `ck_${randomBytes(6).toString('hex')}`;
  const admin = await mariadb.createConnection(optionsOf(url, new URL(url).pathname.slice(1) || 'test'));
  await admin.query(
    `CREATE DATABASE IF NOT EXISTS ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin`,
  );
  const pools: Array<ReturnType<typeof mariadb.createPool>> = [];
  const newPool = (size: number) => {
    const pool = mariadb.createPool({
      ...optionsOf(url, database),
      connectionLimit: size,
      acquireTimeout: 60_000,
    });
    pools.push(pool);
    return pool;
  };
  const pool = newPool(options.poolSize ?? 8);
  return {
    pool,
    database,
    connect: async (size = 2) => {
      const other = newPool(size);
      return {
        pool: other,
        close: async () => {
          pools.splice(pools.indexOf(other), 1);
          await other.end();
        },
      };
    },
    dispose: async () => {
      await Promise.all(pools.map((p) => p.end()));
      await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      await admin.end();
    },
  };
}
