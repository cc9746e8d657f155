import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { PostgresStore } from '../../adapters/postgres/index.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';
import { createContactkit } from '../../src/service/index.js';
import { DAY, HOUR, T0 } from '../support/follow-up-setup.js';
import { type TestPostgres, testPostgres } from '../support/postgres.js';

/*
 * Two sweeps racing on Postgres, each on its own pool, at the same `now`: every due follow-up and review
 * item is created once, and each conversation counts its items once. On PGlite (one connection, no
 * server) the sweeps take turns; the real server (CONTACTKIT_PG_URL, always set in CI) races them.
 */

const PEOPLE = 120;

describe('follow-up sweeps racing on Postgres', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await testPostgres();
    if (pg.engine === 'pglite') console.info('[pglite] the two sweeps take turns on one connection');
  });
  afterAll(() => pg.dispose());

  it('create each item once, and count it once on its conversation', { timeout: 120_000 }, async () => {
    let now = new Date(T0);
    const clock = () => now;
    const a = await PostgresStore.open(pg.driver, { schema: pg.schema });
    const other = await pg.connect(4);
    const b = await PostgresStore.open(other.driver, { schema: pg.schema });
    const kitA = createContactkit({ store: a, clock });
    const kitB = createContactkit({ store: b, clock });
    try {
      const events: ChatEventInput[] = [];
      let seq = 0;
      const event = (person: number, e: Partial<ChatEventInput>): ChatEventInput => ({
        workspaceId: 'ws',
        eventId: `e${++seq}`,
        occurredAt: new Date(T0 + seq * 1000),
        channel: person % 3 === 0 ? 'whatsapp' : 'web',
        identities: { email: `p${person}@example.com` },
        conversation: { id: `c${person}` },
        ...e,
      });
      for (let p = 0; p < PEOPLE; p++) {
        // Every third customer is frustrated: a review item as well as a follow-up.
        events.push(event(p, { message: { text: 'hello', ...(p % 3 === 1 ? { sentiment: -0.9 } : {}) } }));
        events.push(
          event(p, { message: { text: 'Which size do you need?', role: 'ai', markers: { question: true } } }),
        );
      }
      await kitA.contacts.ingestBatch(events);
      now = new Date(T0 + DAY + 2 * HOUR);
      const [ra, rb] = await Promise.all([
        kitA.followUps.runFollowUps('ws'),
        kitB.followUps.runFollowUps('ws'),
      ]);
      console.info(
        `sweep A created ${ra.created} (+${ra.reviewsOpened} reviews), B ${rb.created} (+${rb.reviewsOpened})`,
      );
      assert.equal(ra.created + rb.created, PEOPLE, 'follow-ups created across both sweeps');
      assert.equal(ra.reviewsOpened + rb.reviewsOpened, PEOPLE / 3, 'review items opened across both sweeps');
      // And again, both at once: nothing more.
      const again = await Promise.all([kitA.followUps.runFollowUps('ws'), kitB.followUps.runFollowUps('ws')]);
      assert.deepEqual(
        again.map((r) => [r.created, r.reviewsOpened]),
        [
          [0, 0],
          [0, 0],
        ],
      );
      const counts = await a.inspect('ws');
      assert.equal(counts.followUps, PEOPLE);
      assert.equal(counts.reviewItems, PEOPLE / 3);
      const conversations = await a.transaction('ws', (tx) => tx.conversations.find({ limit: 1000 }));
      for (const c of conversations.items) assert.equal(c.facts?.followUpsSinceReply, 1, c.id);
      const created = await a.transaction('ws', (tx) => tx.log.events({ limit: 1000 }));
      assert.equal(
        created.filter((e) => e.type === 'follow_up.created').length,
        PEOPLE,
        'one event per item',
      );
    } finally {
      await other.close();
    }
  });
});
