/**
 * The deciding half of the import's same-work baseline: a CSV import as an expert would write it around
 * the product's rules, on the Maps of an {@link ExpertIntake}.
 *
 * Each row is decoded, mapped and validated once by the pure pipeline (`importCsv`), turned into the
 * chat event intake takes (`candidateEvent`), decided by the same rules as every chat event, and what a
 * chat event cannot carry (consents, notes, more identities, totals) is planned by the core's pure
 * `planImportExtras`. Left out is what the import service puts around them: the passes that hash the
 * file for its import id and check it whole before writing (the expert is handed the import id), the
 * service's transaction and the working set. The SQL half is the bare replay of the rows the library
 * wrote (bench/support/same-work.ts).
 *
 * {@link ExpertImport.run} returns, per batch, the rows it wrote by repository call, so a test can check
 * they are exactly the import service's.
 */
import type { Readable } from 'node:stream';
import { importCsv, inBatches } from '../../src/csv/import/import-csv.js';
import { candidateEvent } from '../../src/csv/import/rows/candidate-event.js';
import { candidateExtras, extraClaims, identityHeaders } from '../../src/csv/import/rows/candidate-extras.js';
import { planImportExtras, type RowExtras } from '../../src/csv/import/rows/plan-import-extras.js';
import { rememberNormalized } from '../../src/identity/claims.js';
import type { ConsentRecord } from '../../src/model/consent.js';
import type { Note } from '../../src/model/note.js';
import type { ExpertIntake } from './expert-intake.js';

/** A batch's rows by the repository call that writes them, in the order the import service writes them. */
export type ExpertImportBatch = Record<string, unknown[]>;

/** An expert's import into the Maps of `intake`. */
export class ExpertImport {
  private readonly consentsOf = new Map<string, ConsentRecord[]>();
  private readonly notesOf = new Map<string, Note[]>();

  constructor(private readonly intake: ExpertIntake) {}

  /**
   * Imports a file: every row validated once, then a batch of `batchSize` rows at a time decided and
   * applied. `onBatch` gets each batch's rows (untimed work for a test; the bench passes nothing).
   */
  async run(
    source: Readable,
    options: { workspaceId: string; importId: string; batchSize?: number },
    onBatch?: (rows: ExpertImportBatch) => void,
  ): Promise<number> {
    const { intake } = this;
    const config = intake.config;
    const occurredAt = intake.clock();
    const csv = await importCsv(source, { defaultCountry: config.defaultCountry });
    const sourceLabel = `import:${csv.mapping.preset ?? 'csv'}`;
    const headerOf = identityHeaders(csv.mapping);
    const statsHeader = csv.mapping.columns.find((c) => c.target.kind === 'stat')?.header ?? '';
    const eventOptions = {
      workspaceId: options.workspaceId,
      importId: options.importId,
      occurredAt,
      profileOrigin: 'import' as const,
    };
    let rows = 0;
    for await (const batch of inBatches(csv.results, options.batchSize ?? 1000)) {
      const candidates = [];
      for (const result of batch) {
        rows++;
        if (result.ok) candidates.push(result.candidate);
      }
      const events = candidates.map((candidate) => {
        const event = candidateEvent(candidate, eventOptions);
        // The row's phone is E.164 already: intake need not normalise it again.
        const phone = event.identities.phone;
        if (phone !== undefined)
          rememberNormalized(intake.cache, 'phone', phone, event.country ?? config.defaultCountry, {
            type: 'phone',
            value: phone,
          });
        return event;
      });
      const decided = intake.decide(events);

      // What a chat event cannot carry.
      const extras: RowExtras[] = [];
      candidates.forEach((candidate, index) => {
        const more = candidateExtras(candidate, candidate.moreIdentities);
        if (!more) return;
        extras.push({
          index,
          row: candidate.row,
          contactId: decided.contactIds[index]!,
          claims: extraClaims(more.identities, config, candidate.country, intake.cache),
          consents: more.consents,
          notes: more.notes,
          stats: more.stats,
        });
      });
      const holders = new Map<string, string>();
      for (const r of extras)
        for (const c of r.claims) {
          const key = c.key;
          const holder = intake.holderOf(key);
          if (holder !== undefined) holders.set(key, holder);
        }
      const plan = planImportExtras(
        extras,
        {
          holders,
          consentsOf: (id) => (decided.created.has(id) ? [] : (this.consentsOf.get(id) ?? [])),
          notesOf: (id) => (decided.created.has(id) ? [] : (this.notesOf.get(id) ?? [])),
          contactOf: (id) => intake.contacts.get(id),
        },
        {
          workspaceId: options.workspaceId,
          config,
          at: occurredAt,
          now: intake.clock(),
          source: sourceLabel,
          newId: intake.newId,
          identityHeader: (type) => headerOf.get(type) ?? type,
          statsHeader,
        },
      );
      intake.applyRows({ identities: plan.identities, contacts: plan.contacts, log: plan.log });
      for (const c of plan.consents) push(this.consentsOf, c.contactId, c);
      for (const n of plan.notes) push(this.notesOf, n.contactId, n);

      if (onBatch) {
        const r = decided.rows;
        const out: ExpertImportBatch = {
          'contacts.insertMany': r.insertContacts,
          'identities.insertMany': [...r.identities, ...plan.identities],
          'contacts.updateMany': [...r.updateContacts, ...plan.contacts],
          'conversations.insert': r.newConversations,
          'conversations.put': r.changedConversations,
          'processedEvents.insert': r.processed,
          'scoreLedger.insert': r.ledger,
          'merges.insert': r.merges,
          'consents.insert': [...plan.consents],
          'notes.insert': [...plan.notes],
          'log.append': [...r.log, ...plan.log],
        };
        for (const key of Object.keys(out)) if (out[key]!.length === 0) delete out[key];
        onBatch(out);
      }
    }
    return rows;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
