import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMessage, recordFollowUpSent } from '../../src/followups/apply-message.js';
import type { FollowUpContactFacts } from '../../src/followups/facts.js';
import { cancelOnReply } from '../../src/followups/outcomes.js';
import { planFollowUpSweep } from '../../src/followups/plan-sweep.js';
import { isQuietAt } from '../../src/followups/quiet-hours.js';
import type { FollowUpSettings } from '../../src/followups/settings.js';
import { approveFollowUp, markFollowUpSent, openFollowUp } from '../../src/followups/transitions.js';
import { isValidTimeZone } from '../../src/followups/zoned-time.js';
import { FOLLOW_UP_STATUSES, type FollowUpItem, OPEN_FOLLOW_UP_STATUSES } from '../../src/model/follow-up.js';
import { contactArb, existingArb, instantArb, settingsArb } from './arbitraries.js';
import { HOUR } from './support.js';

const zoneOf = (facts: FollowUpContactFacts, settings: FollowUpSettings) =>
  facts.timezone !== undefined && isValidTimeZone(facts.timezone) ? facts.timezone : settings.timezone;
const scenario = instantArb.chain((now) =>
  fc.record({ now: fc.constant(now), facts: contactArb(now), settings: settingsArb, existing: existingArb }),
);
const RUNS = { numRuns: 400 };

describe('follow-up properties', () => {
  it('no item is ever due inside quiet hours, nor created while they last', () => {
    fc.assert(
      fc.property(scenario, ({ now, facts, settings, existing }) => {
        const plan = planFollowUpSweep({ contacts: [facts], existing, settings, now: new Date(now) });
        const zone = zoneOf(facts, settings);
        if (plan.create.length > 0) expect(isQuietAt(now, zone, settings.quietHours)).toBe(false);
        for (const due of plan.create) {
          expect(isQuietAt(due.dueAt.getTime(), zone, settings.quietHours)).toBe(false);
          expect(due.dueAt.getTime()).toBeLessThanOrEqual(now);
        }
      }),
      RUNS,
    );
  });

  it('a sweep is idempotent: planning again with what it created creates nothing, and the same input plans the same keys', () => {
    fc.assert(
      fc.property(scenario, ({ now, facts, settings, existing }) => {
        const input = { contacts: [facts], existing, settings, now: new Date(now) };
        const first = planFollowUpSweep(input);
        expect(planFollowUpSweep(input)).toEqual(first);
        const keys = first.create.map((d) => d.key);
        expect(new Set(keys).size).toBe(keys.length);
        const created = first.create.map((d) => ({
          key: d.key,
          contactId: d.contactId,
          conversationId: d.conversationId,
          status: 'pending' as const,
        }));
        expect(planFollowUpSweep({ ...input, existing: [...existing, ...created] }).create).toEqual([]);
      }),
      RUNS,
    );
  });

  it('attempts never exceed the maximum, sweep after sweep, when every follow-up is sent and none answered', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.array(fc.integer({ min: 1, max: 96 }), { minLength: 1, maxLength: 25 }),
        ({ now: start, facts: initial, settings }, steps) => {
          const { perConversation, perContact } = settings.maxAttempts;
          const startConversation = new Map(
            initial.conversations.map((c) => [c.conversationId, c.attemptsSinceReply]),
          );
          const startContact =
            initial.attemptsSinceReply ?? initial.conversations.reduce((s, c) => s + c.attemptsSinceReply, 0);
          let facts = initial;
          const items: FollowUpItem[] = [];
          const automatic = new Map<string, number>();
          let automaticToContact = 0;
          let now = start;
          for (const hours of steps) {
            now += hours * HOUR;
            const at = new Date(now);
            const plan = planFollowUpSweep({ contacts: [facts], existing: items, settings, now: at });
            for (const due of plan.create) {
              let item = openFollowUp(due, { workspaceId: 'w', id: `fu_${items.length}`, now: at }).item;
              item = approveFollowUp(item, { at, by: { kind: 'user' } }).item;
              const template =
                item.templateOnly || (item.windowClosesAt !== undefined && at >= item.windowClosesAt);
              items.push(markFollowUpSent(item, { at, template }).item);
              if (due.reason !== 'scheduled') {
                automaticToContact++;
                const id = due.conversationId ?? '';
                automatic.set(id, (automatic.get(id) ?? 0) + 1);
                expect(due.attempt).toBeLessThanOrEqual(perConversation);
              }
              facts = {
                ...facts,
                ...(facts.attemptsSinceReply === undefined
                  ? {}
                  : { attemptsSinceReply: facts.attemptsSinceReply + 1 }),
                conversations: facts.conversations.map((c) =>
                  c.conversationId === due.conversationId
                    ? recordFollowUpSent(c, { at, reason: due.reason })
                    : c,
                ),
              };
            }
          }
          for (const [id, count] of automatic) {
            expect(count).toBeLessThanOrEqual(
              Math.max(0, perConversation - (startConversation.get(id) ?? startContact)),
            );
          }
          expect(automaticToContact).toBeLessThanOrEqual(Math.max(0, perContact - startContact));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a customer reply always cancels the pending items of its conversation, and only those', () => {
    const itemArb = fc.record({
      id: fc.uuid(),
      conversationId: fc.constantFrom('conv_0', 'conv_1', 'conv_2'),
      status: fc.constantFrom(...FOLLOW_UP_STATUSES),
      sent: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(itemArb, { maxLength: 12 }),
        fc.constantFrom('conv_0', 'conv_1'),
        instantArb,
        (specs, conversationId, t) => {
          const at = new Date(t);
          const items: FollowUpItem[] = specs.map((s, i) => ({
            workspaceId: 'w',
            id: `fu_${i}`,
            key: `k_${i}`,
            contactId: 'c_1',
            conversationId: s.conversationId,
            reason: 'ghosting',
            channel: 'web',
            dueAt: at,
            anchorAt: at,
            templateOnly: false,
            attempt: 1,
            status: s.status,
            ...(s.sent || ['sent', 'converted', 'no_response'].includes(s.status) ? { sentAt: at } : {}),
            createdAt: at,
            updatedAt: at,
            version: 1,
          }));
          const changes = new Map(
            cancelOnReply(items, { conversationId, at }).map((c) => [c.item.id, c.item]),
          );
          for (const item of items) {
            const after = changes.get(item.id) ?? item;
            if (item.conversationId !== conversationId) expect(after).toBe(item);
            else if (OPEN_FOLLOW_UP_STATUSES.includes(item.status)) {
              expect(after.status).toBe('replied');
              expect(after.sentAt).toBe(item.sentAt);
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('after a customer reply, the next sweep makes no ghosting or promise follow-up in that conversation', () => {
    fc.assert(
      fc.property(scenario, ({ now, facts, settings }) => {
        const conversation = facts.conversations[0];
        if (!conversation) return;
        const at = new Date(now);
        const replied: FollowUpContactFacts = {
          ...facts,
          conversations: [
            applyMessage(conversation, { at, role: 'customer', text: 'hi' }),
            ...facts.conversations.slice(1),
          ],
        };
        const plan = planFollowUpSweep({ contacts: [replied], settings, now: at });
        const here = plan.create.filter((d) => d.conversationId === conversation.conversationId);
        expect(here.filter((d) => d.reason === 'ghosting' || d.reason === 'promise')).toEqual([]);
      }),
      RUNS,
    );
  });
});
