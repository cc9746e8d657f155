import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/index.js';
import { normalizePhone } from '../../src/normalize/index.js';

describe('phone numbers written the ways people write them become one E.164 value', () => {
  // [input, default country, expected E.164]: national and international forms of the same numbers.
  const cases: Array<[string, string | undefined, string]> = [
    ['(415) 555-2671', 'US', '+14155552671'],
    ['+1 415-555-2671', undefined, '+14155552671'],
    ['415.555.2671', 'US', '+14155552671'],
    ['1-415-555-2671', 'US', '+14155552671'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+44 (0)20 7946 0958', undefined, '+442079460958'],
    ['07700 900123', 'GB', '+447700900123'],
    ['030 12345678', 'DE', '+493012345678'],
    ['+49 30 12345678', undefined, '+493012345678'],
    ['0151 23456789', 'DE', '+4915123456789'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['+33 6 12 34 56 78', undefined, '+33612345678'],
    ['612 34 56 78', 'ES', '+34612345678'],
    ['(11) 98765-4321', 'BR', '+5511987654321'],
    ['+91 98765 43210', undefined, '+919876543210'],
    ['098765 43210', 'IN', '+919876543210'],
    ['090-1234-5678', 'JP', '+819012345678'],
    ['0412 345 678', 'AU', '+61412345678'],
    ['55 1234 5678', 'MX', '+525512345678'],
    ['011 15-2345-6789', 'AR', '+5491123456789'],
    ['+86 138 0013 8000', undefined, '+8613800138000'],
    ['082 123 4567', 'ZA', '+27821234567'],
    ['0803 123 4567', 'NG', '+2348031234567'],
  ];
  it.each(cases)('%s (country %s) → %s', (input, country, expected) => {
    expect(normalizePhone(input, { defaultCountry: country }).value).toBe(expected);
  });

  it('reads 00 as the international prefix, with or without a default country', () => {
    expect(normalizePhone('0044 20 7946 0958').value).toBe('+442079460958');
    expect(normalizePhone('0049 30 12345678', { defaultCountry: 'US' }).value).toBe('+493012345678');
    expect(normalizePhone('00 55 11 98765 4321', { defaultCountry: 'BR' }).value).toBe('+5511987654321');
  });

  it("reads WhatsApp ids, which are international numbers without their '+'", () => {
    expect(normalizePhone('14155552671', { international: true }).value).toBe('+14155552671');
    expect(normalizePhone('447700900123', { international: true }).value).toBe('+447700900123');
    // Without the hint, a bare international number that is not a valid national one is still read.
    expect(normalizePhone('14155552671', { defaultCountry: 'DE' }).value).toBe('+14155552671');
  });

  it('never guesses a country neither the record nor the workspace gave, and says "no country"', () => {
    for (const national of ['617-555-0143', '(617) 555-0143', '4155552671', '14155552671', '07911 123456']) {
      expect(() => normalizePhone(national), national).toThrow(/no country/);
    }
    // Written internationally, a number needs no country.
    expect(normalizePhone('+1 617-555-0143').value).toBe('+16175550143');
    expect(normalizePhone('0044 7911 123456').value).toBe('+447911123456');
  });

  it("adds Brazil's ninth digit to eight-digit mobile numbers, as WhatsApp ids still carry them", () => {
    expect(normalizePhone('551187654321', { international: true }).value).toBe('+5511987654321');
    expect(normalizePhone('+55 11 8765-4321').value).toBe('+5511987654321');
    expect(normalizePhone('(11) 8765-4321', { defaultCountry: 'BR' }).value).toBe('+5511987654321');
    // Landlines (subscriber numbers starting 2–5) have eight digits and keep them.
    expect(normalizePhone('+55 11 3456-7890').value).toBe('+551134567890');
  });

  it('adds no ninth digit after a 0 (a trunk or carrier prefix, never an area code), so normalizing twice changes nothing', () => {
    // Found by the idempotence property: "+55 00160000000" read as area 01 gained a 9 on the second pass.
    expect(() => normalizePhone('55 001 6000 0000', { defaultCountry: 'US' })).toThrow(ValidationError);
    for (const input of ['+55 19 6000 0000', '+55 011 6000 0000', '5519960000000']) {
      try {
        const once = normalizePhone(input, { defaultCountry: 'BR' }).value;
        expect(normalizePhone(once, { defaultCountry: 'BR' }).value).toBe(once);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
      }
    }
  });

  it("drops Mexico's old mobile 1 after +52", () => {
    expect(normalizePhone('5215512345678', { international: true }).value).toBe('+525512345678');
  });

  it('keeps the extension apart from the number', () => {
    const withExt = normalizePhone('+1 (212) 555-0100 ext. 12');
    expect(withExt.value).toBe('+12125550100');
    expect(withExt.extension).toBe('12');
    expect(normalizePhone('212-555-0100 x 7', { defaultCountry: 'US' }).extension).toBe('7');
    expect(normalizePhone('+12125550100').extension).toBeUndefined();
  });

  it("strips a spreadsheet's leading ' and a tel: link", () => {
    expect(normalizePhone("'+14155552671").value).toBe('+14155552671');
    expect(normalizePhone('tel:+14155552671').value).toBe('+14155552671');
  });

  it('keeps the raw input and tells the country', () => {
    const n = normalizePhone(' (415) 555-2671 ', { defaultCountry: 'us' });
    expect(n.raw).toBe(' (415) 555-2671 ');
    expect(n.country).toBe('US');
    expect(n.valid).toBe(true);
  });

  it('refuses what cannot be a phone number, naming the field and the reason', () => {
    for (const bad of ['', '   ', 'call me', '123', '+1 415', '555-2671']) {
      try {
        normalizePhone(bad, { field: 'identities.phone' });
        expect.unreachable(`accepted ${JSON.stringify(bad)}`);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        const v = error as ValidationError;
        expect(v.field).toBe('identities.phone');
        expect(v.value).toBe(bad);
        expect(v.reason.length).toBeGreaterThan(0);
      }
    }
  });
});
