import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ValidationError } from '../../src/errors/errors.js';
import { type ThreeStores, threeStores } from '../support/three-stores.js';

// Issue 12, item 12: SQLite threw an untyped RangeError for `getContact({}, id)`; memory returned null.

let stores: ThreeStores;
beforeAll(async () => {
  stores = await threeStores();
});
afterAll(async () => stores?.close());

describe('a bad workspace or contact id is a ValidationError at the service edge, on every adapter', () => {
  it('getContact({}, id) and friends', async () => {
    for (const { name, kit } of stores.adapters) {
      const attempts: Array<() => Promise<unknown>> = [
        () => kit.contacts.getContact({} as unknown as string, 'c1'),
        () => kit.contacts.getContact('ws', {} as unknown as string),
        () => kit.contacts.listTimeline('', 'c1'),
        () => kit.contacts.listConversations(' ws ', 'c1'),
        () => kit.contacts.findByIdentity('ws\u0000', 'email', 'a@b.co'),
        () => kit.contacts.findByIdentity('ws', 'email', {} as unknown as string),
        () => kit.privacy.exportSubject(42 as unknown as string, 'c1'),
        () => kit.merges.mergeHistory(['ws'] as unknown as string, 'c1'),
      ];
      const out: string[] = [];
      for (const attempt of attempts) {
        out.push(
          await attempt().then(
            () => 'no error',
            (error: unknown) =>
              error instanceof ValidationError ? `ValidationError ${error.field}` : String(error),
          ),
        );
      }
      assert.deepEqual(
        out,
        [
          'ValidationError workspaceId',
          'ValidationError contactId',
          'ValidationError workspaceId',
          'ValidationError workspaceId',
          'ValidationError workspaceId',
          'ValidationError identity.value',
          'ValidationError workspaceId',
          'ValidationError workspaceId',
        ],
        name,
      );
    }
  });
});
