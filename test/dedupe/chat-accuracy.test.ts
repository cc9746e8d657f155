import { describe, expect, it } from 'vitest';
import { dedupe } from '../../src/dedupe/engine.js';
import { deterministicBaselines, exactKeyClusters } from './support/baselines.js';
import { chatMatchRecords, generateChatContacts } from './support/chat-contacts.js';
import { generateHistoricalPeople, HISTORICAL_COLUMNS } from './support/historical-people.js';
import { type PairwiseScore, pairwiseScore } from './support/pairwise-score.js';

const line = (s: PairwiseScore) =>
  `P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)}`;

/**
 * A chat product's contact list (web visitors, Telegram, Messenger, WhatsApp, forms, CRM and Mailchimp
 * imports), generated with its truth beside it, deduplicated with the configuration inferred from its
 * columns as `contactkit dedupe` does, at two sparsity levels, beside the deterministic rules on the
 * same rows.
 */
describe('accuracy on a chat product’s contact list', () => {
  for (const sparsity of [0.2, 0.3]) {
    it(`at sparsity ${sparsity}: F1 ≥ 0.85, above "same email" and "same email or phone"`, () => {
      const rows = generateChatContacts({ count: 10_000, seed: 7, sparsity });
      const records = chatMatchRecords(rows);
      const truth = rows.map((r) => String(r.person));
      const engine = pairwiseScore(truth, dedupe(records, { explain: false }).clusterIds);
      const baselines = deterministicBaselines(records, ['email'], ['phone', 'whatsapp']);
      const sameEmail = pairwiseScore(truth, baselines.sameEmail);
      const sameEmailOrPhone = pairwiseScore(truth, baselines.sameEmailOrPhone);
      console.log(
        `chat list, sparsity ${sparsity}: ${line(engine)}; same email ${line(sameEmail)}; same email or phone ${line(sameEmailOrPhone)}`,
      );
      expect(engine.f1).toBeGreaterThanOrEqual(0.85);
      expect(engine.f1).toBeGreaterThan(sameEmail.f1);
      expect(engine.f1).toBeGreaterThan(sameEmailOrPhone.f1);
    });
  }
});

/**
 * Records shaped like Splink's historical_50k (first name and surname, a full name, birth date and
 * place, postcode, occupation), generated with Splink's kinds of corruption. No email or phone: the
 * deterministic rules link nothing, and "same first name, surname and birth date" stands beside them.
 */
describe('accuracy on historical people (historical_50k-style)', () => {
  it('F1 ≥ 0.83, above the deterministic rules', () => {
    const rows = generateHistoricalPeople({ count: 10_000, seed: 3 });
    const records = rows.map((r) => ({
      id: r.unique_id,
      values: Object.fromEntries(
        HISTORICAL_COLUMNS.filter((c) => c !== 'unique_id' && c !== 'cluster').map((c) => [c, r[c]]),
      ),
    }));
    const truth = rows.map((r) => r.cluster);
    const engine = pairwiseScore(truth, dedupe(records, { explain: false }).clusterIds);
    const baselines = deterministicBaselines(records, [], []);
    const nameAndDob = pairwiseScore(
      truth,
      exactKeyClusters(rows.length, [
        rows.map((r) =>
          r.first_name && r.surname && r.dob ? `${r.first_name}|${r.surname}|${r.dob}` : null,
        ),
      ]),
    );
    console.log(`historical people: ${line(engine)}; same name and birth date ${line(nameAndDob)}`);
    expect(engine.f1).toBeGreaterThanOrEqual(0.83);
    expect(engine.f1).toBeGreaterThan(pairwiseScore(truth, baselines.sameEmailOrPhone).f1);
    expect(engine.f1).toBeGreaterThan(nameAndDob.f1);
  });
});
