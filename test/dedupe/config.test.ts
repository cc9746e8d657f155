import { describe, expect, it } from 'vitest';
import { parseMatchConfig } from '../../src/dedupe/config.js';
import { ValidationError } from '../../src/errors/errors.js';

const valid = {
  fields: [
    { name: 'email', kind: 'email' },
    { name: 'name', kind: 'name' },
  ],
  blocking: [{ keys: [{ field: 'email' }] }],
};

function rejection(input: unknown): ValidationError {
  try {
    parseMatchConfig(input);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('match configuration', () => {
  it('fills in defaults', () => {
    const config = parseMatchConfig(valid);
    expect(config.threshold).toBe(0.9);
    expect(config.blocking[0]!.keys[0]!.transform).toBe('value');
    expect(config.clustering.maxClusterSize).toBe(100);
  });

  it('rejects an unknown kind, naming the field', () => {
    const error = rejection({ ...valid, fields: [{ name: 'email', kind: 'emial' }] });
    expect(error.field).toBe('fields.0.kind');
    expect(error.value).toBe('emial');
  });

  it('rejects a blocking key on a field that is not compared', () => {
    const error = rejection({ ...valid, blocking: [{ keys: [{ field: 'phone' }] }] });
    expect(error.field).toBe('blocking.0.keys.0.field');
    expect(error.reason).toMatch(/phone/);
  });

  it('rejects a field listed twice, a prefix without length, a threshold out of (0, 1), no blocking', () => {
    expect(rejection({ ...valid, fields: [...valid.fields, { name: 'email', kind: 'text' }] }).field).toBe(
      'fields.2.name',
    );
    expect(
      rejection({ ...valid, blocking: [{ keys: [{ field: 'email', transform: 'prefix' }] }] }).field,
    ).toBe('blocking.0.keys.0.length');
    expect(rejection({ ...valid, threshold: 1.5 }).field).toBe('threshold');
    expect(rejection({ ...valid, blocking: [] }).field).toBe('blocking');
    expect(rejection('not an object').field).toBe('config');
  });
});
