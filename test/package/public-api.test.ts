import { describe, expect, it } from 'vitest';
import { apiReport } from '../../scripts/api-report.js';

/*
 * The public surface is deliberate: any change to a name, a signature or a member of an exported
 * class or interface changes the report, which fails here until `npm run api:update` rewrites it (and
 * the change is reviewed with its changeset). Under CI vitest never writes snapshots, so it fails there.
 */
describe('public API', () => {
  it('matches the committed report', async () => {
    await expect(apiReport()).toMatchFileSnapshot('./public-api.md');
  }, 120_000);

  it('keeps the root small: what a chat backend uses', () => {
    const root = /## contactkit \((\d+) names\)/.exec(apiReport());
    expect(Number(root?.[1])).toBeLessThanOrEqual(80);
  }, 120_000);

  it('keeps internals out of every entry', () => {
    const report = apiReport();
    for (const internal of [
      'seededRng',
      'assertInt',
      'encodeWindows1252Char',
      'blockingKeyIds',
      'candidatePairs',
    ])
      expect(report).not.toMatch(new RegExp(`- \\w+ ${internal}\\b`));
  }, 120_000);
});
