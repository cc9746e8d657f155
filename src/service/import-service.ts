import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ByteSource, CsvEncoding } from '../csv/import/decode/decode.js';
import { importCsv, inBatches } from '../csv/import/import-csv.js';
import type { ColumnMapping } from '../csv/import/map/map-columns.js';
import { PRESET_NAMES } from '../csv/import/presets/preset.js';
import { checkCsvFile } from '../csv/import/read-csv.js';
import type { ImportCandidate, ImportRejection } from '../csv/import/rows/candidate.js';
import {
  CandidateEventOptionsSchema,
  candidateEvent,
  type ParsedCandidateEventOptions,
} from '../csv/import/rows/candidate-event.js';
import {
  type CandidateExtras,
  candidateExtras,
  eventIdentitiesOf,
  extraClaims,
  identityHeaders,
} from '../csv/import/rows/candidate-extras.js';
import {
  type ImportRowWarning,
  planImportExtras,
  type RowExtras,
} from '../csv/import/rows/plan-import-extras.js';
import { CSV_DELIMITERS, type CsvDelimiter } from '../csv/import/sniff/sniff-delimiter.js';
import { ValidationError } from '../errors/errors.js';
import { type IdentityClaim, type NormalizedValue, rememberNormalized } from '../identity/claims.js';
import type { IngestResult } from '../intake/outcome.js';
import type { ChatEvent, EventIdentities } from '../model/chat-event.js';
import { IdentityTypeSchema, identityKeyString } from '../model/identity.js';
import { parseInput } from '../model/parse.js';
import { CountryCodeSchema } from '../model/primitives.js';
import { sameType } from '../model/same-type.js';
import type { WorkspaceConfig } from '../model/workspace-config.js';
import type { WorkspaceTransaction } from '../ports/store.js';
import type { OwnedTable } from '../ports/table.js';
import { ContactService } from './contact-service.js';
import { applyEvents, type IntakeContext, resultOf } from './intake.js';
import { ServiceContext, type ServiceOptions } from './runtime/context.js';

/**
 * The file to import. Bytes, or a function that opens the file (called once for each pass: to hash
 * it, to check it whole before anything is written, and to import it, so no pass holds the whole file).
 */
export type ImportSource = Uint8Array | (() => ByteSource);

/** What an import does, checked at the edge. */
export const ImportOptionsSchema = z.object({
  workspaceId: z.string().trim().min(1).max(200),
  /**
   * The run's id, which makes the event ids (`import:<importId>:<row>`). Default: derived from the
   * workspace, these options and the file's SHA-256, so importing the same file again is recognised.
   */
  importId: z.string().trim().min(1).max(100).optional(),
  /** Validate and report what would happen, writing nothing. */
  dryRun: z.boolean().default(false),
  /**
   * Rows of the file that share an identity: `merge` (default) resolves them like live intake, into one
   * contact, later rows updating it; `report` imports the first and rejects the others.
   */
  duplicates: z.enum(['merge', 'report']).default('merge'),
  /**
   * Resolve rows by this identity type only (`email`, `phone`, `userId`, or a custom type such as
   * `hubspot_id`). A row without it is rejected; its other identities are attached when nobody holds them.
   */
  upsertKey: IdentityTypeSchema.optional(),
  preset: z.enum([...PRESET_NAMES, 'none']).optional(),
  /** Header → target name (`"identity.email"`, `"custom.plan"`, `"ignore"`). */
  overrides: z.record(z.string(), z.string()).optional(),
  /** Country for national phone numbers; default: the workspace's. */
  defaultCountry: CountryCodeSchema.optional(),
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
  delimiter: z.enum(CSV_DELIMITERS).optional(),
  /** Rows per write (default 1000). */
  batchSize: z.number().int().min(1).max(10_000).default(1000),
});

