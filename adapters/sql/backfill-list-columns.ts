import type { Contact } from '../../src/model/contact.js';
import { CONTACTS } from '../../src/ports/schema/tables.js';
import { TableCodec } from './codec.js';
import type { MigrationSession } from './migrations.js';
import { join, raw, sql } from './sql.js';

/** Contacts read and rewritten per round. */
const PAGE = 500;

/**
 * Fills the list columns (`sort_name`, `search_text`, `tag_keys`… the `lists.*` columns of CONTACTS) of
 * contacts stored before migration 2 added them and not written since, so that every filter, search
 * and sort finds them. Such a contact has `has_email` NULL, which every contact write sets. Each is read
 * and decoded through the shared codec and given exactly what a write would compute, on every dialect;
 * a database made by this version has none.
 */
export async function backfillListColumns(db: MigrationSession): Promise<void> {
  const codec = new TableCodec(CONTACTS, db.dialect);
  const columns = CONTACTS.columns.filter((c) => c.field.startsWith('lists.'));
  for (;;) {
    const rows = await db.all(
      sql`SELECT ${raw(codec.select)} FROM ${raw(codec.table)} AS t WHERE t.has_email IS NULL LIMIT ${PAGE}`,
    );
    if (rows.length === 0) return;
    for (const row of rows) {
      const contact = codec.decode(row) as Contact;
      const set = join(
        columns.map((c) => sql`${raw(c.column)} = ${codec.cell(c, contact)}`),
        ', ',
      );
      await db.run(
        sql`UPDATE ${raw(codec.table)} SET ${set} WHERE workspace_id = ${contact.workspaceId} AND id = ${contact.id}`,
      );
    }
  }
}
