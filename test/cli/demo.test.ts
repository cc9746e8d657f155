import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSample } from '../../examples/demo/sample.js';
import { DEMO_SECTIONS } from '../../examples/demo/story.js';
import { cli } from './run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-demo-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('contactkit demo', () => {
  it('the sample is a few thousand events on four channels, the same every time', () => {
    const a = demoSample();
    const b = demoSample();
    expect(a.events.length).toBeGreaterThan(2000);
    expect(new Set(a.events.map((e) => e.channel))).toEqual(
      new Set(['web', 'whatsapp', 'telegram', 'email']),
    );
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.mailchimpCsv.startsWith('Email Address,First Name,Last Name')).toBe(true);
  });

  it('tells every section of the story, in order, with what each shows', async () => {
    const r = await cli('demo');
    expect(r.code, r.err).toBe(0);
    let at = -1;
    for (const [i, title] of DEMO_SECTIONS.entries()) {
      const next = r.out.indexOf(`${i + 1}. ${title}`);
      expect(next, title).toBeGreaterThan(at);
      at = next;
    }
    expect(r.out).toContain(
      'identities: cookie:ck_7f3a, email:ana.lima@example.com, phone:+14155552671, userId:user_1001',
    );
    expect(r.out).toMatch(/intruder-1: email ana\.lima@example\.com stays with \S+ \(/);
    expect(r.out).toMatch(/Robert Hartley \+ Bob Hartley {2}p=/);
    expect(r.out).toContain('undone: Bob Hartley');
    expect(r.out).toMatch(/exported \d+ contacts for HubSpot/);
    expect(r.out).not.toMatch(/,'\+1/);
    expect(r.out).toContain('her email now: unknown');
  });

  it('--json gives the figures: linked, promoted, refused, undone, scored, due, erased', async () => {
    const r = await cli('demo', '--json');
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.events).toBeGreaterThan(2000);
    expect(s.multiChannel).toBeGreaterThan(10);
    expect(s.promoted).toBeGreaterThan(10);
    expect(s.customers).toBe(s.promoted);
    expect(s.csv).toMatchObject({ rejected: 2 });
    expect(s.csv.updated).toBeGreaterThan(10);
    expect(s.conflicts).toBe(1);
    expect(s.mergeUndone).toBe(true);
    expect(s.topLeads).toHaveLength(3);
    expect(s.topLeads[0].score).toBeGreaterThanOrEqual(s.topLeads[2].score);
    expect(s.segment.rows).toBeGreaterThan(0);
    expect(s.followUps).toBeGreaterThan(0);
    expect(s.reviews).toBeGreaterThan(0);
    expect(s.erased.emailKnownAfter).toBe(false);
    expect(s.seconds).toBeLessThan(30);
  });

  it('keeps the store with --db, and refuses to fill one that exists', async () => {
    const db = join(dir, 'demo.db');
    expect((await cli('demo', '--db', db, '--json')).code).toBe(0);
    const shown = await cli('show', 'ana.lima@example.com', '--db', db, '--json');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out).contact.kind).toBe('customer');
    const taken = join(dir, 'taken.db');
    writeFileSync(taken, '');
    expect((await cli('demo', '--db', taken)).code).toBe(2);
  });
});
