import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../src/csv/import/import-csv.js';
import type { ImportCandidate, ImportRowResult } from '../../src/csv/import/rows/candidate.js';
import { collect } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): Uint8Array => readFileSync(join(here, 'fixtures', name));

async function run(name: string, options: Parameters<typeof importCsv>[1] = {}) {
  const imported = await importCsv(fixture(name), options);
  const results = await collect(imported.results);
  return { imported, results, candidates: results.filter(isOk).map((r) => r.candidate) };
}
const isOk = (r: ImportRowResult): r is Extract<ImportRowResult, { ok: true }> => r.ok;
const targetOf = (imported: Awaited<ReturnType<typeof importCsv>>, header: string) =>
  imported.mapping.columns.find((c) => c.header === header)?.target;

describe('recognising the export files of other tools', () => {
  it('Mailchimp subscribed export: identities, names, tags, consent from OPTIN/CONFIRM time, EUID identity', async () => {
    const { imported, candidates } = await run('mailchimp-subscribed.csv');
    expect(imported.mapping.preset).toBe('mailchimp');
    expect(imported.mapping.columns.every((c) => c.via === 'preset')).toBe(true);
    const [ana, jose] = candidates as [ImportCandidate, ImportCandidate];
    expect(ana.identities).toEqual({
      email: 'ana.lima@example.com',
      phone: '+12175550134',
      custom: { mailchimp_euid: 'a1b2c3d4e5' },
    });
    expect(ana.tags).toEqual(['VIP', 'Blog']);
    expect(ana.country).toBe('US');
    expect(ana.profile).toMatchObject({ name: 'Ana Lima', firstName: 'Ana', timezone: 'America/Chicago' });
    expect(ana.profile.address).toMatchObject({ region: 'IL', country: 'US' });
    expect(ana.consents).toEqual([
      {
        purpose: 'email_marketing',
        channel: 'email',
        status: 'granted',
        at: new Date('2023-01-05T10:11:12Z'),
        evidence: 'OPTIN_TIME=2023-01-05 10:11:12',
      },
    ]);
    expect(ana.notes).toEqual(['Met at expo']);
    expect(ana.customFields).toMatchObject({ mailchimp_member_rating: '4', mailchimp_leid: '123456789' });
    expect(jose.identities.email).toBe('jose@example.es');
    expect(jose.identities.phone).toBe('+34612345678');
  });

  it('Mailchimp unsubscribed export revokes consent at UNSUB_TIME', async () => {
    const { candidates } = await run('mailchimp-unsubscribed.csv');
    expect(candidates[0]!.consents).toEqual([
      expect.objectContaining({ status: 'revoked', at: new Date('2024-02-10T18:30:00Z') }),
    ]);
  });

  it('Klaviyo: consent words, country names as the phone default country, Klaviyo ID', async () => {
    const { imported, candidates } = await run('klaviyo.csv');
    expect(imported.mapping.preset).toBe('klaviyo');
    const [kim, lee] = candidates as [ImportCandidate, ImportCandidate];
    expect(kim.country).toBe('DE');
    expect(kim.identities).toEqual({
      email: 'kim@example.de',
      phone: '+4915123456789',
      custom: { klaviyo_id: '01H8ABCDEF' },
    });
    expect(kim.profile).toMatchObject({ company: 'Acme GmbH', jobTitle: 'CTO' });
    expect(kim.profile.address).toEqual({
      line1: 'Hauptstr. 5',
      city: 'Berlin',
      region: 'BE',
      postcode: '10115',
      country: 'DE',
    });
    expect(kim.consents).toEqual([
      expect.objectContaining({ channel: 'email', status: 'granted', at: new Date('2023-05-01T10:22:33Z') }),
    ]);
    expect(lee.country).toBe('US');
    expect(lee.consents).toEqual([expect.objectContaining({ status: 'revoked' })]);
  });

  it('HubSpot: Record ID becomes a hubspot_id identity, a second phone column an extra identity', async () => {
    const { imported, candidates } = await run('hubspot.csv');
    expect(imported.mapping.preset).toBe('hubspot');
    const [maria, tom] = candidates as [ImportCandidate, ImportCandidate];
    expect(maria.identities).toEqual({
      email: 'maria@example.it',
      phone: '+390612345678',
      custom: { hubspot_id: '51' },
    });
    expect(maria.moreIdentities).toEqual([{ type: 'phone', value: '+393123456789' }]);
    expect(maria.customFields).toMatchObject({ hubspot_lifecycle_stage: 'Customer' });
    expect(maria.profile.address).toMatchObject({ postcode: '00184', country: 'IT' });
    expect(maria.consents).toEqual([expect.objectContaining({ status: 'granted' })]);
    expect(tom.consents).toEqual([
      expect.objectContaining({ status: 'revoked', evidence: 'Unsubscribed from all email=true' }),
    ]);
  });

  it("Shopify: strips the leading ' from ids, phones and zips; stats, consents and tags", async () => {
    const { imported, candidates } = await run('shopify.csv');
    expect(imported.mapping.preset).toBe('shopify');
    expect(targetOf(imported, 'Total Spent')).toEqual({ kind: 'stat', stat: 'amountSpent' });
    const [sam, ada] = candidates as [ImportCandidate, ImportCandidate];
    expect(sam.identities).toEqual({
      email: 'sam@example.com',
      phone: '+16175550199',
      custom: { shopify_customer: '7788990011' },
    });
    expect(sam.moreIdentities).toEqual([{ type: 'phone', value: '+16175550123' }]);
    expect(sam.profile.address).toMatchObject({ postcode: '02134', city: 'Boston', country: 'US' });
    expect(sam.stats).toEqual({ amountSpent: 1234.5, orders: 7 });
    expect(sam.tags).toEqual(['vip', 'trial']);
    expect(sam.consents).toEqual([
      expect.objectContaining({ channel: 'email', status: 'granted' }),
      expect.objectContaining({ channel: 'sms', status: 'revoked' }),
    ]);
    expect(ada.profile.address).toMatchObject({ postcode: 'SW1A 1AA', country: 'GB' });
    expect(ada.stats).toEqual({ amountSpent: 0, orders: 0 });
  });

  it('Shopify legacy export', async () => {
    const { imported, candidates } = await run('shopify-legacy.csv');
    expect(imported.mapping.preset).toBe('shopify');
    expect(candidates[0]!.identities.phone).toBe('+15125550100');
    expect(candidates[0]!.profile.address?.postcode).toBe('73301');
  });

  it('Intercom and Chatwoot: the id becomes an intercom_id / chatwoot_id identity, user ids become userId', async () => {
    const intercom = await run('intercom.csv');
    expect(intercom.imported.mapping.preset).toBe('intercom');
    expect(intercom.candidates[0]!.identities).toEqual({
      email: 'nia@example.com',
      phone: '+447700900123',
      userId: 'u-42',
      custom: { intercom_id: '5f1a2b3c' },
    });
    expect(intercom.candidates[0]!.customFields).toMatchObject({ plan: 'pro' });
    const chatwoot = await run('chatwoot.csv');
    expect(chatwoot.imported.mapping.preset).toBe('chatwoot');
    expect(chatwoot.candidates[0]!.identities).toEqual({
      email: 'raj@example.in',
      phone: '+919876543210',
      userId: 'ext-301',
      custom: { chatwoot_id: '301' },
    });
    expect(chatwoot.candidates[0]!.country).toBe('IN');
  });

  it('says when Intercom and Chatwoot cannot be told apart, and lets the caller choose', async () => {
    const bytes = new TextEncoder().encode('id,name,email,phone_number\n7,Ana,ana@x.com,\n');
    const auto = await importCsv(bytes);
    expect(auto.mapping.preset).toBe('intercom');
    expect(auto.mapping.ambiguousWith).toEqual(['chatwoot']);
    const chosen = await importCsv(bytes, { preset: 'chatwoot' });
    const [result] = await collect(chosen.results);
    expect(result).toMatchObject({ ok: true, candidate: { identities: { custom: { chatwoot_id: '7' } } } });
  });
});
