import type { ContactStore } from '../ports/store.js';

/** A test function as vitest, jest and node:test all have it. */
export type TestFn = (name: string, fn: () => Promise<void> | void) => void;
/** A describe function as vitest, jest and node:test all have it. */
export type DescribeFn = (name: string, fn: () => void) => void;
/** A hook function (beforeAll/afterAll, or node:test's before/after). */
export type HookFn = (fn: () => Promise<void> | void) => void;

/** Row counts per table for one workspace, read from storage directly. */
export type TableCounts = Record<string, number>;

/** Every stored row of one workspace, per table, read from storage directly. */
export type TableDump = Record<string, readonly unknown[]>;

/** What every group of the suite gets. */
export interface GroupContext {
  readonly it: TestFn;
  /** The store under test (made before the group's first test). */
  store(): ContactStore;
  /** A workspace id no other test uses, so tests never see each other's rows. */
  newWorkspace(): string;
  /** Reads every stored row of a workspace directly, if the adapter author provided a reader. */
  readonly dump: ((store: ContactStore, workspaceId: string) => Promise<TableDump>) | undefined;
  /** Opens another store on the same data, if the adapter author provided it. */
  readonly connect: (() => Promise<ContactStore>) | undefined;
}
