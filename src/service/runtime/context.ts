import { ValidationError } from '../../errors/errors.js';
import { parseInput } from '../../model/parse.js';
import { IdSchema } from '../../model/primitives.js';
import {
  type WorkspaceConfig,
  type WorkspaceConfigInput,
  WorkspaceConfigSchema,
} from '../../model/workspace-config.js';
import type { ContactStore, WorkspaceTransaction } from '../../ports/store.js';
import { withRetry } from './retry.js';
import { timeOrderedId } from './time-ordered-id.js';

/** What every service is built from. */
export interface ServiceOptions {
  readonly store: ContactStore;
  /** Every workspace's configuration, or a function giving each one's. Defaults apply to what is unset. */
  readonly config?: WorkspaceConfigInput | ((workspaceId: string) => WorkspaceConfigInput);
  /** The clock. Default: the system clock. */
  readonly clock?: () => Date;
  /** Id source for contacts, timeline entries, outbox events and records. Default: UUIDv7, time-ordered. */
  readonly ids?: () => string;
  /**
   * Most attempts of a transaction that lost a race (default 8). Between attempts the service waits a
   * random time under a bound that doubles from 20 ms to 1 s. If the last attempt loses too, the call
   * fails and nothing of it is written.
   */
  readonly maxAttempts?: number;
}

/**
 * The effects every service shares, resolved once: the store, each workspace's parsed configuration,
 * the clock and the id source. Services take one of these so they agree on all four.
 */
export class ServiceContext {
  readonly store: ContactStore;
  readonly clock: () => Date;
  readonly ids: () => string;
  readonly maxAttempts: number;
  private readonly configInput: ServiceOptions['config'];
  private readonly configs = new Map<string, WorkspaceConfig>();

  constructor(options: ServiceOptions) {
    this.store = checkedStore(options.store);
    this.configInput = options.config;
    this.clock = options.clock ?? (() => new Date());
    this.ids = options.ids ?? timeOrderedId;
    this.maxAttempts = options.maxAttempts ?? 8;
  }

  /** A workspace's configuration with every default filled in; a bad one throws `ValidationError`. */
  configOf(workspaceId: string): WorkspaceConfig {
    let parsed = this.configs.get(workspaceId);
    if (!parsed) {
      const input =
        typeof this.configInput === 'function' ? this.configInput(workspaceId) : (this.configInput ?? {});
      parsed = parseInput(WorkspaceConfigSchema, input, 'config');
      this.configs.set(workspaceId, parsed);
    }
    return parsed;
  }

  /**
   * Forgets a workspace's parsed configuration (or every workspace's), so that the next call reads it
   * again from the `config` function: what a host calls after changing a workspace's rules.
   */
  forget(workspaceId?: string): void {
    if (workspaceId === undefined) this.configs.clear();
    else this.configs.delete(workspaceId);
  }

  /**
   * Runs `fn` as one transaction of the workspace, again from the start when it loses a race (up to
   * `maxAttempts` times): the unit of work every service's writes go through.
   */
  run<T>(workspaceId: string, fn: (tx: WorkspaceTransaction) => Promise<T>): Promise<T> {
    return withRetry(this.maxAttempts, () => this.store.transaction(workspaceId, fn));
  }

  /** `options` as a context: passes a context through, builds one from plain options. */
  static from(options: ServiceOptions | ServiceContext): ServiceContext {
    return options instanceof ServiceContext ? options : new ServiceContext(options);
  }
}

/**
 * A workspace id as the services take it: what {@link IdSchema} accepts, unchanged (an id with white
 * space around it is refused, not trimmed: records keep the id they were given, and a transaction
 * scoped to a trimmed one would refuse them as another workspace's).
 *
 * @throws {@link contactkit!ValidationError} naming `workspaceId`, for anything else (`{}`, `''`, a NUL…).
 */
export function checkWorkspaceId(workspaceId: unknown): string {
  const parsed = parseInput(IdSchema, workspaceId, 'workspaceId');
  if (parsed !== workspaceId) {
    throw new ValidationError({
      field: 'workspaceId',
      value: workspaceId,
      reason: 'must not start or end with white space',
    });
  }
  return parsed;
}

/**
 * The store every service uses: the host's, with the workspace id of every transaction checked first,
 * so a bad one is a `ValidationError` at the service edge whatever the adapter would make of it (SQLite
 * threw a `RangeError` for `{}`).
 */
function checkedStore(store: ContactStore): ContactStore {
  const leases = store.leases;
  return {
    ...(leases === undefined ? {} : { leases }),
    get capabilities() {
      return store.capabilities;
    },
    transaction: async <T>(workspaceId: string, fn: (tx: WorkspaceTransaction) => Promise<T>) =>
      store.transaction(checkWorkspaceId(workspaceId), fn),
    inspect: (workspaceId: string) => store.inspect(checkWorkspaceId(workspaceId)),
    close: () => store.close(),
  };
}
