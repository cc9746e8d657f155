import type { AbsorbedRows } from '../../src/model/merge-record.js';
import type { ActivityLog } from '../../src/ports/activity-log.js';
import { applyMergeWith } from '../../src/ports/apply-plans.js';
import type { ContactRepository } from '../../src/ports/contact-repository.js';
import type { IdentityRepository } from '../../src/ports/identity-repository.js';
import type { MergeRecordRepository } from '../../src/ports/merge-record-repository.js';
import {
  IDENTITIES,
  KEYED_TABLE_NAMES,
  KEYED_TABLES,
  OWNED_TABLE_NAMES,
  OWNED_TABLES,
  type OwnedTableName,
} from '../../src/ports/schema/tables.js';
import type {
  ContactAbsorption,
  ErasureCounts,
  ErasureRequest,
  KeyedTables,
  OwnedTables,
  WorkspaceTransaction,
} from '../../src/ports/store.js';
import type { SuggestionRepository } from '../../src/ports/suggestion-repository.js';
import { sqlActivityLog } from './activity-log.js';
import { ContactsSeen, holdContacts, sqlContacts } from './contacts.js';
import type { SqlContext } from './context.js';
import { sqlIdentities } from './identities.js';
import { sqlMerges, sqlSuggestions } from './ledger.js';
import { eraseInOneStatement, mergeInOneStatement } from './plans.js';
import { raw } from './sql.js';
import { deleteOwned, sqlTable } from './table.js';

/**
 * The repositories of one workspace inside one SQL transaction, every one built from its table spec
 * over the same {@link SqlContext}.
 */
export class SqlTransaction implements WorkspaceTransaction {
  readonly workspaceId: string;
  readonly contacts: ContactRepository;
  readonly identities: IdentityRepository;
  readonly log: ActivityLog;
  readonly merges: MergeRecordRepository;
  readonly suggestions: SuggestionRepository;
  readonly processedEvents!: OwnedTables['processedEvents'];
  readonly conversations!: OwnedTables['conversations'];
  readonly orders!: OwnedTables['orders'];
  readonly notes!: OwnedTables['notes'];
  readonly flowRuns!: OwnedTables['flowRuns'];
  readonly consents!: OwnedTables['consents'];
  readonly scoreLedger!: OwnedTables['scoreLedger'];
  readonly followUps!: OwnedTables['followUps'];
  readonly reviewItems!: OwnedTables['reviewItems'];
  readonly reminders!: OwnedTables['reminders'];
  readonly customFieldDefinitions!: KeyedTables['customFieldDefinitions'];
  readonly webhookEndpoints!: KeyedTables['webhookEndpoints'];
  readonly webhookDeliveries!: KeyedTables['webhookDeliveries'];
  readonly savedSegments!: KeyedTables['savedSegments'];
  /** Whether this transaction erased personal data (the store then runs the dialect's after-steps). */
  erased = false;
  private readonly seen = new ContactsSeen();

  constructor(private readonly ctx: SqlContext) {
    this.workspaceId = ctx.workspaceId;
    this.contacts = sqlContacts(ctx, this.seen);
    this.identities = sqlIdentities(ctx, this.seen);
    this.log = sqlActivityLog(ctx);
    this.merges = sqlMerges(ctx);
    this.suggestions = sqlSuggestions(ctx);
    const self = this as unknown as Record<string, unknown>;
    for (const name of OWNED_TABLE_NAMES) self[name] = sqlTable(ctx, OWNED_TABLES[name] as never);
    for (const name of KEYED_TABLE_NAMES) self[name] = sqlTable(ctx, KEYED_TABLES[name] as never);
  }

  applyMerge(absorptions: readonly ContactAbsorption[]): Promise<AbsorbedRows[]> {
    if (this.ctx.dialect.writableCtes) return mergeInOneStatement(this.ctx, this.seen, absorptions);
    return applyMergeWith(this, absorptions);
  }

  /**
   * Erases contacts as `applyErasureWith` does, with a statement a table, identities removed by contact
   * (their index), and the dialect's erasure steps around it (SQLite: `secure_delete`).
   */
  async applyErasure(request: ErasureRequest): Promise<ErasureCounts> {
    const ids = [...new Set(request.contactIds)];
    const removed: Record<string, number> = {};
    const unlinked: Record<string, number> = {};
    if (ids.length === 0) return { removed, unlinked };
    const { ctx } = this;
    if (!this.erased) {
      this.erased = true;
      for (const statement of ctx.dialect.erasure?.before ?? []) await ctx.run(raw(statement));
    }
    if (ctx.dialect.writableCtes) return eraseInOneStatement(ctx, this.seen, request);
    await holdContacts(ctx, this.seen, ids);
    const keep = new Set<OwnedTableName>(request.unlink);
    for (const name of OWNED_TABLE_NAMES) {
      const table: OwnedTables[OwnedTableName] = this[name];
      if (keep.has(name))
        unlinked[name] = await table.move(ids.map((from) => ({ from, to: null, scrub: true })));
      else removed[name] = await table.deleteByContacts(ids);
    }
    removed.identities = await deleteOwned(ctx, ctx.dialect.table(IDENTITIES.table), 'contact_id', ids);
    removed.log = await this.log.deleteByContacts(ids);
    removed.merges = await this.merges.deleteByContacts(ids);
    removed.suggestions = await this.suggestions.deleteByContacts(ids);
    removed.contacts = await this.contacts.deleteMany(ids);
    return { removed, unlinked };
  }
}
