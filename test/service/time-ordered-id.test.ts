import { describe, expect, it } from 'vitest';
import { timeOrderedId } from '../../src/service/runtime/time-ordered-id.js';

describe('time-ordered ids', () => {
  it('are UUID version 7 and sort in the order they were made, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => timeOrderedId());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carry the time they were made', () => {
    const before = Date.now();
    const id = timeOrderedId();
    const ms = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });
});
