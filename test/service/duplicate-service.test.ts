import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../adapters/memory/index.js';
import type { Contact } from '../../src/model/contact.js';
import type { Identity } from '../../src/model/identity.js';
import type { WorkspaceConfigInput } from '../../src/model/workspace-config.js';
import { createContactkit } from '../../src/service/index.js';
import { generateChatContacts } from '../dedupe/support/chat-contacts.js';
import { pairwiseScore } from '../dedupe/support/pairwise-score.js';
import { storeChatContacts } from '../dedupe/support/stored-contacts.js';

const NOW = new Date('2026-06-01T12:00:00Z');

function setup(config: WorkspaceConfigInput = {}) {
  const store = new MemoryStore();
  let n = 0;
  const kit = createContactkit({ store, config, clock: () => NOW, ids: () => `id${++n}` });
  return { store, kit };
}

function contact(id: string, profile: Contact['profile']): Contact {
  return {
    id,
    workspaceId: 'ws',
    kind: 'lead',
    profile,
    fieldOrigins: {},
    tags: [],
    customFields: {},
    source: 'chat_widget',
    channels: [],
    stats: { conversations: 0, messages: 0, firstSeenAt: NOW, lastSeenAt: NOW, orders: 0, amountSpent: 0 },
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
  };
}

function identity(contactId: string, type: string, value: string, raw = value): Identity {
  return { workspaceId: 'ws', contactId, type, value, raw, verified: false, firstSeenAt: NOW };
}

async function put(
  store: MemoryStore,
  contacts: readonly Contact[],
  identities: readonly Identity[] = [],
): Promise<void> {
  await store.transaction('ws', async (tx) => {
    await tx.contacts.insertMany(contacts);
    await tx.identities.insertMany(identities);
  });
}