/** Options for {@link ImportService.importFile}. */
export interface ImportOptions {
  /** The workspace the rows go to. */
  workspaceId: string;
  /**
   * The run's id, which makes the event ids (`import:<importId>:<row>`). Default: derived from the
   * workspace, these options and the file's SHA-256, so importing the same file again is recognised.
   */
  importId?: string | undefined;
  /** Validate and report what would happen, writing nothing (default false). */
  dryRun?: boolean | undefined;
  /**
   * Rows of the file that share an identity: `merge` (default) resolves them like live intake, into one
   * contact, later rows updating it; `report` imports the first and rejects the others.
   */
  duplicates?: 'merge' | 'report' | undefined;
  /**
   * Resolve rows by this identity type only (`email`, `phone`, `userId`, or a custom type such as
   * `hubspot_id`). A row without it is rejected; its other identities are attached when nobody holds them.
   */
  upsertKey?: z.input<typeof ImportOptionsSchema>['upsertKey'];
  /** The exporting tool's header names (`mailchimp`, `hubspot`, …); default detected, `none` to skip. */
  preset?: z.input<typeof ImportOptionsSchema>['preset'];
  /** Header → target name (`"identity.email"`, `"custom.plan"`, `"ignore"`). */
  overrides?: Record<string, string> | undefined;
  /** ISO country for national phone numbers; default: the workspace's. */
  defaultCountry?: string | undefined;
  /** The file's encoding; default sniffed (BOM, UTF-16 NULs, valid UTF-8, else Windows-1252). */
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | undefined;
  /** The delimiter; default sniffed from the first records. */
  delimiter?: z.input<typeof ImportOptionsSchema>['delimiter'];
  /** Rows per write (default 1000). */
  batchSize?: number | undefined;

  /** Called after each batch. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Called for each rejected row, with the file's header: to stream an errors CSV. */
  readonly onRejected?: (rejection: ImportRejection, header: readonly string[]) => void | Promise<void>;
}

/** How far an import is. */
export interface ImportProgress {
  readonly rows: number;
  /** Bytes of the file read so far. */
  readonly bytes: number;
}

/** One rejected row. `row` is the 1-based data row (the header is row 0). */
export interface ImportRowError {
  readonly row: number;
  readonly column: string;
  readonly reason: string;
}

export type { ImportRowWarning };

/**
 * What an import did. `created + updated + unchanged + rejected === rows`, always. A row is `unchanged`
 * when ingesting it changed nothing: a re-import of the same file, or a row whose data the contact
 * already had.
 */
export interface ImportReport {
  readonly importId: string;
  readonly dryRun: boolean;
  readonly file: {
    readonly encoding: CsvEncoding;
    readonly bom: boolean;
    readonly delimiter: CsvDelimiter;
    readonly header: readonly string[];
  };
  readonly mapping: ColumnMapping;
  /** Data rows read (blank lines are not rows). */
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** Every rejected row, in file order. */
  readonly errors: ImportRowError[];
  /**
   * Every value dropped from a kept row (an invalid second email, a tag over 100 characters, an
   * identity another contact holds…), in file order.
   */
  readonly warnings: ImportRowWarning[];
}

type Parsed = z.output<typeof ImportOptionsSchema>;

interface Pending {
  readonly candidate: ImportCandidate;
  readonly event: ChatEvent;
  readonly extras: CandidateExtras | undefined;
}

/**
 * Imports CSV files into a workspace: streams the file through the pure pipeline of `src/csv`, writes
 * rows in batches through live intake ({@link ContactService.ingestBatch}, so a known email or phone
 * updates its contact and identities resolve exactly as for chat events), then applies what a chat event
 * cannot carry (more identities, consent records, Shopify totals, notes), idempotently. Profile values
 * have origin `import`: they overwrite import and bot values, never manual or host ones.
 *
 * @example
 * ```ts
 * const importer = new ImportService({ store });
 * const report = await importer.importFile(() => fs.createReadStream('mailchimp.csv'), { workspaceId: 'acme' });
 * report.created; report.errors; // [{ row: 12, column: 'Email Address', reason: '…' }]
 * ```
 */
export class ImportService {
  private readonly context: ServiceContext;
  private readonly contacts: ContactService;
  private readonly cache = new Map<string, NormalizedValue | string>();

