/**
 * The MariaDB storage adapter, for the official `mariadb` connector.
 *
 * @packageDocumentation
 * @module contactkit/mariadb
 */
export { MIGRATIONS, type Migration, OldSchemaError } from '../sql/migrations.js';
export { mariadbDialect } from './mariadb-dialect.js';
export type {
  MariadbConnection,
  MariadbDriver,
  MariadbPool,
  MariadbPoolConnection,
} from './mariadb-driver.js';
export { MariadbStore, type MariadbStoreOptions } from './mariadb-store.js';
