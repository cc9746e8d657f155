/**
 * The main job, end to end, on the embedded default (a SQLite file): chat events from a web widget,
 * WhatsApp and a login become contacts; a clash between two logins is reported, not merged; a duplicate
 * that identity rules cannot see is suggested with its explanation and merged, then undone; the
 * contacts are exported to CSV; one person asks for their data and then to be erased.
 *
 * Run it with `npm run demo`. In your own project the imports are `contactkit` and `contactkit/sqlite`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../adapters/sqlite/index.js';
import { type ChatEventInput, createContactkit } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'contactkit-demo-'));
const db = new Database(join(dir, 'contactkit.db'));
const store = await SqliteStore.open(db);
const kit = createContactkit({ store, config: { defaultCountry: 'US' } });
const ws = 'acme-shop';
const say = (text = '') => console.log(text);

let n = 0;
const event = (e: Omit<ChatEventInput, 'workspaceId' | 'eventId' | 'occurredAt'>): ChatEventInput => ({
  workspaceId: ws,
  eventId: `evt_${++n}`,
  occurredAt: new Date(Date.UTC(2026, 10, 1, 9, n)),
  ...e,
});

say('1. Chat events become contacts');
const stream: Array<[string, ChatEventInput]> = [
  [
    'anonymous visitor on the web widget',
    event({
      channel: 'web',
      identities: { cookie: 'ck_7f3a' },
      conversation: { id: 'conv_1', inbox: 'acme.com' },
      message: { text: 'Do you ship to Lisbon?' },
    }),
  ],
  [
    'same visitor leaves an email',
    event({
      channel: 'web',
      identities: { cookie: 'ck_7f3a', email: ' Ana.Lima@Example.COM ' },
      profileOrigin: 'bot',
      profile: { name: 'ana lima' },
      conversation: { id: 'conv_1' },
      message: { text: 'ana.lima@example.com' },
    }),
  ],
  [
    'a WhatsApp message from a number typed on a form',
    event({
      channel: 'web',
      identities: { email: 'ana.lima@example.com', phone: '(415) 555-2671' },
      type: 'profile',
    }),
  ],
  [
    'the same number writes on WhatsApp',
    event({
      channel: 'whatsapp',
      identities: { whatsapp: '14155552671' },
      conversation: { id: 'conv_2', inbox: 'WhatsApp' },
      message: { text: 'Hi, it is Ana again' },
    }),
  ],
  [
    'she logs in: the host identifies her',
    event({
      channel: 'web',
      type: 'identify',
      identities: { userId: 'user_1001', email: 'ana.lima@example.com' },
    }),
  ],
  [
    'another user types her email',
    event({
      channel: 'web',
      identities: { userId: 'user_2002', email: 'ana.lima@example.com' },
      message: { text: 'Is this my account?' },
    }),
  ],
  [
    'an order placed through the assistant',
    event({
      channel: 'web',
      type: 'order',
      identities: { userId: 'user_1001' },
      order: { orderId: 'ord_9', amount: 129.9, currency: 'EUR', viaAssistant: true },
    }),
  ],
];
let ana = '';
for (const [what, e] of stream) {
  const o = await kit.contacts.ingest(e);
  ana ||= o.contactId;
  const extra = o.conflicts
    .map((c) => `; ${c.type} ${c.value} stays with ${c.heldBy} (${c.reason})`)
    .join('');
  say(
    `   ${what.padEnd(48)} → ${o.kind.padEnd(8)} ${o.contactId}${o.promoted ? ' (now a customer)' : ''}${extra}`,
  );
}

const view = (await kit.contacts.getContact(ws, ana))!;
say();
say(`2. One contact for Ana: ${view.contact.profile.name}, ${view.contact.kind}, status ${view.status}`);
say(`   identities: ${view.identities.map((i) => `${i.type}:${i.value}`).join(', ')}`);
say(
  `   channels ${view.contact.channels.join(', ')}; ${view.contact.stats.messages} messages in ${view.contact.stats.conversations} conversations; spent ${view.contact.stats.amountSpent}`,
);
say(
  `   timeline: ${[...view.timeline.items]
    .reverse()
    .map((a) => a.type)
    .join(' → ')}`,
);

say();
say('3. A duplicate identity rules cannot see: the same person from a lead form, with a nickname');
// No filler needed: with a handful of contacts the matcher runs on its documented priors.
const bob = await kit.contacts.ingest(
  event({
    channel: 'web',
    source: 'lead_form',
    identities: { email: 'robert.hartley@hartley-consulting.com' },
    profile: { name: 'Robert Hartley', company: 'Hartley Consulting', address: { city: 'Boston' } },
  }),
);
const bobby = await kit.contacts.ingest(
  event({
    channel: 'telegram',
    identities: { telegram: '88120311', email: 'bob.hartley@gmail.com' },
    profile: { name: 'Bob Hartley', company: 'Hartley Consulting', address: { city: 'Boston' } },
  }),
);
const scan = await kit.duplicates.scan(ws);
for (const s of scan.suggestions) {
  const why = Object.entries(s.explanation)
    .map(([field, part]) => ({ field, ...(part as { level: string; weight: number }) }))
    .filter((p) => p.level !== 'missing')
    .map((p) => `${p.field} ${p.level} ${p.weight >= 0 ? '+' : ''}${p.weight.toFixed(1)}`)
    .join(', ');
  say(
    `   suggested ${s.contactIds.join(' + ')}, probability ${s.probability.toFixed(3)}, weight ${s.weight.toFixed(1)}:`,
  );
  say(`     ${why}`);
}
const suggestion = scan.suggestions.find(
  (s) => s.contactIds.includes(bob.contactId) && s.contactIds.includes(bobby.contactId),
);
if (suggestion) {
  const merged = await kit.duplicates.acceptSuggestion(ws, suggestion.id, { actor: 'demo' });
  say(
    `   accepted: merged into ${merged.contact.id} (${merged.contact.profile.name}), merge record ${merged.record.id}`,
  );
  say(
    `   it now holds ${merged.record.rows[0]?.identities.length ?? 0} identities brought by the other contact`,
  );
  const undone = await kit.merges.unmerge(ws, merged.record.id, { actor: 'demo' });
  say(`   undone: restored ${undone.restored.map((c) => `${c.id} (${c.profile.name})`).join(', ')}`);
}

say();
say("4. Export the customers segment to CSV, safe to open in a spreadsheet (note the phone's leading ')");
const chunks: string[] = [];
const file = kit.exports.export({
  workspaceId: ws,
  format: 'csv',
  segment: { type: 'kind', is: 'customer' },
  columns: ['id', 'profile.name', 'identity.email', 'identity.phone', 'identity.userId', 'stats.amountSpent'],
});
for await (const chunk of file) chunks.push(String(chunk));
for (const line of chunks.join('').trim().split('\n')) say(`   ${line}`);

say();
say('5. Ana asks for her data, then to be erased');
const subject = await kit.privacy.exportSubject(ws, ana);
say(
  `   subject export: ${JSON.stringify(subject).length} bytes (profile, identities, timeline, consent, merges)`,
);
await kit.privacy.erase(ws, ana);
const again = await kit.contacts.ingest(
  event({ channel: 'web', identities: { email: 'ana.lima@example.com' } }),
);
say(`   after erasure her email is unknown again: next event → ${again.kind} ${again.contactId}`);

await store.close();
db.close();
rmSync(dir, { recursive: true, force: true });
