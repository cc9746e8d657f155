import { IdentityTakenError, NotFoundError } from '../../src/errors/errors.js';
import type { Identity, IdentityKey } from '../../src/model/identity.js';
import type { IdentityRepository } from '../../src/ports/identity-repository.js';
import { IDENTITIES } from '../../src/ports/schema/tables.js';
import { compareText } from '../../src/segments/keys.js';
import { type ContactsSeen, holdContacts } from './contacts.js';
import type { SqlContext } from './context.js';
import { raw, type Sql, sql } from './sql.js';
import { byContactIndex, moveRows } from './table.js';

const keyOf = (k: IdentityKey) => `${k.type}\u0000${k.value}`;

/** The order SQL gave a contact's identities: by type, then value, as the database compares text. */
const byTypeAndValue = (a: Identity, b: Identity) =>
  compareText(a.type, b.type) || compareText(a.value, b.value);

/** {@link IdentityRepository} over one transaction: keyed by `(type, normalized_value)`. */
export function sqlIdentities(ctx: SqlContext, seen: ContactsSeen): IdentityRepository {
  const codec = ctx.codec(IDENTITIES);
  const ws = ctx.workspaceId;
  const table = codec.table;
  const index = byContactIndex(IDENTITIES.table);
  const { dialect } = ctx;
  const matchKey = (): Sql =>
    raw(
      `t.type = k.type AND t.normalized_value = k.value${
        dialect.identityKey ? ` AND ${dialect.identityKey('t', 'k.type', 'k.value')}` : ''
      }`,
    );
  const keyList = (keys: readonly IdentityKey[]) =>
    dialect.list(
      ['type', 'value'],
      keys.map((k) => [k.type, k.value]),
    );

  const findByKeys = async (keys: readonly IdentityKey[]): Promise<Identity[]> => {
    if (keys.length === 0) return [];
    const unique = [...new Map(keys.map((k) => [keyOf(k), k] as const)).values()];
    const rows = await ctx.all(
      sql`SELECT ${raw(codec.select)} ${dialect.probe(keyList(unique), table, sql`${ctx.inWorkspace} AND ${matchKey()}`)}`,
    );
    const found = new Map<string, Identity>();
    for (const row of rows) {
      const identity = codec.decode(row);
      found.set(keyOf(identity), identity);
    }
    return keys.flatMap((k) => found.get(keyOf(k)) ?? []);
  };

  /** Every `to` exists (held until commit), or NotFoundError names the first missing one. */
  const requireContacts = async (ids: readonly string[]) => {
    const found = await holdContacts(ctx, seen, ids);
    for (const id of ids) if (!found.has(id)) throw new NotFoundError('contact', ws, id);
  };

  return {
    findByKeys,
    listByContacts: async (ids) => {
      if (ids.length === 0) return [];
      const unique = [...new Set(ids)];
      const rows = await ctx.all(
        sql`SELECT ${raw(codec.select)} ${dialect.probe(
          ctx.keys(unique),
          table,
          sql`${ctx.inWorkspace} AND t.contact_id = k.k`,
          index,
        )}`,
      );
      const byContact = new Map<string, Identity[]>();
      for (const row of rows) {
        const identity = codec.decode(row);
        const list = byContact.get(identity.contactId);
        if (list) list.push(identity);
        else byContact.set(identity.contactId, [identity]);
      }
      // Each contact's few identities sorted here rather than every row in SQL: a batch reads
      // thousands, and the database's sort of them all cost a third of the read.
      return unique.flatMap((id) => byContact.get(id)?.sort(byTypeAndValue) ?? []);
    },
    insertMany: async (identities) => {
      for (const i of identities) IDENTITIES.check(i, ws);
      if (identities.length === 0) return;
      await requireContacts([...new Set(identities.map((i) => i.contactId))]);
      const keys = identities.map(keyOf);
      if (
        new Set(keys).size === keys.length &&
        (await ctx.insertNew(codec, identities, ['type', 'normalized_value']))
      )
        return;
      // Nothing of the call stayed written: name the first key held, stored or earlier in the call.
      const stored = new Map((await findByKeys(identities)).map((i) => [keyOf(i), i.contactId] as const));
      const earlier = new Map<string, string>();
      for (const i of identities) {
        const holder = stored.get(keyOf(i)) ?? earlier.get(keyOf(i));
        if (holder !== undefined) throw new IdentityTakenError(ws, i.type, i.value, holder);
        earlier.set(keyOf(i), i.contactId);
      }
      throw ctx.raced('an identity');
    },
    move: async (moves) => {
      if (moves.length === 0) return 0;
      await requireContacts(moves.map((m) => m.to));
      let moved = await moveRows(
        ctx,
        table,
        'contact_id',
        'normalized_value',
        moves.filter((m) => m.keys === undefined).map((m) => ({ from: m.from, to: m.to })),
        [],
        index,
      );
      for (const m of moves) {
        if (m.keys === undefined || m.keys.length === 0) continue;
        moved += await ctx.run(
          sql`UPDATE ${raw(table)} SET contact_id = ${m.to} WHERE workspace_id = ${ws} AND contact_id = ${m.from}
            AND (type, normalized_value) IN (SELECT type, value FROM (${keyList(m.keys)}) AS k)`,
        );
      }
      return moved;
    },
    deleteByKeys: async (keys) => {
      if (keys.length === 0) return 0;
      const list = dialect.list(
        ['c0', 'c1'],
        keys.map((k) => [k.type, k.value]),
      );
      return ctx.deleteMatching(
        table,
        ['type', 'normalized_value'],
        list,
        dialect.identityKey?.('t', 'k.c0', 'k.c1'),
      );
    },
  };
}
