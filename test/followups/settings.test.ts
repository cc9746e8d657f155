import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../src/errors/errors.js';
import {
  DEFAULT_FOLLOW_UP_SETTINGS,
  FOLLOW_UP_PRESET_NAMES,
  FollowUpConfigSchema,
  parseFollowUpSettings,
} from '../../src/followups/settings.js';
import { parseInput } from '../../src/model/parse.js';

function refusal(input: unknown): ValidationError {
  try {
    parseFollowUpSettings(input as never);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('follow-up settings', () => {
  it('are complete with nothing set: every trigger on, 3 and 5 attempts, quiet 21:00–08:00 UTC, WhatsApp rule built in', () => {
    expect(DEFAULT_FOLLOW_UP_SETTINGS).toMatchObject({
      enabled: true,
      timezone: 'UTC',
      triggers: {
        promise: { enabled: true, delay: { hours: 24 } },
        disengaged: { enabled: true, delay: { hours: 24 }, onlyAfterQuestion: false },
        undecided: { enabled: true, intents: ['pricing', 'purchase', 'booking'], delay: 'by_temperature' },
      },
      timing: { hot: { hours: 24 }, warm: { days: 7 }, cold: { days: 30 } },
      maxAttempts: { perConversation: 3, perContact: 5 },
      quietHours: { enabled: true, start: '21:00', end: '08:00', days: [] },
      channels: 'all',
      outcomes: { noResponseAfter: { days: 7 }, attributionWindow: { days: 7 } },
    });
    expect(parseFollowUpSettings()).toEqual(DEFAULT_FOLLOW_UP_SETTINGS);
  });

  it('take a preset and merge changes over it field by field', () => {
    const s = parseFollowUpSettings({ preset: 'gentle', quietHours: { start: '19:00' } });
    expect(s.quietHours).toEqual({ enabled: true, start: '19:00', end: '09:00', days: ['sun'] });
    expect(s.maxAttempts).toEqual({ perConversation: 2, perContact: 3 });
    expect(s.triggers.disengaged.delay).toEqual({ hours: 48 });
    expect(parseFollowUpSettings({ preset: 'off' }).enabled).toBe(false);
    expect(parseFollowUpSettings({ preset: 'sales' }).triggers.disengaged.delay).toBe('by_temperature');
    expect(parseFollowUpSettings({ preset: 'support' }).triggers.undecided.enabled).toBe(false);
  });

  it('every preset parses', () => {
    for (const preset of FOLLOW_UP_PRESET_NAMES)
      expect(() => parseFollowUpSettings({ preset })).not.toThrow();
  });

  it('names an unknown key rather than dropping it', () => {
    expect(refusal({ quietHour: { start: '22:00' } }).reason).toContain('quietHour');
  });

  it('lists in the changes replace the preset’s lists', () => {
    expect(parseFollowUpSettings({ preset: 'gentle', quietHours: { days: [] } }).quietHours.days).toEqual([]);
  });

  it.each([
    [{ preset: 'aggressive' }, 'followUps.preset'],
    [{ quietHours: { start: '25:00' } }, 'followUps.quietHours.start'],
    [{ quietHours: { start: '08:00', end: '08:00' } }, 'followUps.quietHours.end'],
    [{ timezone: 'Mars/Olympus' }, 'followUps.timezone'],
    [{ maxAttempts: { perConversation: 0 } }, 'followUps.maxAttempts.perConversation'],
    [{ triggers: { disengaged: { delay: { weeks: 1 } } } }, 'followUps.triggers.disengaged.delay'],
    [{ triggers: { disengaged: { delay: { days: -1 } } } }, 'followUps.triggers.disengaged.delay.days'],
    [{ customTriggers: [{ id: 'has space', delay: { days: 1 } }] }, 'followUps.customTriggers.0.id'],
    [
      { customTriggers: [{ id: 'x', delay: { days: 1 }, keywords: ['!!!'] }] },
      'followUps.customTriggers.0.keywords.0',
    ],
    [
      {
        customTriggers: [
          { id: 'x', delay: { days: 1 } },
          { id: 'x', delay: { days: 2 } },
        ],
      },
      'followUps.customTriggers',
    ],
    [
      { channelRules: { whatsapp: { serviceWindowHours: -1 } } },
      'followUps.channelRules.whatsapp.serviceWindowHours',
    ],
    [{ quietHour: { start: '22:00' } }, 'followUps'],
  ])('refuses %j naming %s', (input, field) => {
    const error = refusal(input);
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  });

  it('embed in a larger configuration with defaults, as a workspace configuration would', () => {
    const WorkspaceLike = z.object({ followUps: FollowUpConfigSchema.prefault({}) });
    expect(WorkspaceLike.parse({}).followUps).toEqual(DEFAULT_FOLLOW_UP_SETTINGS);
    expect(WorkspaceLike.parse({ followUps: { preset: 'off' } }).followUps.enabled).toBe(false);
    expect(() => parseInput(WorkspaceLike, { followUps: { preset: 'nope' } })).toThrow(/followUps\.preset/);
  });

  it('lower-case intents and upper-case grades, so rules compare them without regard to case', () => {
    const s = parseFollowUpSettings({
      triggers: { undecided: { intents: ['Pricing'] } },
      customTriggers: [{ id: 'vip', grades: ['a'], delay: { days: 1 } }],
    });
    expect(s.triggers.undecided.intents).toEqual(['pricing']);
    expect(s.customTriggers[0]?.grades).toEqual(['A']);
  });
});