  constructor(options: ServiceOptions | ServiceContext) {
    this.context = ServiceContext.from(options);
    // One intake transaction per import batch (at most 10,000 rows, the largest `batchSize`).
    this.contacts = new ContactService(this.context, 10_000, this.cache);
  }

  /**
   * The id an import of these bytes into this workspace with these options gets: a SHA-256 over them,
   * streamed.
   */
  async importIdOf(source: ImportSource, options: ImportOptions): Promise<string> {
    return this.derivedId(source, parseInput(ImportOptionsSchema, options, 'options'));
  }

  /**
   * Imports a CSV file. A bad file (binary, empty, header only, no identity column, a byte anywhere
   * that does not fit its encoding, a record over the limit) throws a `ValidationError` before anything
   * is written: the whole file is read once first. A bad row is reported and never stops the others.
   * If the store fails part-way, the batches committed before stay (each batch is all or nothing, in
   * file order), and importing the same file again completes the import: rows already in are skipped.
   *
   * @throws {@link contactkit!ValidationError} for bad options or a bad file.
   */
  async importFile(source: ImportSource, options: ImportOptions): Promise<ImportReport> {
    const opts = parseInput(ImportOptionsSchema, options, 'options');
    const config = this.context.configOf(opts.workspaceId);
    const importId = opts.importId ?? (await this.derivedId(source, opts));
    // The whole file is read before anything is written: a problem that refuses it (a byte that does
    // not fit its encoding past the first 64 KiB, a record over the limit) then leaves nothing behind.
    if (!opts.dryRun) await this.checkWhole(source, opts);
    const occurredAt = this.context.clock();
    const defaultCountry = opts.defaultCountry ?? config.defaultCountry;
    let bytes = 0;
    const counted = countBytes(typeof source === 'function' ? source() : source, (n) => {
      bytes += n;
    });
    const run = await this.open(counted, opts, defaultCountry);
    const { file, mapping } = run;
    const headerOf = identityHeaders(mapping);
    const allIdentityColumns = [...new Set(headerOf.values())].join(', ');
    const source_ = `import:${mapping.preset ?? 'csv'}`;
    const counts = { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
    const errors: ImportRowError[] = [];
    const warnings: ImportRowWarning[] = [];
    const statsHeader = mapping.columns.find((c) => c.target.kind === 'stat')?.header ?? '';
    // `report` mode: identity key → the first row that had it. Grows with the file's distinct identities.
    const firstRowOf = new Map<string, number>();
    // Dry runs write nothing, so a later batch cannot see what an earlier one would have created.
    const dryCreated = new Set<string>();
    let eventOptions: ParsedCandidateEventOptions | undefined;

    const reject = async (rejection: ImportRejection) => {
      counts.rejected++;
      errors.push({ row: rejection.row, column: rejection.column, reason: rejection.reason });
      await options.onRejected?.(rejection, file.header);
    };

    for await (const batch of inBatches(run.results, opts.batchSize)) {
      const pending: Pending[] = [];
      for (const result of batch) {
        counts.rows++;
        if (!result.ok) {
          await reject(result.rejection);
          continue;
        }
        const candidate = result.candidate;
        for (const w of candidate.warnings)
          warnings.push({ row: w.row ?? candidate.row, column: w.column ?? '', reason: w.reason });
        let identities = candidate.identities;
        let moreIdentities = candidate.moreIdentities;
        let profile = candidate.profile;
        if (opts.upsertKey) {
          const split = splitByKey(candidate, opts.upsertKey);
          if (!split) {
            await reject({
              row: candidate.row,
              column: headerOf.get(opts.upsertKey) ?? opts.upsertKey,
              reason: `no ${opts.upsertKey}: rows are matched by ${opts.upsertKey} only (--upsert-key)`,
              cells: candidate.cells,
              issues: [],
            });
            continue;
          }
          identities = split.key;
          moreIdentities = split.rest;
          // A profile email or phone would be matched on too: the display copies come from identities.
          const { email: _e, phone: _p, ...rest } = profile;
          profile = rest;
        }
        if (opts.duplicates === 'report') {
          const keys = [...identityList(identities), ...(opts.upsertKey ? [] : moreIdentities)].map(
            identityKeyString,
          );
          const earlier = keys
            .map((k) => [k, firstRowOf.get(k)] as const)
            .find(([, row]) => row !== undefined);
          if (earlier) {
            const [key, row] = earlier;
            const type = key.slice(0, key.indexOf(':'));
            await reject({
              row: candidate.row,
              column: headerOf.get(type) ?? type,
              reason: `duplicate of row ${row} (same ${key.replace(':', ' ')})`,
              cells: candidate.cells,
              issues: [],
            });
            continue;
          }
          for (const key of keys) firstRowOf.set(key, candidate.row);
        }
        // Parsed on the first row that needs it, where candidateToChatEvent would have refused them.
        eventOptions ??= parseInput(
          CandidateEventOptionsSchema,
          { workspaceId: opts.workspaceId, importId, occurredAt, profileOrigin: 'import' },
          'options',
        );
        const event = candidateEvent(
          opts.upsertKey ? { ...candidate, identities, profile } : candidate,
          eventOptions,
        );
        // Intake would normalize the row's phone again; it is E.164 already, which normalizes to itself.
        const phone = event.identities.phone;
        if (phone !== undefined)
          rememberNormalized(this.cache, 'phone', phone, event.country ?? config.defaultCountry, {
            type: 'phone',
            value: phone,
          });
        const extras = candidateExtras(candidate, moreIdentities);
        pending.push({ candidate, event, extras });
      }
      if (pending.length === 0) {
        options.onProgress?.({ rows: counts.rows, bytes });
        continue;
      }

      // What a row changed besides intake's outcome, by pending index; and the values it had to drop.
      const applied = new Map<number, boolean>();
      // By the batch's first index: intake runs one transaction per call here, but a retry runs it again.
      const extraWarnings = new Map<number, ImportRowWarning[]>();
      const results = opts.dryRun
        ? await this.predict(
            opts.workspaceId,
            config,
            pending.map((p) => p.event),
          )
        : // The candidates passed ImportCandidateSchema, so their events are parsed chat events already.
          // The extras go in intake's transaction: a batch's contacts never land without their consents.
          await this.contacts.ingestParsed(
            pending.map((p) => p.event),
            undefined,
            async (tx, batch) => {
              // A retried transaction runs this again: only the attempt that commits counts.
              for (const index of batch.keys()) applied.delete(index);
              const done = await this.applyExtras(tx, opts.workspaceId, config, pending, batch, {
                at: occurredAt,
                source: source_,
                identityHeader: (type) => headerOf.get(type) ?? type,
                statsHeader,
              });
              for (const [index, changed] of done.changed) applied.set(index, changed);
              extraWarnings.set(batch.keys().next().value ?? 0, [...done.warnings]);
            },
          );
      for (const list of extraWarnings.values()) warnings.push(...list);

      for (const [i, result] of results.entries()) {
        const { candidate } = pending[i]!;
        if (!result.ok) {
          await reject({
            row: candidate.row,
            column: allIdentityColumns,
            reason: result.error.message,
            cells: candidate.cells,
            issues: [],
          });
          continue;
        }
        const o = result.outcome;
        const extrasChanged = applied.get(i) === true;
        if (opts.dryRun) {
          const keys = identityList(pending[i]!.event.identities).map(identityKeyString);
          const seenBefore = keys.some((k) => dryCreated.has(k));
          for (const k of keys) dryCreated.add(k);
          if (o.duplicate) counts.unchanged++;
          else if (o.created && !seenBefore) counts.created++;
          else if (o.created || o.changed.length > 0 || o.attached.length > 0 || o.merged.length > 0)
            counts.updated++;
          else counts.unchanged++;
          continue;
        }
        if (o.created && !o.duplicate) counts.created++;
        else if (
          extrasChanged ||
          (!o.duplicate && (o.changed.length > 0 || o.attached.length > 0 || o.merged.length > 0))
        )
          counts.updated++;
        else counts.unchanged++;
      }
      options.onProgress?.({ rows: counts.rows, bytes });
    }

    return {
      importId,
      dryRun: opts.dryRun,
      file: { encoding: file.encoding, bom: file.bom, delimiter: file.delimiter, header: file.header },
      mapping,
      rows: counts.rows,
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      rejected: counts.rejected,
      // Rows intake refused are known only after their batch: put them back in file order.
      errors: errors.sort((a, b) => a.row - b.row),
      warnings: warnings.sort((a, b) => a.row - b.row),
    };
  }

  /**
   * Opens the file, maps its columns and reads it to the end without importing a row: what
   * {@link importFile} refuses as a whole (a binary, empty or header-only file, no identity column, an
   * upsert key no column maps to, a byte anywhere that does not fit the encoding) is refused here the
   * same way, so a caller can check a file before it opens anything to write to.
   *
   * @throws {@link contactkit!ValidationError} for bad options or a bad file.
   * @example
   * ```ts
   * const { file, mapping } = await importer.checkFile(bytes, { workspaceId: 'acme' });
   * ```
   */
  async checkFile(
    source: ImportSource,
    options: ImportOptions,
  ): Promise<Pick<ImportReport, 'file' | 'mapping'>> {
    const opts = parseInput(ImportOptionsSchema, options, 'options');
    const defaultCountry = opts.defaultCountry ?? this.context.configOf(opts.workspaceId).defaultCountry;
    const run = await this.open(typeof source === 'function' ? source() : source, opts, defaultCountry);
    await run.results.return(undefined);
    await this.checkWhole(source, opts);
    const { encoding, bom, delimiter, header } = run.file;
    return { file: { encoding, bom, delimiter, header }, mapping: run.mapping };
  }

  private async open(source: ByteSource, opts: Parsed, defaultCountry: string | undefined) {
    const run = await importCsv(source, {
      ...(opts.preset ? { preset: opts.preset } : {}),
      ...(opts.overrides ? { overrides: opts.overrides } : {}),
      ...(defaultCountry ? { defaultCountry } : {}),
      ...(opts.encoding ? { encoding: opts.encoding } : {}),
      ...(opts.delimiter ? { delimiter: opts.delimiter } : {}),
    });
    if (opts.upsertKey) {
      const headerOf = identityHeaders(run.mapping);
      if (opts.upsertKey === 'custom' || !headerOf.has(opts.upsertKey)) {
        await run.results.return(undefined);
        throw new ValidationError({
          field: 'upsertKey',
          value: opts.upsertKey,
          reason: `no column of the file maps to identity.${opts.upsertKey} (identity columns: ${[...headerOf.keys()].join(', ') || 'none'})`,
        });
      }
    }
    return run;
  }

  /** Reads the whole file once, keeping nothing: refuses it as importFile would, anywhere in it. */
  private async checkWhole(source: ImportSource, opts: Parsed): Promise<void> {
    await checkCsvFile(typeof source === 'function' ? source() : source, {
      ...(opts.encoding ? { encoding: opts.encoding } : {}),
      ...(opts.delimiter ? { delimiter: opts.delimiter } : {}),
    });
  }

  private async derivedId(source: ImportSource, opts: Parsed): Promise<string> {
    const hash = createHash('sha256');
    const settings = {
      workspaceId: opts.workspaceId,
      duplicates: opts.duplicates,
      upsertKey: opts.upsertKey ?? null,
      preset: opts.preset ?? null,
      overrides: Object.entries(opts.overrides ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      defaultCountry: opts.defaultCountry ?? null,
      encoding: opts.encoding ?? null,
      delimiter: opts.delimiter ?? null,
    };
    hash.update(`contactkit-import/1\0${JSON.stringify(settings)}\0`);
    const bytes = typeof source === 'function' ? source() : source;
    if (bytes instanceof Uint8Array) hash.update(bytes);
    else for await (const chunk of bytes as AsyncIterable<Uint8Array>) hash.update(chunk);
    return hash.digest('hex').slice(0, 32);
  }

  /** What intake would do with these events against the store as it is, writing nothing. */
  private async predict(
    workspaceId: string,
    config: WorkspaceConfig,
    events: readonly ChatEvent[],
  ): Promise<IngestResult[]> {
    return this.context.store.transaction(workspaceId, async (tx) => {
      const ctx: IntakeContext = {
        config,
        now: this.context.clock(),
        newId: this.context.ids,
        cache: this.cache,
      };
      // No flush: the working set is dropped, and the store never sees it.
      const { outcomes } = await applyEvents(tx, events, ctx);
      return events.map((event, index) => resultOf(event, index, outcomes[index]!));
    });
  }

  /**
   * Applies what a batch's rows bring beyond intake (more identities, consents, notes, totals), in
   * intake's transaction: reads what `planImportExtras` needs in a few set-based calls, and writes what
   * it decides. Returns, per pending index, whether anything changed, and the values it dropped.
   */
  private async applyExtras(
    tx: WorkspaceTransaction,
    workspaceId: string,
    config: WorkspaceConfig,
    pending: readonly Pending[],
    batch: ReadonlyMap<number, IngestResult>,
    how: {
      at: Date;
      source: string;
      identityHeader: (type: string) => string;
      statsHeader: string;
    },
  ): Promise<{ changed: Map<number, boolean>; warnings: readonly ImportRowWarning[] }> {
    const results = [...batch.values()];
    // A later row of the batch may have merged an earlier row's contact away: follow it to the survivor.
    const survivorOf = new Map<string, string>();
    for (const r of results)
      if (r.ok) for (const m of r.outcome.merged) survivorOf.set(m, r.outcome.contactId);
    const survivor = (id: string) => {
      let current = id;
      for (let hops = 0; hops < 1000 && survivorOf.has(current); hops++) current = survivorOf.get(current)!;
      return current;
    };
    const rows: RowExtras[] = [];
    for (const [index, result] of batch) {
      const p = pending[index]!;
      if (!result.ok || !p.extras) continue;
      const { identities, consents, notes, stats } = p.extras;
      rows.push({
        index,
        row: p.candidate.row,
        contactId: survivor(result.outcome.contactId),
        claims:
          identities.length === 0 ? [] : extraClaims(identities, config, p.candidate.country, this.cache),
        consents,
        notes,
        stats,
      });
    }
    const changed = new Map<number, boolean>();
    if (rows.length === 0) return { changed, warnings: [] };
    const fresh = new Set(results.flatMap((r) => (r.ok && r.outcome.created ? [r.outcome.contactId] : [])));

    // The reads, one set-based call each. A contact this batch created has no consents or notes yet.
    const idsWith = (has: (r: RowExtras) => boolean) => [
      ...new Set(rows.filter(has).map((r) => r.contactId)),
    ];
    // Each key once, as the claim that names it (claims are identity keys, with their key string).
    const keys = new Map<string, IdentityClaim>();
    for (const r of rows) for (const c of r.claims) keys.set(c.key, c);
    const holders = new Map<string, string>();
    if (keys.size > 0)
      for (const i of await tx.identities.findByKeys([...keys.values()]))
        holders.set(identityKeyString(i), i.contactId);
    const stored = (ids: string[]) => ids.filter((id) => !fresh.has(id));
    const consentIds = stored(idsWith((r) => r.consents.length > 0));
    const noteIds = stored(idsWith((r) => r.notes.length > 0));
    const consentsOf = groupByContact(consentIds.length ? await listAll(tx.consents, consentIds) : []);
    const notesOf = groupByContact(noteIds.length ? await listAll(tx.notes, noteIds) : []);
    // Contacts whose totals or consent in force may change, held: they are written below.
    const updateIds = idsWith((r) => r.stats !== undefined || r.consents.length > 0);
    const contacts = new Map(
      (updateIds.length ? await tx.contacts.getMany(updateIds, { lock: true }) : []).map((c) => [c.id, c]),
    );

    const plan = planImportExtras(
      rows,
      {
        holders,
        consentsOf: (id) => consentsOf.get(id) ?? [],
        notesOf: (id) => notesOf.get(id) ?? [],
        contactOf: (id) => contacts.get(id),
      },
      {
        workspaceId,
        config,
        at: how.at,
        now: this.context.clock(),
        source: how.source,
        newId: this.context.ids,
        identityHeader: how.identityHeader,
        statsHeader: how.statsHeader,
      },
    );
    // A stored contact given rows here is held until the transaction ends: on a server, a merge of it
    // racing this import then waits, rather than deleting it with the new rows left pointing at nobody.
    const given = new Set([...plan.identities, ...plan.consents, ...plan.notes].map((row) => row.contactId));
    const held = [...given].filter((id) => !fresh.has(id) && !contacts.has(id));
    if (held.length > 0) await tx.contacts.lock(held);
    if (plan.identities.length > 0) await tx.identities.insertMany(plan.identities);
    if (plan.consents.length > 0) await tx.consents.insert(plan.consents);
    if (plan.notes.length > 0) await tx.notes.insert(plan.notes);
    if (plan.contacts.length > 0) await tx.contacts.updateMany(plan.contacts);
    if (plan.log.length > 0) await tx.log.append(plan.log);
    for (const index of plan.changed) changed.set(index, true);
    return { changed, warnings: plan.warnings };
  }
}

/** An event's identities as a list of `{ type, value }`. */
function identityList(identities: EventIdentities): Array<{ type: string; value: string }> {
  const out: Array<{ type: string; value: string }> = [];
  for (const [type, value] of Object.entries(identities)) {
    if (type === 'custom' || typeof value !== 'string') continue;
    out.push({ type, value });
  }
  for (const [type, value] of Object.entries(identities.custom ?? {})) out.push({ type, value });
  return out;
}

/** The upsert key alone as the row's identities, the rest for attaching after; null without the key. */
function splitByKey(
  candidate: ImportCandidate,
  key: string,
): { key: EventIdentities; rest: Array<{ type: string; value: string }> } | null {
  const all = identityList(candidate.identities);
  const found = all.find((i) => i.type === key);
  if (!found) return null;
  return {
    key: eventIdentitiesOf(key, found.value),
    rest: [...all.filter((i) => i !== found), ...candidate.moreIdentities],
  };
}

/** Passes bytes through, telling `onBytes` how many went by. */
function countBytes(source: ByteSource, onBytes: (n: number) => void): ByteSource {
  if (source instanceof Uint8Array) {
    onBytes(source.length);
    return source;
  }
  return (async function* () {
    for await (const chunk of source as AsyncIterable<Uint8Array>) {
      onBytes(chunk.length);
      yield chunk;
    }
  })();
}

/**
 * Builds an {@link ImportService}.
 *
 * @example
 * ```ts
 * const report = await createImportService({ store }).importFile(bytes, { workspaceId: 'acme', dryRun: true });
 * ```
 */
export function createImportService(options: ServiceOptions | ServiceContext): ImportService {
  return new ImportService(options);
}

/** Rows grouped by their contact. */
function groupByContact<R extends { contactId: string }>(rows: readonly R[] | undefined): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const row of rows ?? []) {
    const list = out.get(row.contactId);
    if (list) list.push(row);
    else out.set(row.contactId, [row]);
  }
  return out;
}

/** Every row of these contacts, page by page (for the rare batch whose contacts have over 1,000). */
async function listAll<R>(table: OwnedTable<R>, contactIds: readonly string[]): Promise<R[]> {
  const out: R[] = [];
  let cursor: string | undefined;
  do {
    const page = await table.find({
      where: { contactId: contactIds },
      limit: 1000,
      ...(cursor === undefined ? {} : { cursor }),
    });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}

// ImportOptions is written out for editors; it must stay what the schema accepts.
sameType<Omit<ImportOptions, 'onProgress' | 'onRejected'>, z.input<typeof ImportOptionsSchema>>();
