/**
 * The demo's story over any store: the sample's chat events and Mailchimp list go in, and each
 * section shows one thing contactkit does with them. `npm run demo` and `contactkit demo` both run it.
 */
import { explainSuggestion } from '../../src/cli/format.js';
import type { Contact } from '../../src/model/contact.js';
import type { ContactStore } from '../../src/ports/store.js';
import { type Contactkit, createContactkit } from '../../src/service/contactkit.js';
import { CAST, DEMO_NOW, DEMO_WORKSPACE, demoSample } from './sample.js';

/** The section titles, in order: the demo's table of contents, and what its test looks for. */
export const DEMO_SECTIONS = [
  'Contacts made and linked across channels',
  'A refused identity conflict',
  'Duplicates explained, one merge undone',
  'Statuses, stages, grades and the top leads',
  'A segment and its export',
  'Due follow-ups and review items',
  "A person's data exported and erased",
] as const;

/** The demo's figures, for `contactkit demo --json` and the test. */
export interface DemoSummary {
  events: number;
  contacts: number;
  multiChannel: number;
  customers: number;
  promoted: number;
  csv: { rows: number; created: number; updated: number; rejected: number };
  conflicts: number;
  suggestions: number;
  mergeUndone: boolean;
  byStatus: Record<string, number>;
  byStage: Record<string, number>;
  byGrade: Record<string, number>;
  topLeads: Array<{ id: string; name: string | null; score: number; grade: string }>;
  segment: { rows: number };
  followUps: number;
  reviews: number;
  erased: { contactId: string; exportBytes: number; emailKnownAfter: boolean };
}

/** Where the demo prints, and the store it fills. */
export interface DemoOptions {
  readonly store: ContactStore;
  readonly say: (line?: string) => void;
}

const tally = (into: Record<string, number>, key: string) => {
  into[key] = (into[key] ?? 0) + 1;
};
const counts = (r: Record<string, number>) =>
  Object.entries(r)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

