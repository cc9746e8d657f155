/**
 * Quick start: normalize messy identities as they arrive from a chat widget, a WhatsApp message and a CSV
 * row, store two contacts and their identities in one transaction on the in-memory adapter, then look a
 * contact up by an identity typed differently.
 *
 * Run it with `npm run demo`. In your own project the imports are `contactkit` and `contactkit/memory`.
 */
import { MemoryStore } from '../adapters/memory/index.js';
import { type Contact, type Identity, normalizeEmail, normalizeName, normalizePhone } from '../src/index.js';

const workspaceId = 'ws_demo';
const now = new Date();

// What arrived, as people typed it.
const incoming = [
  {
    id: 'c_ana',
    name: '  ANA   LIMA ',
    email: ' Ana.Lima@Bücher.DE ',
    phone: '5511987654321',
    country: 'BR',
  },
  {
    id: 'c_sven',
    name: 'sven van dijk',
    email: 'Sven <SVEN@Example.org>',
    phone: '030 1234567',
    country: 'DE',
  },
];

function contact(id: string, name: string, email: string, phone: string): Contact {
  const n = normalizeName({ full: name });
  return {
    id,
    workspaceId,
    kind: 'lead',
    profile: {
      name: n.full,
      ...(n.first ? { firstName: n.first } : {}),
      ...(n.last ? { lastName: n.last } : {}),
      email,
      phone,
    },
    fieldOrigins: {},
    tags: [],
    customFields: {},
    source: 'chat_widget',
    channels: ['web'],
    stats: { conversations: 0, messages: 0, firstSeenAt: now, lastSeenAt: now, orders: 0, amountSpent: 0 },
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

const contacts: Contact[] = [];
const identities: Identity[] = [];
for (const row of incoming) {
  const email = normalizeEmail(row.email);
  // A WhatsApp id is international digits without "+"; a typed number is read in the record's country.
  const phone = normalizePhone(row.phone, { defaultCountry: row.country, international: row.id === 'c_ana' });
  console.log(
    `${JSON.stringify(row.email)} -> ${email.value}    ${JSON.stringify(row.phone)} -> ${phone.value}`,
  );
  contacts.push(contact(row.id, row.name, email.value, phone.value));
  for (const [type, value, raw] of [
    ['email', email.value, email.raw],
    ['phone', phone.value, phone.raw],
  ] as const) {
    identities.push({ workspaceId, contactId: row.id, type, value, raw, verified: false, firstSeenAt: now });
  }
}

const store = new MemoryStore();
// Contacts and their identities commit together, or not at all.
await store.transaction(workspaceId, async (tx) => {
  await tx.contacts.insertMany(contacts);
  await tx.identities.insertMany(identities);
});

// Later, someone writes in with the same address typed another way: normalization finds the contact.
const typed = 'ANA.LIMA@bücher.de';
const found = await store.transaction(workspaceId, async (tx) => {
  const [identity] = await tx.identities.findByKeys([{ type: 'email', value: normalizeEmail(typed).value }]);
  return identity ? tx.contacts.get(identity.contactId) : null;
});
console.log(`\n${JSON.stringify(typed)} belongs to: ${found?.profile.name} (${found?.id})`);

const stored = await store.transaction(workspaceId, async (tx) => ({
  contacts: await tx.contacts.count(),
  identities: (await tx.identities.listByContacts(contacts.map((c) => c.id))).length,
}));
console.log(`stored ${stored.contacts} contacts and ${stored.identities} identities in ${workspaceId}`);
await store.close();
