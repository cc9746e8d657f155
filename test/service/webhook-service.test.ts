import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../adapters/memory/index.js';
import { NotFoundError, StaleVersionError, ValidationError } from '../../src/errors/errors.js';
import { WebhookDeliverySchema, WebhookEndpointViewSchema } from '../../src/model/webhook.js';
import { createContactkit } from '../../src/service/contactkit.js';
import { relaySetup } from '../webhooks/relay-harness.js';
import { HOUR, SECRET } from '../webhooks/support.js';

const URL = 'https://hooks.example.com/in';

describe('webhook endpoints', () => {
  it('gives the secret once, when made; never in what is read back', async () => {
    const { kit } = relaySetup();
    const { endpoint, secret } = await kit.webhooks.create('ws', {
      url: URL,
      eventTypes: ['contact.created', 'contact.created', 'contact.erased'],
      description: '  CRM sync ',
    });
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({
      url: URL,
      eventTypes: ['contact.created', 'contact.erased'],
      description: 'CRM sync',
      status: 'enabled',
      version: 1,
      consecutiveFailures: 0,
    });
    const read = [await kit.webhooks.get('ws', endpoint.id), ...(await kit.webhooks.list('ws')).items];
    for (const e of read) {
      expect(JSON.stringify(e)).not.toContain(secret.slice(6, 20));
      // What an HTTP layer documents is what the service returns, and no more.
      expect(WebhookEndpointViewSchema.strict().parse(e)).toEqual(e);
    }
    expect(read[0]).not.toHaveProperty('secrets');
  });

  it('takes a secret the host gives, in the standard form only', async () => {
    const { kit } = relaySetup();
    expect((await kit.webhooks.create('ws', { url: URL, secret: SECRET })).secret).toBe(SECRET);
    await expect(kit.webhooks.create('ws', { url: URL, secret: 'hunter2' })).rejects.toThrow(ValidationError);
  });

  it('refuses bad URLs and private addresses, unless the kit allows them', async () => {
    const kit = createContactkit({ store: new MemoryStore() });
    await expect(kit.webhooks.create('ws', { url: 'http://127.0.0.1:8080/' })).rejects.toThrow(/private/);
    await expect(kit.webhooks.create('ws', { url: 'ftp://example.com/' })).rejects.toThrow(/http or https/);
    await expect(
      kit.webhooks.create('ws', { url: URL, eventTypes: ['contact.nope' as never] }),
    ).rejects.toThrow(ValidationError);
    await expect(kit.webhooks.create('ws', { url: URL, extra: 1 } as never)).rejects.toThrow(ValidationError);
    const dev = createContactkit({ store: new MemoryStore(), webhooks: { allowPrivateAddresses: true } });
    expect((await dev.webhooks.create('ws', { url: 'http://127.0.0.1:8080/' })).endpoint.url).toBe(
      'http://127.0.0.1:8080/',
    );
  });

  it('keeps a workspace under its endpoint limit', async () => {
    const kit = createContactkit({ store: new MemoryStore(), webhooks: { maxEndpoints: 2 } });
    await kit.webhooks.create('ws', { url: URL });
    await kit.webhooks.create('ws', { url: URL });
    await expect(kit.webhooks.create('ws', { url: URL })).rejects.toThrow(/at most 2/);
    expect((await kit.webhooks.create('other', { url: URL })).endpoint.workspaceId).toBe('other');
  });

  it('updates URL, types and description, checking the version the caller saw', async () => {
    const { kit } = relaySetup();
    const { endpoint } = await kit.webhooks.create('ws', {
      url: URL,
      eventTypes: ['contact.created'],
      description: 'x',
    });
    const updated = await kit.webhooks.update('ws', endpoint.id, {
      url: 'https://hooks.example.com/v2',
      eventTypes: null,
      description: null,
      version: 1,
    });
    expect(updated).toMatchObject({ url: 'https://hooks.example.com/v2', version: 2 });
    expect(updated.eventTypes).toBeUndefined();
    expect(updated.description).toBeUndefined();
    await expect(kit.webhooks.update('ws', endpoint.id, { description: 'late', version: 1 })).rejects.toThrow(
      StaleVersionError,
    );
    await expect(kit.webhooks.update('ws', 'nope', {})).rejects.toThrow(NotFoundError);
  });

  it('lists endpoints by status, a page at a time, and only the workspace’s own', async () => {
    const { kit } = relaySetup();
    const made = [];
    for (let i = 0; i < 3; i++) made.push((await kit.webhooks.create('ws', { url: URL })).endpoint);
    await kit.webhooks.create('other', { url: URL });
    await kit.webhooks.disable('ws', made[1]!.id);
    const first = await kit.webhooks.list('ws', { limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await kit.webhooks.list('ws', { limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((e) => e.id)).toEqual(made.map((e) => e.id));
    expect((await kit.webhooks.list('ws', { status: 'disabled' })).items.map((e) => e.id)).toEqual([
      made[1]!.id,
    ]);
    await expect(kit.webhooks.get('other', made[0]!.id)).rejects.toThrow(NotFoundError);
  });

  it('rotates a secret: the old one expires after the overlap, older ones are dropped', async () => {
    const s = relaySetup();
    const { endpoint } = await s.kit.webhooks.create('ws', { url: URL });
    const first = await s.kit.webhooks.rotateSecret('ws', endpoint.id);
    expect(first.endpoint.previousSecretExpiresAt).toEqual(new Date(s.now().getTime() + 24 * HOUR));
    s.advance(25 * HOUR);
    const second = await s.kit.webhooks.rotateSecret('ws', endpoint.id, { overlap: { minutes: 0 } });
    expect(second.endpoint.previousSecretExpiresAt).toBeUndefined();
    const [stored] = await s.store.transaction('ws', (tx) => tx.webhookEndpoints.get([endpoint.id]));
    expect(stored!.secrets.map((x) => x.secret)).toEqual([second.secret]);
  });

  it('disables and enables by hand', async () => {
    const { kit } = relaySetup();
    const { endpoint } = await kit.webhooks.create('ws', { url: URL, enabled: false });
    expect(endpoint).toMatchObject({ status: 'disabled', disabledReason: 'manual' });
    expect(await kit.webhooks.enable('ws', endpoint.id)).toMatchObject({ status: 'enabled', version: 2 });
    expect(await kit.webhooks.disable('ws', endpoint.id)).toMatchObject({ status: 'disabled', version: 3 });
    // Disabling a disabled endpoint changes nothing.
    expect(await kit.webhooks.disable('ws', endpoint.id)).toMatchObject({ version: 3 });
  });

  it('deletes an endpoint with its delivery log', async () => {
    const s = relaySetup();
    const { endpoint } = await s.kit.webhooks.create('ws', { url: 'http://127.0.0.1:9/' });
    for (const who of ['a', 'b']) await s.kit.contacts.ingest(s.event(`${who}@example.com`));
    await s.pass();
    expect((await s.kit.webhooks.deliveries('ws', endpoint.id)).items).toHaveLength(2);
    expect(await s.kit.webhooks.delete('ws', endpoint.id)).toEqual({ deliveries: 2 });
    expect(await s.store.inspect('ws')).toMatchObject({ webhookEndpoints: 0, webhookDeliveries: 0 });
    await expect(s.kit.webhooks.delete('ws', endpoint.id)).rejects.toThrow(NotFoundError);
    await expect(s.kit.webhooks.deliveries('ws', endpoint.id)).rejects.toThrow(NotFoundError);
  });

  it('pages the delivery log newest first, by status', async () => {
    const s = relaySetup();
    const { endpoint } = await s.kit.webhooks.create('ws', { url: 'http://127.0.0.1:9/' });
    for (const who of ['a', 'b', 'c']) {
      await s.kit.contacts.ingest(s.event(`${who}@example.com`));
      await s.pass();
      s.advance(1000);
    }
    const page = await s.kit.webhooks.deliveries('ws', endpoint.id, { limit: 2 });
    const rest = await s.kit.webhooks.deliveries('ws', endpoint.id, { limit: 2, cursor: page.nextCursor! });
    const all = [...page.items, ...rest.items];
    for (const d of all) expect(WebhookDeliverySchema.strict().parse(d)).toEqual(d);
    expect(all.map((d) => d.position)).toEqual([...all.map((d) => d.position)].sort((a, b) => b - a));
    expect(all).toHaveLength(3);
    expect(
      (await s.kit.webhooks.deliveries('ws', endpoint.id, { status: ['failed', 'pending'] })).items,
    ).toEqual([]);
  });
});