async function allContacts(kit: Contactkit): Promise<Contact[]> {
  const out: Contact[] = [];
  let cursor: string | undefined;
  do {
    const page = await kit.context.store.transaction(DEMO_WORKSPACE, (tx) =>
      tx.contacts.list({ limit: 1000, ...(cursor === undefined ? {} : { cursor }) }),
    );
    out.push(...page.items.filter((c) => c.deletedAt === undefined));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}

async function idOf(kit: Contactkit, type: string, value: string): Promise<string> {
  const found = await kit.contacts.lookupIdentity(DEMO_WORKSPACE, { type, value });
  if (found.status !== 'held') throw new Error(`demo: no contact holds ${type} ${value} (${found.status})`);
  return found.contact.id;
}

/**
 * Runs the whole story on `store` (which should be empty), printing each section through `say`.
 *
 * @example
 * ```ts
 * const summary = await runDemo({ store: new MemoryStore(), say: console.log });
 * ```
 */
export async function runDemo({ store, say }: DemoOptions): Promise<DemoSummary> {
  // A shop: a first order makes a lead a customer, as logging in does.
  const kit = createContactkit({
    store,
    clock: () => DEMO_NOW,
    config: { defaultCountry: 'US', promotion: { onFirstOrder: true } },
  });
  const ws = DEMO_WORKSPACE;
  const { events, mailchimpCsv } = demoSample();
  const heading = (n: number) => {
    say();
    say(`${n + 1}. ${DEMO_SECTIONS[n]}`);
  };

  // 1. Intake.
  heading(0);
  const outcomes = new Map<string, Awaited<ReturnType<Contactkit['contacts']['ingest']>>>();
  let promoted = 0;
  const conflicts: string[] = [];
  for (let i = 0; i < events.length; i += 250) {
    const results = await kit.contacts.ingestBatch(events.slice(i, i + 250));
    for (const r of results) {
      if (!r.ok) throw new Error(`demo: event ${r.eventId} failed: ${r.error.message}`);
      outcomes.set(r.eventId, r.outcome);
      if (r.outcome.promoted) promoted++;
      for (const c of r.outcome.conflicts)
        conflicts.push(`${r.eventId}: ${c.type} ${c.value} stays with ${c.heldBy} (${c.reason})`);
    }
  }
  const channels: Record<string, number> = {};
  for (const e of events) tally(channels, e.channel);
  let contacts = await allContacts(kit);
  const multi = contacts.filter((c) => c.channels.length > 1);
  say(`   ${events.length} chat events (${counts(channels)}) became ${contacts.length} contacts`);
  say(`   ${multi.length} people are one contact across channels, e.g.:`);
  for (const c of multi.slice(0, 3)) say(`     ${c.profile.name ?? c.id}: ${c.channels.join(' + ')}`);
  const anaId = await idOf(kit, 'email', CAST.ana.email);
  const ana = (await kit.contacts.getContact(ws, anaId))!;
  say(`   Ana Lima's journey, one contact ${anaId}:`);
  for (const id of ['ana-1', 'ana-2', 'ana-3', 'ana-4', 'ana-5', 'ana-6']) {
    const o = outcomes.get(id)!;
    const what = events.find((e) => e.eventId === id)!;
    say(
      `     ${what.channel.padEnd(8)} ${String(what.type ?? 'message').padEnd(8)} → ${o.kind}${o.attached.length > 0 ? `, linked ${o.attached.map((a) => a.type).join(' + ')}` : ''}${o.promoted ? ', now a customer' : ''}`,
    );
  }
  say(`     identities: ${ana.identities.map((i) => `${i.type}:${i.value}`).join(', ')}`);
  say(`   ${promoted} leads became customers, by logging in or by their first order`);
  const csv = await kit.imports.importFile(new TextEncoder().encode(mailchimpCsv), { workspaceId: ws });
  say(
    `   Mailchimp CSV (preset ${csv.mapping.preset ?? 'none'}): ${csv.rows} rows, ${csv.created} new, ${csv.updated} matched to people who chat, ${csv.unchanged} unchanged, ${csv.rejected} rejected:`,
  );
  for (const e of csv.errors) say(`     row ${e.row}, column "${e.column}": ${e.reason}`);

  // 2. The conflict, as intake reported it.
  heading(1);
  say("   Another account (user_2002) typed Ana's email. Two user ids are two people, so the email stays");
  say('   with Ana and the event makes its own contact; the conflict is reported, not merged:');
  for (const line of conflicts) say(`     ${line}`);

  // 3. Duplicates.
  heading(2);
  const scan = await kit.duplicates.scan(ws, { limit: 5 });
  say(
    `   scan of ${scan.stats.contacts} contacts: ${scan.stats.candidatePairs} pairs compared, ${scan.stats.pairs} likely duplicate${scan.stats.pairs === 1 ? '' : 's'}`,
  );
  for (const s of scan.suggestions.slice(0, 5)) {
    const [a, b] = await kit.context.store.transaction(ws, (tx) => tx.contacts.getMany(s.contactIds));
    say(
      `     ${a?.profile.name ?? s.contactIds[0]} + ${b?.profile.name ?? s.contactIds[1]}  p=${s.probability.toFixed(3)}`,
    );
    say(`       because ${explainSuggestion(s)}`);
  }
  const robert = await idOf(kit, 'email', CAST.robert.email);
  const bob = await idOf(kit, 'telegram', CAST.bob.telegram);
  const hartleys = scan.suggestions.find((s) => s.contactIds.includes(robert) && s.contactIds.includes(bob));
  let mergeUndone = false;
  if (hartleys) {
    const merged = await kit.duplicates.acceptSuggestion(ws, hartleys.id, { actor: 'demo' });
    say(
      `   accepted Robert + Bob Hartley: one contact ${merged.contact.id} with ${merged.contact.channels.join(' + ')}, merge ${merged.record.id}`,
    );
    const undone = await kit.merges.unmerge(ws, merged.record.id, { actor: 'demo' });
    mergeUndone = undone.restored.length === 1;
    say(
      `   undone: ${undone.restored.map((c) => `${c.profile.name} (${c.id})`).join(', ')} is back, with its identities`,
    );
  } else say('   (the Hartleys were not among the likeliest suggestions this time)');

  // 4. Classification.
  heading(3);
  const sweep = await kit.classification.reclassify(ws);
  contacts = await allContacts(kit);
  const byStatus: Record<string, number> = {};
  const byStage: Record<string, number> = {};
  const byGrade: Record<string, number> = {};
  for (const c of contacts) {
    tally(byStatus, c.classification?.status ?? 'unclassified');
    tally(byStage, c.classification?.stage ?? 'none');
    tally(byGrade, c.classification?.grade ?? '-');
  }
  say(`   reclassified ${sweep.scanned} contacts as of ${DEMO_NOW.toISOString().slice(0, 10)}`);
  say(`   status: ${counts(byStatus)}`);
  say(`   stage:  ${counts(byStage)}`);
  say(`   grade:  ${counts(byGrade)}`);
  const top = contacts
    .filter((c) => c.kind === 'lead')
    .sort(
      (a, b) => (b.classification?.score ?? 0) - (a.classification?.score ?? 0) || a.id.localeCompare(b.id),
    )
    .slice(0, 3);
  say('   top leads, with the ledger behind each score:');
  for (const c of top) {
    say(
      `     ${c.profile.name ?? `an anonymous visitor (${c.id})`}: score ${c.classification?.score}, grade ${c.classification?.grade}`,
    );
    const ledger = await kit.classification.ledger(ws, c.id);
    for (const e of ledger.items)
      say(`       ${e.at.toISOString().slice(0, 10)} ${e.ruleId.padEnd(18)} +${e.points} (${e.category})`);
  }

  // 5. A segment and its export.
  heading(4);
  // Saved once, the segment is a name the whole team uses: lists, counts and exports compile it to SQL.
  const filter = {
    type: 'and' as const,
    filters: [
      { type: 'kind' as const, is: 'lead' as const },
      { type: 'channel' as const, any: ['whatsapp'] },
    ],
  };
  const saved = await kit.lists.createSegment(ws, { name: 'WhatsApp leads', filter });
  const count = await kit.lists.count(ws, { segment: saved.id });
  const hottest = await kit.lists.page(ws, {
    segment: saved.id,
    sort: { field: 'score', direction: 'desc' },
    limit: 3,
    total: 'none',
  });
  say(`   saved segment "${saved.name}" (${saved.id}): ${JSON.stringify(filter)}`);
  say(
    `   ${count} contacts; the first page sorted by score: ${hottest.items.map((c) => c.profile?.name ?? c.id).join(', ')}`,
  );
  const file = kit.exports.export({
    workspaceId: ws,
    format: 'csv',
    preset: 'hubspot',
    segment: { type: 'segment', id: saved.id },
  });
  let text = '';
  for await (const chunk of file) text += String(chunk);
  const lines = text.trim().split('\r\n');
  say(`   exported ${file.rows} contacts for HubSpot (phones as +1…, no leading '):`);
  for (const line of lines.slice(0, 4)) say(`     ${line}`);

  // 6. Follow-ups and review.
  heading(5);
  const due = await kit.followUps.runFollowUps(ws);
  say(
    `   sweep at ${DEMO_NOW.toISOString().slice(0, 16).replace('T', ' ')}: ${due.created} follow-ups due, ${due.reviewsOpened} conversations for a person to review`,
  );
  const queue = await kit.followUps.queue(ws, { limit: 3 });
  const reviews = await kit.review.queue(ws, { limit: 3 });
  const nameOf = async (id: string) =>
    (await kit.context.store.transaction(ws, (tx) => tx.contacts.get(id)))?.profile.name ??
    'an anonymous visitor';
  for (const f of queue.items)
    say(
      `     follow up ${await nameOf(f.contactId)} on ${f.channel}: ${f.reason}, due ${f.dueAt.toISOString().slice(0, 16)}`,
    );
  for (const r of reviews.items) say(`     review ${await nameOf(r.contactId)}: ${r.reason}: ${r.summary}`);

  // 7. Privacy.
  heading(6);
  const marta = await idOf(kit, 'email', CAST.marta.email);
  const subject = await kit.privacy.exportSubject(ws, marta);
  const bytes = JSON.stringify(subject).length;
  say(
    `   Marta Nowak asked for her data: ${bytes} bytes of JSON (profile, ${subject.identities.length} identities, ${subject.timeline.length} timeline entries, ${subject.conversations.length} conversations, scores, consent, merges)`,
  );
  const erased = await kit.privacy.erase(ws, marta);
  const removed = Object.entries(erased.removed)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  const after = await kit.contacts.lookupIdentity(ws, { type: 'email', value: CAST.marta.email });
  say(`   then to be erased: rows deleted: ${removed}`);
  say(
    `   her email now: ${after.status === 'held' ? 'still held (!)' : 'unknown'}; only her contact id remains, in a contact.erased event`,
  );

  const customers = contacts.filter((c) => c.kind === 'customer').length;
  return {
    events: events.length,
    contacts: contacts.length,
    multiChannel: multi.length,
    customers,
    promoted,
    csv: { rows: csv.rows, created: csv.created, updated: csv.updated, rejected: csv.rejected },
    conflicts: conflicts.length,
    suggestions: scan.stats.pairs,
    mergeUndone,
    byStatus,
    byStage,
    byGrade,
    topLeads: top.map((c) => ({
      id: c.id,
      name: c.profile.name ?? null,
      score: c.classification?.score ?? 0,
      grade: c.classification?.grade ?? '-',
    })),
    segment: { rows: file.rows },
    followUps: due.created,
    reviews: due.reviewsOpened,
    erased: { contactId: marta, exportBytes: bytes, emailKnownAfter: after.status === 'held' },
  };
}
