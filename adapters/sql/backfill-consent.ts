import type { ConsentRecord } from '../../src/model/consent.js';
import type { Contact } from '../../src/model/contact.js';
import { columnOf, type TableSpec } from '../../src/ports/schema/table-spec.js';
import { CONSENTS, CONTACTS } from '../../src/ports/schema/tables.js';
import { consentInForce } from '../../src/privacy/consent-state.js';
import { TableCodec } from './codec.js';
import type { MigrationSession } from './migrations.js';
import { join, raw, sql } from './sql.js';

/** Contacts backfilled per round: their consent rows are read in one statement. */
const PAGE = 500;

/**
 * Fills `contacts.consent` and `consent_keys` of the contacts stored before those columns, from their
 * consent records (what migration 5 runs after adding them). Written in TypeScript over the shared
 * codec rather than as SQL, so that every dialect stores exactly what a contact write would: the
 * records are folded by `consentInForce`, tagged-JSON dates and all. Contacts with no consent record
 * keep NULL there, which reads as "none recorded". Walks one workspace at a time, a page of contacts
 * at a time, in the order of the consents table's `(workspace_id, contact_id)` index.
 */
export async function backfillContactConsent(db: MigrationSession): Promise<void> {
  const consents = new TableCodec(CONSENTS, db.dialect);
  const contacts = new TableCodec(CONTACTS, db.dialect);
  const spec = CONTACTS as TableSpec<unknown>;
  const consentColumn = columnOf(spec, 'consent');
  const keysColumn = columnOf(spec, 'lists.consentKeys');

  const workspaces = (await db.all(sql`SELECT DISTINCT workspace_id FROM ${raw(consents.table)}`)).map((r) =>
    String(r.workspace_id),
  );
  for (const workspaceId of workspaces) {
    let after = '';
    for (;;) {
      const ids = (
        await db.all(
          sql`SELECT DISTINCT contact_id FROM ${raw(consents.table)} WHERE workspace_id = ${workspaceId} AND contact_id > ${after} ORDER BY contact_id LIMIT ${PAGE}`,
        )
      ).map((r) => String(r.contact_id));
      if (ids.length === 0) break;
      after = ids.at(-1)!;
      const rows = await db.all(
        sql`SELECT ${raw(consents.select)} FROM ${raw(consents.table)} AS t WHERE t.workspace_id = ${workspaceId} AND t.contact_id IN (${join(ids.map((id) => sql`${id}`))})`,
      );
      const recordsOf = new Map<string, ConsentRecord[]>();
      for (const row of rows) {
        const record = consents.decode(row);
        const list = recordsOf.get(record.contactId);
        if (list) list.push(record);
        else recordsOf.set(record.contactId, [record]);
      }
      for (const [contactId, records] of recordsOf) {
        const contact = { consent: consentInForce(records) } as Contact;
        await db.run(
          sql`UPDATE ${raw(contacts.table)} SET consent = ${contacts.cell(consentColumn, contact)}, consent_keys = ${contacts.cell(keysColumn, contact)} WHERE workspace_id = ${workspaceId} AND id = ${contactId}`,
        );
      }
    }
  }
}
