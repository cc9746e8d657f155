import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../adapters/memory/index.js';
import { ExpertImport, type ExpertImportBatch } from '../../bench/support/expert-import.js';
import { ExpertIntake } from '../../bench/support/expert-intake.js';
import { writeMailchimpFile } from '../../bench/support/mailchimp-file.js';
import { RecordingStore } from '../../bench/support/port-recorder.js';
import { ImportService } from '../../src/service/import-service.js';

// The import's same-work baseline is only worth its name if it writes exactly the rows the import
// service writes: with the same clock, id source and import id, batch by batch.

const dir = mkdtempSync(join(tmpdir(), 'contactkit-expert-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const counter = () => {
  let n = 0;
  return () => `id_${++n}`;
};
const clock = () => new Date('2026-03-01T12:00:00Z');
const WRITES = new Set(['insertMany', 'updateMany', 'insert', 'put', 'append']);

describe('the import’s same-work baseline (bench/support/expert-import.ts)', () => {
  it('writes exactly the rows the import service writes for the bench’s file, batch by batch', async () => {
    const file = join(dir, 'mailchimp.csv');
    await writeMailchimpFile(file, 2_500);
    const recorder = new RecordingStore(new MemoryStore());
    const report = await new ImportService({ store: recorder, clock, ids: counter() }).importFile(
      () => createReadStream(file),
      { workspaceId: 'default', importId: 'bench-import' },
    );
    expect(report.created).toBe(2_500);
    const theirs = recorder.recorded.map((t) => {
      const out: ExpertImportBatch = {};
      for (const { repository, method, args } of t.calls) {
        if (!WRITES.has(method)) continue;
        const rows = Array.isArray(args[0]) ? (args[0] as unknown[]) : [args[0]];
        out[`${repository}.${method}`] = [...(out[`${repository}.${method}`] ?? []), ...rows];
      }
      return out;
    });
    const mine: ExpertImportBatch[] = [];
    const rows = await new ExpertImport(new ExpertIntake(counter(), clock)).run(
      createReadStream(file),
      { workspaceId: 'default', importId: 'bench-import' },
      (batch) => mine.push(batch),
    );
    expect(rows).toBe(2_500);
    expect(mine).toHaveLength(3);
    expect(mine).toEqual(theirs);
    // The file exercised the extras: consents on every row, a note on every 50th.
    expect(mine.flatMap((b) => b['consents.insert'] ?? [])).toHaveLength(2_500);
    expect(mine.flatMap((b) => b['notes.insert'] ?? [])).toHaveLength(50);
  });
});
