import { randomUUID } from 'node:crypto';
import type { ContactStore, StoreCapabilities } from '../ports/store.js';
import type { DescribeFn, GroupContext, HookFn, TableDump, TestFn } from './context.js';
import { contactsGroup } from './groups/contacts.js';
import { durabilityGroup } from './groups/durability.js';
import { errorsGroup } from './groups/errors.js';
import { identitiesGroup } from './groups/identities.js';
import { identityRulesGroup } from './groups/identity-rules.js';
import { intakeGroup } from './groups/intake.js';
import { isolationGroup } from './groups/isolation.js';
import { leasesGroup } from './groups/leases.js';
import { ledgerGroup } from './groups/ledger.js';
import { listsGroup } from './groups/lists.js';
import { logGroup } from './groups/log.js';
import { mergeGroup } from './groups/merge.js';
import { plansGroup } from './groups/plans.js';
import { privacyGroup } from './groups/privacy.js';
import { tablesGroup } from './groups/tables.js';
import { transactionsGroup } from './groups/transactions.js';

/** A group of the suite, and what the store must declare (and the caller give) for it to run. */
interface GroupSpec {
  readonly run: (ctx: GroupContext) => void;
  readonly requires?: ReadonlyArray<keyof StoreCapabilities>;
  readonly needsConnect?: boolean;
  /** An optional member of the port the group tests, which a store may leave out. */
  readonly member?: 'leases';
}

/** The groups of the conformance suite, each switchable. Later capabilities add theirs. */
export const CONFORMANCE_GROUPS = {
  contacts: contactsGroup,
  identities: identitiesGroup,
  log: logGroup,
  tables: tablesGroup,
  plans: plansGroup,
  isolation: isolationGroup,
  transactions: transactionsGroup,
  errors: errorsGroup,
  ledger: ledgerGroup,
  intake: intakeGroup,
  identityRules: identityRulesGroup,
  merge: mergeGroup,
  privacy: privacyGroup,
  lists: listsGroup,
  durability: { run: durabilityGroup, requires: ['durable'], needsConnect: true },
  leases: { run: leasesGroup, member: 'leases' },
} as const satisfies Record<string, GroupSpec['run'] | GroupSpec>;

export type ConformanceGroup = keyof typeof CONFORMANCE_GROUPS;

/** How to run the suite: the test functions of your runner, and how to make the store under test. */
export interface ConformanceOptions {
  /** Your runner's `describe` (vitest, jest, or node:test's). */
  readonly describe: DescribeFn;
  /** Your runner's `it` or `test`. */
  readonly it: TestFn;
  /** Your runner's `beforeAll` (node:test: `before`). */
  readonly beforeAll: HookFn;
  /** Your runner's `afterAll` (node:test: `after`). */
  readonly afterAll: HookFn;
  /** Makes the store under test; called once per group. Tests use fresh workspace ids, so it may be shared. */
  readonly createStore: () => ContactStore | Promise<ContactStore>;
  /** Releases a store from `createStore`. Default: `store.close()`. */
  readonly destroyStore?: (store: ContactStore) => Promise<void>;
  /**
   * Reads every stored row of a workspace straight from storage, bypassing the repositories, so the
   * suite can check that an erasure left none of a person's values anywhere. Strongly recommended.
   */
  readonly dump?: (store: ContactStore, workspaceId: string) => Promise<TableDump>;
  /**
   * Opens another store on the same data as `createStore`'s (a second connection or process handle).
   * Groups that reopen or race two connections (`durability`) need it.
   */
  readonly connect?: () => Promise<ContactStore>;
  /** Groups to switch off while you build, e.g. ones your store does not support yet. They are reported. */
  readonly skip?: readonly ConformanceGroup[];
  /** Name of the outer describe block. Default `contactkit conformance`. */
  readonly name?: string;
  /** Where skipped groups are reported. Default `console.info`. */
  readonly report?: (message: string) => void;
}

/**
 * Registers the contactkit conformance suite with your test runner. A storage adapter is done when it
 * passes. Assertions use `node:assert/strict`, so any runner works.
 *
 * Which groups run is read from the store itself: a group that needs a capability (`durable`,
 * `multiProcess`) runs only when `store.capabilities` declares it, and every group that does not run,
 * for that reason, for a missing `connect`, or because `skip` names it, is reported by name with the
 * reason. An adapter cannot pass by leaving groups out quietly.
 *
 * @example
 * ```ts
 * import { describe, it, beforeAll, afterAll } from 'vitest';
 * import { runConformanceSuite } from 'contactkit/testing';
 * import { MemoryStore } from 'contactkit/memory';
 *
 * runConformanceSuite({ describe, it, beforeAll, afterAll, createStore: () => new MemoryStore() });
 * ```
 */
export function runConformanceSuite(options: ConformanceOptions): void {
  const skip = new Set<string>(options.skip ?? []);
  const report = options.report ?? ((message: string) => console.info(message));
  const suiteName = options.name ?? 'contactkit conformance';
  const run = randomUUID().slice(0, 8);
  let counter = 0;
  options.describe(suiteName, () => {
    for (const [name, entry] of Object.entries(CONFORMANCE_GROUPS) as Array<
      [string, GroupSpec['run'] | GroupSpec]
    >) {
      const spec: GroupSpec = typeof entry === 'function' ? { run: entry } : entry;
      options.describe(name, () => {
        let store: ContactStore | undefined;
        // Why the group does not run, decided once the store exists and can say what it can do.
        let skipped: string | undefined;
        options.beforeAll(async () => {
          if (skip.has(name)) skipped = 'switched off with `skip`';
          else if (spec.needsConnect && !options.connect) skipped = 'needs the `connect` option';
          if (skipped === undefined) {
            store = await options.createStore();
            const missing = spec.requires?.find((capability) => !store!.capabilities[capability]);
            if (missing) skipped = `the store does not declare \`${missing}\``;
            else if (spec.member && !store[spec.member]) skipped = `the store has no \`${spec.member}\``;
          }
          if (skipped !== undefined) report(`[skipped] ${suiteName} › ${name}: ${skipped}`);
        });
        options.afterAll(async () => {
          if (!store) return;
          await (options.destroyStore ? options.destroyStore(store) : store.close());
        });
        // Each test of a skipped group passes without running, after the group was reported.
        const it: TestFn = (title, fn) =>
          options.it(title, async () => {
            if (skipped !== undefined) return;
            await fn();
          });
        spec.run({
          it,
          store: () => {
            if (!store) throw new Error('conformance: the store was not created (did createStore fail?)');
            return store;
          },
          newWorkspace: () => `ws_${run}_${name}_${++counter}`,
          dump: options.dump,
          connect: options.connect,
        });
      });
    }
  });
}
