import { describe, expect, it } from 'vitest';
import { handleAsName, isPlaceholderName, looksLikeHandle } from '../../src/dedupe/placeholders.js';

describe('placeholder names', () => {
  it('sees what chat widgets, forms and CRMs put where no name was typed', () => {
    for (const name of [
      'Visitor 22989',
      'visitor',
      'Guest',
      'Unknown',
      'Customer',
      'Website visitor',
      'Anonymous',
      'N/A',
      'user12345',
      'WhatsApp User',
      '12345',
      'mark.lim@gmail.com',
      '   ',
    ]) {
      expect(isPlaceholderName(name), name).toBe(true);
    }
  });

  it('keeps real names, including ones that share a word with a placeholder', () => {
    for (const name of ['Mark Lim', 'Guest Smith', 'Ana', 'J. Client-Ortiz', 'Zoë']) {
      expect(isPlaceholderName(name), name).toBe(false);
    }
  });
});

describe('handles as names', () => {
  it('spells a handle with separators as a name, and nothing else', () => {
    expect(handleAsName('@mark_lim')).toBe('mark lim');
    expect(handleAsName('lim.mark92')).toBe('lim mark');
    expect(handleAsName('@marklim')).toBeNull();
    expect(handleAsName('88120311')).toBeNull();
  });

  it('tells a handle from a typed name', () => {
    expect(looksLikeHandle('@mark_lim')).toBe(true);
    expect(looksLikeHandle('mark_lim')).toBe(true);
    expect(looksLikeHandle('Mark Lim')).toBe(false);
    expect(looksLikeHandle('Mark')).toBe(false);
  });
});
