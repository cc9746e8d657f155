import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/index.js';
import { emailMatchKey, normalizeEmail } from '../../src/normalize/index.js';

describe('emails are keyed on one normalized form', () => {
  it('trims, lower-cases and keeps the raw input', () => {
    const e = normalizeEmail('  Ana.Lima@Example.COM ');
    expect(e.value).toBe('ana.lima@example.com');
    expect(e.local).toBe('ana.lima');
    expect(e.domain).toBe('example.com');
    expect(e.raw).toBe('  Ana.Lima@Example.COM ');
  });

  it('puts internationalized domains in punycode', () => {
    expect(normalizeEmail('jose@bücher.de').value).toBe('jose@xn--bcher-kva.de');
    expect(normalizeEmail('info@münchen.DE').value).toBe('info@xn--mnchen-3ya.de');
    expect(normalizeEmail('user@пример.рф').value).toBe('user@xn--e1afmkfd.xn--p1ai');
    // An already-punycoded domain stays as it is.
    expect(normalizeEmail('jose@xn--bcher-kva.de').value).toBe('jose@xn--bcher-kva.de');
  });

  it('applies NFC, so composed and decomposed accents are one address', () => {
    const composed = 'jos\u00e9@example.com';
    const decomposed = 'jose\u0301@example.com';
    expect(normalizeEmail(decomposed).value).toBe(normalizeEmail(composed).value);
  });

  it('takes addresses pasted from mail clients and links', () => {
    expect(normalizeEmail('Ana Lima <Ana@Example.com>').value).toBe('ana@example.com');
    expect(normalizeEmail('mailto:ana@example.com').value).toBe('ana@example.com');
    expect(normalizeEmail('ana@example.com.').value).toBe('ana@example.com');
  });

  it('keeps dots and +tags in the key, and folds them only for duplicate suggestions', () => {
    expect(normalizeEmail('A.Na+news@Gmail.com').value).toBe('a.na+news@gmail.com');
    expect(emailMatchKey('a.na+news@gmail.com')).toBe('ana@gmail.com');
    expect(emailMatchKey('ana@googlemail.com')).toBe('ana@gmail.com');
    expect(emailMatchKey('a.na+x@example.com')).toBe('a.na@example.com');
  });

  it('refuses what is not an address, naming the field and the reason', () => {
    const bad: Array<[string, string]> = [
      ['', 'empty'],
      ['ana', 'missing @'],
      ['@example.com', 'nothing before @'],
      ['ana@', 'nothing after @'],
      ['ana@localhost', 'the domain has no dot'],
      ['ana..lima@example.com', 'characters'],
      ['ana lima@example.com', 'characters'],
      ['ana@exa mple.com', 'host name'],
      ['ana@1.2.3.4', 'host name'],
      [`${'a'.repeat(65)}@example.com`, '64'],
    ];
    for (const [input, reason] of bad) {
      try {
        normalizeEmail(input, 'profile.email');
        expect.unreachable(`accepted ${JSON.stringify(input)}`);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).field).toBe('profile.email');
        expect((error as ValidationError).value).toBe(input);
        expect((error as ValidationError).reason).toContain(reason);
      }
    }
  });
});
