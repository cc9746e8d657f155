/**
 * `followups.sweep.sqlite.contacts_per_s` (issue 18): `kit.followUps.runFollowUps` over a SQLite
 * workspace of 1,000,000 contacts (CONTACTKIT_BENCH_SWEEP_CONTACTS for a smaller run), 10% of them with
 * a conversation active within the lookback, a third of those quiet for a day after the assistant's
 * question (a ghosting follow-up due). Contacts per second of the whole workspace, next to a same-run
 * baseline: a bare scan of the same rows (the active conversations by the activity index, and their
 * contacts by id, in the same batches), with hand-written prepared statements.
 *
 * `followups.sweep_again.sqlite.contacts_per_s`: the same sweep run again at the same moment, which
 * creates nothing: the steady state of a sweep run every minute.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import { newConversationFacts } from '../../src/followups/apply-message.js';
import type { Contact } from '../../src/model/contact.js';
import type { ConversationSummary } from '../../src/model/conversation.js';
import { createContactkit } from '../../src/service/index.js';
import { makeContact } from '../../src/testing/fixtures.js';
import { type BenchGroup, type BenchResult, result } from '../harness.js';

const CONTACTS = Number(process.env.CONTACTKIT_BENCH_SWEEP_CONTACTS ?? 1_000_000);
const WS = 'bench';
const HOUR = 3_600_000;
const NOW = new Date('2026-06-02T12:00:00Z');
const CHUNK = 5_000;

/** Fills the store: contacts, and a conversation with facts for every tenth. */
export async function fill(store: SqliteStore): Promise<number> {
  let active = 0;
  for (let start = 0; start < CONTACTS; start += CHUNK) {
    const contacts: Contact[] = [];
    const conversations: ConversationSummary[] = [];
    for (let i = start; i < Math.min(CONTACTS, start + CHUNK); i++) {
      const id = `c${String(i).padStart(7, '0')}`;
      contacts.push(makeContact(WS, id, { preferences: { timezone: i % 2 ? 'Europe/Berlin' : 'UTC' } }));
      if (i % 10 !== 0) continue;
      active++;
      const quietFor = (i % 3 === 0 ? 26 : 2) * HOUR;
      const at = new Date(NOW.getTime() - quietFor);
      const facts = {
        ...newConversationFacts({
          conversationId: `v${id}`,
          channel: 'web',
          startedAt: new Date(at.getTime() - HOUR),
        }),
        lastCustomer: { at: new Date(at.getTime() - 60_000), text: 'how much is it?' },
        lastOutbound: { at, role: 'ai' as const, question: true },
        exchanges: 1,
      };
      conversations.push({
        workspaceId: WS,
        id: `v${id}`,
        contactId: id,
        channel: 'web',
        status: 'open',
        startedAt: facts.startedAt,
        lastMessageAt: at,
        messageCount: 2,
        escalated: false,
        facts,
      });
    }
    await store.transaction(WS, async (tx) => {
      await tx.contacts.insertMany(contacts);
      if (conversations.length) await tx.conversations.insert(conversations);
    });
  }
  return active;
}

/** The bare scan: the same conversations and contacts, batch by batch, by prepared statements. */
function bareScan(db: Database.Database, batch: number, since: number): number {
  const page = db.prepare(
    `SELECT * FROM conversations INDEXED BY conversations_by_activity
     WHERE workspace_id = ? AND (active_at < ? OR (active_at = ? AND id < ?)) ORDER BY active_at DESC, id DESC LIMIT ?`,
  );
  const contact = db.prepare('SELECT * FROM contacts WHERE workspace_id = ? AND id = ?');
  let cursor: [number, string] = [Number.MAX_SAFE_INTEGER, ''];
  let read = 0;
  db.exec('BEGIN');
  for (;;) {
    const rows = page.all(WS, cursor[0], cursor[0], cursor[1], batch) as Array<{
      id: string;
      contact_id: string;
      active_at: number;
      facts: string;
    }>;
    for (const r of rows) {
      if (r.active_at < since) break;
      JSON.parse(r.facts);
      contact.get(WS, r.contact_id);
      read++;
    }
    const last = rows.at(-1);
    if (!last || last.active_at < since || rows.length < batch) break;
    cursor = [last.active_at, last.id];
  }
  db.exec('COMMIT');
  return read;
}

const group: BenchGroup = {
  name: 'followups-sweep',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'contactkit-sweep-'));
    try {
      const db = new Database(join(dir, 'sweep.db'));
      const store = await SqliteStore.open(db);
      const filling = performance.now();
      const active = await fill(store);
      console.error(
        `  filled ${CONTACTS} contacts, ${active} active conversations in ${((performance.now() - filling) / 1000).toFixed(1)} s`,
      );
      const since = NOW.getTime() - 90 * 24 * HOUR;
      let bare = 0;
      for (let round = 0; round < 2; round++) {
        const start = performance.now();
        const read = bareScan(db, 500, since);
        if (read !== active) throw new Error(`bare scan read ${read} of ${active}`);
        bare = Math.max(bare, CONTACTS / ((performance.now() - start) / 1000));
      }
      const kit = createContactkit({ store, clock: () => NOW });
      const first = performance.now();
      const report = await kit.followUps.runFollowUps(WS);
      const sweep = CONTACTS / ((performance.now() - first) / 1000);
      const second = performance.now();
      const again = await kit.followUps.runFollowUps(WS);
      const steady = CONTACTS / ((performance.now() - second) / 1000);
      console.error(
        `  first sweep: ${report.created} follow-ups created, ${report.conversations} conversations read; again: ${again.created} created`,
      );
      db.close();
      return [
        result('followups.sweep.sqlite.contacts_per_s', sweep, 'per_s', bare),
        result('followups.sweep_again.sqlite.contacts_per_s', steady, 'per_s', bare),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default group;
