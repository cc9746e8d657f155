import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairKey } from '../../src/model/duplicate-suggestion.js';
import { type Api, message, startApi, T0 } from './api-server.js';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

describe('authentication', () => {
  it('answers 401 with a problem and WWW-Authenticate without a key, with a bad key, or a bad scheme', async () => {
    for (const key of [null, 'wrong-key', `${'key-for-workspace-a-0123456789'}x`]) {
      const answer = await api.call('GET', '/api/v1/contacts/c1', { key });
      expect(answer.status, String(key)).toBe(401);
      expect(answer.json).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="contactkit"');
      expect(answer.headers.get('x-request-id')).toEqual(expect.any(String));
    }
    const basic = await api.call('GET', '/api/v1/contacts/c1', {
      key: null,
      headers: { authorization: 'Basic a2V5LWZvci13b3Jrc3BhY2UtYS0wMTIzNDU2Nzg5Og==' },
    });
    expect(basic.status).toBe(401);
  });

  it('checks the key before the body: an unauthenticated bad body is a 401, not a 400', async () => {
    const answer = await api.call('POST', '/api/v1/events', {
      key: null,
      body: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(401);
  });

  it("passes a host's own refusal through, with the request id", async () => {
    const host = await startApi({
      authenticate: () =>
        new Response('{"error":"revoked"}', { status: 403, headers: { 'content-type': 'application/json' } }),
    });
    try {
      const answer = await host.call('GET', '/api/v1/contacts/c1');
      expect(answer.status).toBe(403);
      expect(answer.json).toEqual({ error: 'revoked' });
      expect(answer.headers.get('x-request-id')).toEqual(expect.any(String));
    } finally {
      await host.close();
    }
  });

  it('answers 500 (and tells onError) when authenticate returns something that is not a workspace id', async () => {
    const host = await startApi({ authenticate: () => '' });
    try {
      const answer = await host.call('GET', '/api/v1/contacts/c1');
      expect(answer.status).toBe(500);
      expect(answer.json.code).toBe('INTERNAL');
      expect(answer.json.detail).not.toMatch(/authenticate/);
      expect(host.serverErrors).toHaveLength(1);
    } finally {
      await host.close();
    }
  });
});

describe('workspace isolation', () => {
  it("gives workspace B a 404, never a 403 and never the data, for every route about A's records", async () => {
    const created = await api.call('POST', '/api/v1/contacts', {
      json: { profile: { name: 'Only In A' }, identities: { email: 'only-a@example.com' } },
    });
    const id = created.json.id as string;
    const other = (
      await api.call('POST', '/api/v1/contacts', { json: { identities: { email: 'a2@example.com' } } })
    ).json.id as string;
    await api.call('POST', `/api/v1/contacts/${id}/consent`, {
      json: { purpose: 'email', status: 'granted', source: 'api' },
    });
    const merge = await api.call('POST', '/api/v1/merges', { json: { primaryId: id, otherIds: [other] } });
    const restored = await api.call('POST', `/api/v1/merges/${merge.json.record.id}/undo`);
    expect(restored.status).toBe(200);
    const reminder = await api.call('POST', `/api/v1/contacts/${id}/reminders`, {
      json: { dueAt: T0 + 1000 },
    });
    await api.call('POST', '/api/v1/custom-fields', { json: { key: 'plan', label: 'Plan', type: 'text' } });
    await api.kit.context.store.transaction('A', (tx) =>
      tx.suggestions.upsertMany([
        {
          workspaceId: 'A',
          id: pairKey(id, other),
          contactIds: (id < other ? [id, other] : [other, id]) as [string, string],
          weight: 9,
          probability: 0.9,
          explanation: {},
          status: 'open',
          createdAt: new Date(T0),
        },
      ]),
    );
    const b = { key: 'B' as const };
    const refused: Array<[string, string, Record<string, unknown>?]> = [
      ['GET', `/api/v1/contacts/${id}`],
      ['PATCH', `/api/v1/contacts/${id}`, { json: { profile: { name: 'B was here' } } }],
      ['DELETE', `/api/v1/contacts/${id}?force=true`],
      ['GET', `/api/v1/contacts/${id}/identities`],
      ['POST', `/api/v1/contacts/${id}/identities`, { json: { type: 'phone', value: '+14155550123' } }],
      ['DELETE', `/api/v1/contacts/${id}/identities/email/only-a%40example.com`],
      ['GET', `/api/v1/contacts/${id}/timeline`],
      ['GET', `/api/v1/contacts/${id}/conversations`],
      ['GET', `/api/v1/contacts/${id}/score-ledger`],
      ['GET', `/api/v1/contacts/${id}/merges`],
      ['GET', `/api/v1/contacts/${id}/subject-export`],
      ['POST', `/api/v1/contacts/${id}/erasure`],
      ['GET', `/api/v1/contacts/${id}/consent`],
      [
        'POST',
        `/api/v1/contacts/${id}/consent`,
        { json: { purpose: 'email', status: 'revoked', source: 'api' } },
      ],
      ['POST', `/api/v1/contacts/${id}/reminders`, { json: { dueAt: T0 + 1000 } }],
      ['POST', '/api/v1/merges', { json: { primaryId: id, otherIds: [other] } }],
      ['POST', `/api/v1/merges/${merge.json.record.id}/undo`],
      ['POST', `/api/v1/duplicate-suggestions/${encodeURIComponent(pairKey(id, other))}/accept`],
      ['POST', `/api/v1/duplicate-suggestions/${encodeURIComponent(pairKey(id, other))}/reject`],
      ['DELETE', `/api/v1/reminders/${reminder.json.id}`],
      ['PATCH', '/api/v1/custom-fields/plan', { json: { label: 'B' } }],
      ['DELETE', '/api/v1/custom-fields/plan'],
    ];
    for (const [method, path, options] of refused) {
      const answer = await api.call(method, path, { ...b, ...options });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.json.code, `${method} ${path}`).toBe('NOT_FOUND');
      expect(answer.text, `${method} ${path}`).not.toContain('Only In A');
    }
    // B's lists hold none of A's records, and A's records are untouched.
    for (const path of ['/api/v1/duplicate-suggestions', '/api/v1/reminders', '/api/v1/custom-fields']) {
      expect((await api.call('GET', path, b)).json.data, path).toEqual([]);
    }
    const exported = await api.call('POST', '/api/v1/exports', { ...b, json: { format: 'ndjson' } });
    expect(exported.text).toBe('');
    const mine = await api.call('GET', `/api/v1/contacts/${id}`);
    expect(mine.json.contact).toMatchObject({ profile: { name: 'Only In A' } });
    expect(mine.json.contact.deletedAt).toBeUndefined();
    // B's event with A's email makes B a contact of its own: identities never cross workspaces.
    const event = await api.call('POST', '/api/v1/events', {
      ...b,
      json: message('iso-1', { email: 'only-a@example.com' }),
    });
    expect(event.json).toMatchObject({ kind: 'created' });
    expect(event.json.contactId).not.toBe(id);
  });
});
