import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TransactionConflictError, ValidationError } from '../../src/errors/errors.js';
import type { ImportReport } from '../../src/service/index.js';
import { snapshot } from '../cli/store-snapshot.js';
import { setup as setupServices } from './harness.js';

const FIXTURES = join(import.meta.dirname, '../csv/fixtures');
const utf8 = (s: string) => new TextEncoder().encode(s);

function setup() {
  const { store, kit } = setupServices();
  return { store, importer: kit.imports, contacts: kit.contacts };
}

const balanced = (r: ImportReport) => r.created + r.updated + r.unchanged + r.rejected === r.rows;

describe('ImportService', () => {
  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.csv'));

  it.each(fixtures)(
    'imports the preset fixture %s end to end, and a second import changes nothing',
    async (name) => {
      const { store, importer } = setup();
      const bytes = readFileSync(join(FIXTURES, name));
      const first = await importer.importFile(bytes, { workspaceId: 'ws' });
      expect(balanced(first)).toBe(true);
      expect(first.created).toBeGreaterThan(0);
      const before = await snapshot(store);
      const second = await importer.importFile(bytes, { workspaceId: 'ws' });
      expect(second.importId).toBe(first.importId);
      expect(second).toMatchObject({ rows: first.rows, created: 0, updated: 0, rejected: first.rejected });
      expect(second.unchanged).toBe(first.rows - first.rejected);
      expect(await snapshot(store)).toEqual(before);
    },
  );

  it('applies consents, Shopify totals, notes and extra identities, once', async () => {
    const { store, importer } = setup();
    const bytes = readFileSync(join(FIXTURES, 'shopify.csv'));
    await importer.importFile(bytes, { workspaceId: 'ws' });
    const snap = await snapshot(store);
    const sam = snap.contacts.find((c) => c.profile.firstName === 'Sam')!;
    expect(sam.stats).toMatchObject({ orders: 7, amountSpent: 1234.5 });
    const samData = snap.perContact.find((p) => p.id === sam.id)!;
    expect(samData.consents.map((c) => [c.purpose, c.status, c.source])).toContainEqual([
      'email_marketing',
      'granted',
      'import:shopify',
    ]);
    // The contact carries the consent in force of those records, for lists.
    expect(sam.consent?.map((c) => [c.purpose, c.status])).toEqual([
      ['email_marketing', 'granted'],
      ['sms_marketing', 'revoked'],
    ]);
    expect(samData.notes.map((n) => n.text)).toEqual(['Prefers email']);
    const samIds = snap.identities.filter((i) => i.contactId === sam.id).map((i) => `${i.type}:${i.value}`);
    expect(samIds).toEqual(expect.arrayContaining(['email:sam@example.com', 'phone:+16175550199']));
    expect(sam.profile.address?.postcode).toBe('02134');
  });

  it("writes a batch's consents in its intake transaction: all of the batch or none of it", async () => {
    const { store, importer } = setup();
    const bytes = readFileSync(join(FIXTURES, 'shopify.csv'));
    const transaction = store.transaction.bind(store);
    // The first attempt fails on a write conflict while writing consents, the next on a broken disk.
    let attempt = 0;
    store.transaction = ((workspaceId, fn) =>
      transaction(workspaceId, (tx) => {
        const insert = tx.consents.insert.bind(tx.consents);
        tx.consents.insert = async (records) => {
          attempt++;
          if (attempt === 1) throw new TransactionConflictError(workspaceId, 'test: another writer');
          if (attempt === 2) throw new Error('test: disk full');
          return insert(records);
        };
        return fn(tx);
      })) as typeof store.transaction;
    await expect(importer.importFile(bytes, { workspaceId: 'ws' })).rejects.toThrow('disk full');
    // The conflict was retried; the failure rolled back the contacts of the batch with its consents.
    expect(attempt).toBe(2);
    const empty = await snapshot(store);
    expect(empty.contacts).toEqual([]);
    const report = await importer.importFile(bytes, { workspaceId: 'ws' });
    expect(report.created).toBeGreaterThan(0);
    const snap = await snapshot(store);
    expect(snap.perContact.flatMap((p) => p.consents).length).toBeGreaterThan(0);
    // Every consent was written once, by the attempt that committed.
    const ids = snap.perContact.flatMap((p) => p.consents.map((c) => `${p.id}:${c.purpose}:${c.source}`));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('updates the contact of a known email instead of creating another, and keeps manual values', async () => {
    const { store, importer, contacts } = setup();
    const known = await contacts.ingest({
      workspaceId: 'ws',
      eventId: 'e1',
      occurredAt: '2026-05-01T00:00:00Z',
      channel: 'web',
      identities: { email: 'ana@example.com' },
      profile: { firstName: 'Anna', company: 'Old Co' },
      profileOrigin: 'bot',
    });
    await contacts.updateProfile('ws', known.contactId, { lastName: 'Manual' });
    const report = await importer.importFile(
      utf8('Email,First Name,Last Name,Company\nANA@example.com,Ana,Lima,New Co\nbo@example.com,Bo,,\n'),
      { workspaceId: 'ws' },
    );
    expect(report).toMatchObject({ rows: 2, created: 1, updated: 1, unchanged: 0, rejected: 0 });
    const view = await contacts.getContact('ws', known.contactId);
    // Import overwrites bot values, never manual ones.
    expect(view!.contact.profile).toMatchObject({ firstName: 'Ana', lastName: 'Manual', company: 'New Co' });
    expect((await snapshot(store)).contacts).toHaveLength(2);
  });

  it('counts a row with the same data under another import id as unchanged', async () => {
    const { importer } = setup();
    const bytes = utf8('Email,First Name\nana@example.com,Ana\n');
    await importer.importFile(bytes, { workspaceId: 'ws' });
    const again = await importer.importFile(bytes, { workspaceId: 'ws', importId: 'other' });
    expect(again).toMatchObject({ rows: 1, created: 0, updated: 0, unchanged: 1 });
  });

  it('reports every rejected row with its row number, column and reason', async () => {
    const { importer } = setup();
    const report = await importer.importFile(
      utf8('Email,Name\nana@example.com,Ana\nnot-an-email,Bo\n\n,Cy\ntest@test.com,Blocked\n'),
      { workspaceId: 'ws' },
    );
    expect(report).toMatchObject({ rows: 4, created: 1, rejected: 3 });
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'Email'],
      [4, 'Email'],
      [5, 'Email'],
    ]);
    for (const e of report.errors) expect(e.reason.length).toBeGreaterThan(0);
  });

  it('merges rows of the file that share an identity, or reports them', async () => {
    const csv =
      'Email,Phone,First Name\nana@example.com,+14155552671,Ana\nANA@example.com,,Anna\nbo@example.com,+14155552671,Bo\n';
    const merged = await setup().importer.importFile(utf8(csv), { workspaceId: 'ws' });
    expect(merged).toMatchObject({ rows: 3, created: 1, updated: 2, rejected: 0 });

    const { importer, store } = setup();
    const reported = await importer.importFile(utf8(csv), { workspaceId: 'ws', duplicates: 'report' });
    expect(reported).toMatchObject({ rows: 3, created: 1, rejected: 2 });
    expect(reported.errors).toEqual([
      { row: 2, column: 'Email', reason: 'duplicate of row 1 (same email ana@example.com)' },
      { row: 3, column: 'Phone', reason: 'duplicate of row 1 (same phone +14155552671)' },
    ]);
    expect((await snapshot(store)).contacts).toHaveLength(1);
  });

  it('applies the extras of a row whose contact a later row merged away to the survivor', async () => {
    const { importer, store } = setup();
    const report = await importer.importFile(
      utf8(
        'Email,Phone,Notes\nana@example.com,,first\n,+14155552671,second\nana@example.com,+14155552671,third\n',
      ),
      { workspaceId: 'ws' },
    );
    expect(report).toMatchObject({ rows: 3, created: 2, updated: 1, warnings: [] });
    const snap = await snapshot(store);
    expect(snap.contacts).toHaveLength(1);
    expect(snap.perContact[0]!.notes.map((n) => n.text).sort()).toEqual(['first', 'second', 'third']);
  });

  it('counts an extra identity another contact holds as one warning, even when the batch is retried', async () => {
    const { importer, store } = setup();
    await importer.importFile(utf8('Email\nbo@example.com\n'), { workspaceId: 'ws' });
    const transaction = store.transaction.bind(store);
    let conflicts = 0;
    store.transaction = ((workspaceId, fn) =>
      transaction(workspaceId, async (tx) => {
        const result = await fn(tx);
        // Lose the first race after the batch's writes, so the whole batch runs twice.
        if (conflicts++ === 0) throw new TransactionConflictError(workspaceId, 'test: another writer');
        return result;
      })) as typeof store.transaction;
    // Ana's second email is Bo's: it stays with Bo, and the row says so once.
    const report = await importer.importFile(utf8('Email\n"ana@example.com; bo@example.com"\n'), {
      workspaceId: 'ws',
    });
    expect(conflicts).toBe(2);
    expect(report).toMatchObject({
      rows: 1,
      created: 1,
      warnings: [
        {
          row: 1,
          column: 'Email',
          reason: 'this email belongs to another contact; it was not added to this one',
        },
      ],
    });
    const snap = await snapshot(store);
    const bo = snap.identities.find((i) => i.value === 'bo@example.com')!;
    const ana = snap.identities.find((i) => i.value === 'ana@example.com')!;
    expect(bo.contactId).not.toBe(ana.contactId);
  });

  it('resolves rows by the upsert key only', async () => {
    const { importer, contacts, store } = setup();
    await contacts.ingest({
      workspaceId: 'ws',
      eventId: 'e1',
      occurredAt: '2026-05-01T00:00:00Z',
      channel: 'web',
      identities: { email: 'ana@example.com' },
    });
    const report = await importer.importFile(
      utf8('Record ID,Email,First Name\n51,ana@example.com,Ana\n52,bo@example.com,Bo\n,cy@example.com,Cy\n'),
      { workspaceId: 'ws', upsertKey: 'hubspot_id' },
    );
    // Row 1's email belongs to a contact that the key does not name: a new contact, the email left where it was.
    expect(report).toMatchObject({ rows: 3, created: 2, rejected: 1 });
    expect(report.errors[0]).toMatchObject({ row: 3, column: 'Record ID' });
    const snap = await snapshot(store);
    expect(snap.contacts).toHaveLength(3);
    const bo = snap.identities.find((i) => i.value === 'bo@example.com')!;
    expect(snap.identities.find((i) => i.type === 'hubspot_id' && i.value === '52')!.contactId).toBe(
      bo.contactId,
    );
    await expect(
      importer.importFile(utf8('Email\nana@example.com\n'), { workspaceId: 'ws', upsertKey: 'phone' }),
    ).rejects.toThrow(/identity\.phone/);
  });

  it('writes nothing on a dry run, and predicts the counts', async () => {
    const { importer, store } = setup();
    const bytes = utf8('Email,First Name\nana@example.com,Ana\nbad,Bo\nana@example.com,Anna\n');
    const before = await snapshot(store);
    const dry = await importer.importFile(bytes, { workspaceId: 'ws', dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, rows: 3, created: 1, updated: 1, rejected: 1 });
    expect(await snapshot(store)).toEqual(before);
    const real = await importer.importFile(bytes, { workspaceId: 'ws' });
    expect(real).toMatchObject({ rows: 3, created: 1, updated: 1, rejected: 1 });
  });

  it('refuses bad files before writing anything', async () => {
    const { importer, store } = setup();
    for (const bytes of [
      new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]),
      new Uint8Array(),
      utf8('Email,Name\n'),
      utf8('Name,City\nAna,Rome\n'),
    ]) {
      await expect(importer.importFile(bytes, { workspaceId: 'ws' })).rejects.toThrow();
    }
    expect((await snapshot(store)).contacts).toHaveLength(0);
  });

  it('streams a source opened once per pass (hash, whole-file check, import) and reports progress', async () => {
    const { importer } = setup();
    const bytes = utf8(`Email\n${Array.from({ length: 2500 }, (_, i) => `u${i}@example.com`).join('\n')}\n`);
    let opened = 0;
    const progress: number[] = [];
    const report = await importer.importFile(
      () => {
        opened++;
        return (async function* () {
          for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096);
        })();
      },
      { workspaceId: 'ws', batchSize: 1000, onProgress: (p) => progress.push(p.rows) },
    );
    expect(opened).toBe(3);
    expect(report).toMatchObject({ rows: 2500, created: 2500 });
    expect(progress).toEqual([1000, 2000, 2500]);
  });

  it('keeps created + updated + unchanged + rejected = rows on generated files', async () => {
    const cell = fc.oneof(
      fc.constantFrom('ana@example.com', 'BO@example.com', 'bad@', '', 'test@test.com', '=cmd()', 'x'),
      fc.emailAddress(),
    );
    const phone = fc.constantFrom('', '+14155552671', '(415) 555-2672', '12', 'call me');
    const row = fc.tuple(cell, phone, fc.string({ maxLength: 12 }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 30 }),
        fc.constantFrom('merge', 'report'),
        fc.boolean(),
        async (rows, duplicates, twice) => {
          const { importer } = setup();
          const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
          const csv = `Email,Phone,Name\n${rows.map((r) => r.map(quote).join(',')).join('\n')}\n`;
          let report: ImportReport;
          try {
            report = await importer.importFile(utf8(csv), { workspaceId: 'ws', duplicates });
            if (twice)
              report = await importer.importFile(utf8(csv), {
                workspaceId: 'ws',
                duplicates,
                importId: 'again',
              });
          } catch {
            return; // a file refused as a whole (e.g. no row at all)
          }
          expect(balanced(report)).toBe(true);
          expect(report.errors).toHaveLength(report.rejected);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('a file with headers named like Object.prototype members (issue 12, item 6)', () => {
  it('imports every column as a custom field', async () => {
    const { importer, contacts } = setup();
    const file = 'Email,constructor,toString,valueOf,hasOwnProperty,__proto__\nana@example.com,a,b,c,d,e\n';
    const report = await importer.importFile(utf8(file), { workspaceId: 'ws' });
    expect(report).toMatchObject({ rows: 1, created: 1, rejected: 0 });
    const ana = await contacts.findByIdentity('ws', 'email', 'ana@example.com');
    expect(ana?.customFields).toEqual({
      constructor: 'a',
      to_string: 'b',
      value_of: 'c',
      has_own_property: 'd',
      proto: 'e',
    });
  });
});

describe('a file with an unclosed quote (issue 12, item 9)', () => {
  it('rejects that row with its column and reason, and imports every other line', async () => {
    const { importer, contacts } = setup();
    const file = 'email,name\na@x.com,"Ana\nb@x.com,Bo\nc@x.com,Cy\nd@x.com,Di\n';
    const report = await importer.importFile(utf8(file), { workspaceId: 'ws' });
    expect(report).toMatchObject({ rows: 4, created: 3, rejected: 1 });
    expect(report.errors).toEqual([
      {
        row: 1,
        column: 'name',
        reason:
          'malformed quotes: a quote opens this cell and never closes; the line was read on its own and not imported',
      },
    ]);
    expect((await contacts.findByIdentity('ws', 'email', 'b@x.com'))?.profile.name).toBe('Bo');
    expect(await contacts.findByIdentity('ws', 'email', 'a@x.com')).toBeNull();
  });
});

describe('a file refused part-way, and a store that fails part-way (issue 12, item 8)', () => {
  /** ~300 KiB of good rows, then a Windows-1252 byte: past the 64 KiB the encoding is decided on. */
  const strayByteFile = () => {
    const lines = ['email,name'];
    for (let i = 0; i < 8500; i++) lines.push(`person${i}@example.com,Zoë ${i}`);
    return new Uint8Array([...utf8(`${lines.join('\n')}\nlast@example.com,Jos`), 0xe9, ...utf8('\n')]);
  };

  it('refuses a file with a stray byte past 256 KiB before writing anything, naming the row', async () => {
    const { store, importer } = setup();
    const bytes = strayByteFile();
    expect(bytes.length).toBeGreaterThan(256 * 1024);
    const error = await importer.importFile(bytes, { workspaceId: 'ws', batchSize: 500 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'file', issues: [expect.objectContaining({ row: 8501 })] });
    expect((await snapshot(store)).contacts).toEqual([]);
    await expect(importer.checkFile(bytes, { workspaceId: 'ws' })).rejects.toMatchObject({ field: 'file' });
  });

  it('keeps the batches a failing store committed, and a re-run completes the import as a clean run', async () => {
    const lines = ['email,name'];
    for (let i = 0; i < 50; i++) lines.push(`p${i}@example.com,P ${i}`);
    const bytes = utf8(`${lines.join('\n')}\n`);
    const clean = setup();
    await clean.importer.importFile(bytes, { workspaceId: 'ws', batchSize: 10 });

    const { store, kit } = setupServices();
    // The third write transaction fails, as a database that went away would.
    const transaction = store.transaction.bind(store);
    let calls = 0;
    store.transaction = (async (ws: string, fn: never) => {
      if (++calls === 3) throw new Error('disk I/O error');
      return transaction(ws, fn);
    }) as typeof store.transaction;
    let progress = 0;
    await expect(
      kit.imports.importFile(bytes, {
        workspaceId: 'ws',
        batchSize: 10,
        onProgress: (p) => {
          progress = p.rows;
        },
      }),
    ).rejects.toThrow('disk I/O error');
    expect(progress).toBe(20);
    expect((await snapshot(store)).contacts).toHaveLength(20);
    const rerun = await kit.imports.importFile(bytes, { workspaceId: 'ws', batchSize: 10 });
    expect(rerun).toMatchObject({ rows: 50, created: 30, unchanged: 20 });
    const a = await snapshot(store);
    const b = await snapshot(clean.store);
    expect(a.contacts.map((c) => c.profile.name).sort()).toEqual(
      b.contacts.map((c) => c.profile.name).sort(),
    );
    expect(a.identities.map((i) => i.value).sort()).toEqual(b.identities.map((i) => i.value).sort());
  });
});

describe('warnings say where and why (issue 12, item 10)', () => {
  it('lists every value dropped from a kept row with its row, column and reason, in file order', async () => {
    const { importer } = setup();
    const file = [
      'Email,Phone,Tags,Total Spent',
      `ana@example.com,call me,${'x'.repeat(101)},12`,
      'bo@example.com,+14155552671,vip,lots',
    ].join('\n');
    const report = await importer.importFile(utf8(`${file}\n`), { workspaceId: 'ws' });
    expect(report).toMatchObject({ rows: 2, created: 2, rejected: 0 });
    expect(report.warnings).toEqual([
      { row: 1, column: 'Phone', reason: 'no digits' },
      { row: 1, column: 'Tags', reason: 'tag longer than 100 characters; not imported' },
      { row: 2, column: 'Total Spent', reason: 'not an amount ≥ 0' },
    ]);
  });
});