describe('scanning stored contacts for duplicates', () => {
  it('suggests a pair in a workspace of four contacts, where m and u rest on their priors', async () => {
    const { store, kit } = setup();
    await put(store, [
      contact('a', { name: 'Robert Hartley', company: 'Hartley Consulting' }),
      contact('b', { name: 'Robert Hartley', company: 'Hartley Consulting' }),
      contact('c', { name: 'Ana Lima', company: 'Globex' }),
      contact('d', { name: 'Kwame Mensah', company: 'Initech' }),
    ]);
    const scan = await kit.duplicates.scan('ws');
    expect(scan.suggestions.map((s) => s.id)).toEqual(['a|b']);
    expect(scan.suggestions[0]!.probability).toBeGreaterThanOrEqual(0.9);
  });

  it('links sparse contacts on a strong identifier alone: one Gmail mailbox, one WhatsApp number', async () => {
    const { store, kit } = setup();
    await put(
      store,
      [
        contact('v1', { name: 'Visitor 22989' }),
        contact('v2', { name: 'Guest' }),
        contact('w1', {}),
        contact('w2', { name: 'mark' }),
        ...Array.from({ length: 30 }, (_, i) => contact(`x${i}`, { name: `Person${i} Other${i}` })),
      ],
      [
        identity('v1', 'email', 'mark.lim@gmail.com'),
        identity('v2', 'email', 'marklim+shop@googlemail.com'),
        identity('w1', 'phone', '+447911123456'),
        identity('w2', 'whatsapp', '447911123456'),
        ...Array.from({ length: 30 }, (_, i) => identity(`x${i}`, 'email', `p${i}@x${i}.example`)),
      ],
    );
    const scan = await kit.duplicates.scan('ws');
    expect(scan.suggestions.map((s) => s.id).sort()).toEqual(['v1|v2', 'w1|w2']);
    const email = scan.suggestions.find((s) => s.id === 'v1|v2')!;
    // The placeholders are no names: the name counts for nothing either way.
    expect(email.explanation.first_name).toMatchObject({ level: 'missing', weight: 0 });
    expect(email.explanation.email).toMatchObject({ level: 'exact' });
  });

  it('never suggests two contacts with different user ids, whose merge would be refused', async () => {
    const { store, kit } = setup();
    await put(
      store,
      [
        contact('a', { name: 'Robert Hartley', company: 'Hartley Consulting' }),
        contact('b', { name: 'Robert Hartley', company: 'Hartley Consulting' }),
        contact('c', { name: 'Ana Lima' }),
      ],
      [identity('a', 'userId', 'u-1'), identity('b', 'userId', 'u-2')],
    );
    const scan = await kit.duplicates.scan('ws');
    expect(scan.suggestions).toEqual([]);
  });

  it('reads the store a page at a time and finds the same pairs whatever the page size', async () => {
    const { store, kit } = setup();
    const rows = generateChatContacts({ count: 600, seed: 5, sparsity: 0.3 });
    await storeChatContacts(store, 'ws', rows, { now: NOW });
    const big = await kit.duplicates.scan('ws', { limit: 1000 });
    const { kit: again, store: other } = setup();
    await storeChatContacts(other, 'ws', rows, { now: NOW });
    const small = await again.duplicates.scan('ws', { pageSize: 7, limit: 1000 });
    expect(small.suggestions.map((s) => s.id)).toEqual(big.suggestions.map((s) => s.id));
    expect(big.stats.contacts).toBe(600);
    // And what it suggests is right: most pairs are one person.
    const person = new Map(rows.map((r) => [r.id, r.person]));
    const right = big.suggestions.filter(
      (s) => person.get(s.contactIds[0]) === person.get(s.contactIds[1]),
    ).length;
    expect(big.suggestions.length).toBeGreaterThan(30);
    expect(right / big.suggestions.length).toBeGreaterThan(0.9);
  });

  it('bounds, ranks and pages what it stores, and names the keys too common to compare', async () => {
    const { store, kit } = setup();
    // Few distinct names: 1,500 contacts of 3 first names and 2 family names at one company; each
    // person twice, with one number.
    const first = ['Ana', 'Rui', 'Eva'];
    const last = ['Lima', 'Costa'];
    const id = (i: number) => `c${String(i).padStart(4, '0')}`;
    await put(
      store,
      Array.from({ length: 1500 }, (_, i) =>
        contact(id(i), { name: `${first[i % 3]} ${last[Math.floor(i / 3) % 2]}`, company: 'Globex' }),
      ),
      Array.from({ length: 1500 }, (_, i) =>
        identity(
          id(i),
          i % 2 === 0 ? 'phone' : 'whatsapp',
          `+4479110${String(Math.floor(i / 2)).padStart(5, '0')}`,
        ),
      ),
    );
    const scan = await kit.duplicates.scan('ws', { maxSuggestions: 50, limit: 20 });
    expect(scan.stats.stored).toBe(50);
    expect(scan.stats.deferred).toBe(scan.stats.pairs - 50);
    expect(scan.suggestions).toHaveLength(20);
    const weights = scan.suggestions.map((s) => s.weight);
    expect([...weights].sort((a, b) => b - a)).toEqual(weights);
    // Pairs per rule stay near-linear instead of the ~1.1 million all pairs of each name would make.
    expect(scan.stats.candidatePairs).toBeLessThan(200_000);
    expect(scan.warnings.length).toBeGreaterThan(0);
    expect(scan.warnings[0]).toMatch(/share last_name=.*compared with their nearest neighbours only/);
    // The rest of what was stored pages on from the cursor.
    const rest = await kit.duplicates.listSuggestions('ws', { cursor: scan.nextCursor!, limit: 1000 });
    expect(rest.items).toHaveLength(30);
  });

  it('finds the duplicates of a chat list stored as a workspace holds it', async () => {
    const { store, kit } = setup();
    const rows = generateChatContacts({ count: 3000, seed: 11, sparsity: 0.3 });
    await storeChatContacts(store, 'ws', rows, { now: NOW });
    const scan = await kit.duplicates.scan('ws', { limit: 1000, maxSuggestions: 100_000 });
    const all = [...scan.suggestions];
    let cursor = scan.nextCursor;
    while (cursor !== undefined) {
      const page = await kit.duplicates.listSuggestions('ws', { cursor, limit: 1000 });
      all.push(...page.items);
      cursor = page.nextCursor;
    }
    // Score the suggested pairs as clusters (connected), against the truth.
    const ids = rows.map((r) => r.id);
    const parent = new Map(ids.map((id) => [id, id]));
    const find = (x: string): string => {
      while (parent.get(x) !== x) x = parent.get(x)!;
      return x;
    };
    for (const s of all) parent.set(find(s.contactIds[0]), find(s.contactIds[1]));
    const score = pairwiseScore(
      rows.map((r) => String(r.person)),
      ids.map(find),
    );
    console.log(
      `stored chat list (3,000, sparsity 0.3): P ${score.precision.toFixed(3)} R ${score.recall.toFixed(3)} F1 ${score.f1.toFixed(3)}`,
    );
    expect(score.precision).toBeGreaterThan(0.9);
  });
});
