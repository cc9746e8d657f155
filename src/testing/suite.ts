import { randomUUID } from 'node:crypto';
import type { ContactStore, StoreCapabilities } from '../ports/store.js';
import type { DescribeFn, GroupContext, HookFn, TableCounts, TestFn } from './context.js';
import { contactsGroup } from './groups/contacts.js';
import { durabilityGroup } from './groups/durability.js';
import { errorsGroup } from './groups/errors.js';
import { identitiesGroup } from './groups/identities.js';
import { intakeGroup } from './groups/intake.js';
import { isolationGroup } from './groups/isolation.js';
import { ledgerGroup } from './groups/ledger.js';
import { mergeGroup } from './groups/merge.js';
import { privacyGroup } from './groups/privacy.js';
import { recordsGroup } from './groups/records.js';
import { timelineGroup } from './groups/timeline.js';
import { transactionsGroup } from './groups/transactions.js';

/** A group of the suite, and the declared capabilities (and options) it needs to run. */
interface GroupSpec {
  readonly run: (ctx: GroupContext) => void;
  readonly requires?: ReadonlyArray<keyof StoreCapabilities>;
  readonly needsConnect?: boolean;
}

/** The groups of the conformance suite, each switchable. Later capabilities add theirs. */
export const CONFORMANCE_GROUPS = {
  contacts: contactsGroup,
  identities: identitiesGroup,
  isolation: isolationGroup,
  transactions: transactionsGroup,
  errors: errorsGroup,
  timeline: timelineGroup,
  records: recordsGroup,
  intake: intakeGroup,
  ledger: ledgerGroup,
  merge: mergeGroup,
  privacy: privacyGroup,
  durability: { run: durabilityGroup, requires: ['durable'], needsConnect: true },
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
   * Reads row counts per table for a workspace straight from storage, bypassing the repositories, so the
   * suite checks what was stored and not only what was returned. Strongly recommended.
   */
  readonly inspect?: (store: ContactStore, workspaceId: string) => Promise<TableCounts>;
  /**
   * What the store under test declares it can do (its `capabilities`). Groups that need a capability
   * the store does not declare are not registered: e.g. `durability` runs only for `durable` stores.
   */
  readonly capabilities?: StoreCapabilities;
  /**
   * Opens another store on the same data as `createStore`'s (a second connection or process handle).
   * Groups that reopen or race two connections (`durability`) run only when it is given.
   */
  readonly connect?: () => Promise<ContactStore>;
  /** Groups to switch off, e.g. ones your store does not support yet. */
  readonly skip?: readonly ConformanceGroup[];
  /** Name of the outer describe block. Default `contactkit conformance`. */
  readonly name?: string;
}

/**
 * Registers the contactkit conformance suite with your test runner. A storage adapter is done when it
 * passes. Assertions use `node:assert/strict`, so any runner works.
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
  const run = randomUUID().slice(0, 8);
  let counter = 0;
  options.describe(options.name ?? 'contactkit conformance', () => {
    for (const [name, entry] of Object.entries(CONFORMANCE_GROUPS) as Array<
      [string, GroupSpec['run'] | GroupSpec]
    >) {
      const spec: GroupSpec = typeof entry === 'function' ? { run: entry } : entry;
      const declared = options.capabilities ?? {};
      if (skip.has(name)) continue;
      if (spec.requires?.some((capability) => !declared[capability])) continue;
      if (spec.needsConnect && !options.connect) continue;
      const group = spec.run;
      options.describe(name, () => {
        let store: ContactStore | undefined;
        options.beforeAll(async () => {
          store = await options.createStore();
        });
        options.afterAll(async () => {
          if (!store) return;
          await (options.destroyStore ? options.destroyStore(store) : store.close());
        });
        group({
          it: options.it,
          store: () => {
            if (!store) throw new Error('conformance: the store was not created (did createStore fail?)');
            return store;
          },
          newWorkspace: () => `ws_${run}_${name}_${++counter}`,
          inspect: options.inspect,
          connect: options.connect,
        });
      });
    }
  });
}
