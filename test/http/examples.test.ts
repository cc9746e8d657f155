import type { Server } from 'node:http';
import { describe, expect, it } from 'vitest';

/** Closes a server started by an example. */
async function stop(server: Server) {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('examples/http', () => {
  it('node-http: serves the API with a key made up for the run', async () => {
    const { start } = await import('../../examples/http/node-http.js');
    const { server, url, key } = await start(0, undefined);
    try {
      const created = await fetch(`${url}/api/v1/contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ identities: { email: 'ana@example.com' } }),
      });
      expect(created.status).toBe(201);
      expect(((await created.json()) as { workspaceId: string }).workspaceId).toBe('demo');
      expect((await fetch(`${url}/api/v1/contacts/x`)).status).toBe(401);
    } finally {
      await stop(server);
    }
  });

  it("hono: mounts the API beside the host's routes, its sessions deciding the workspace", async () => {
    const { start } = await import('../../examples/http/hono.js');
    const { server, url } = await start(0);
    try {
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ ok: true });
      const created = await fetch(`${url}/api/v1/contacts`, {
        method: 'POST',
        headers: { authorization: 'Bearer session-token-of-acme', 'content-type': 'application/json' },
        body: '{}',
      });
      expect(((await created.json()) as { workspaceId: string }).workspaceId).toBe('acme');
      expect(
        (await fetch(`${url}/api/v1/contacts/x`, { headers: { authorization: 'Bearer nope' } })).status,
      ).toBe(401);
    } finally {
      await stop(server);
    }
  });

  it('nextjs: answers the requests Next.js hands its exported methods', async () => {
    const saved = process.env.CONTACTKIT_API_KEYS;
    process.env.CONTACTKIT_API_KEYS = 'next-key-0123456789=shop';
    const route = await import('../../examples/http/nextjs.js');
    if (saved === undefined) delete process.env.CONTACTKIT_API_KEYS;
    else process.env.CONTACTKIT_API_KEYS = saved;
    expect(route.runtime).toBe('nodejs');
    const created = await route.POST(
      new Request('http://localhost:3000/api/v1/contacts', {
        method: 'POST',
        headers: { authorization: 'Bearer next-key-0123456789', 'content-type': 'application/json' },
        body: JSON.stringify({ profile: { name: 'Ana' } }),
      }),
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const read = await route.GET(
      new Request(`http://localhost:3000/api/v1/contacts/${id}`, {
        headers: { authorization: 'Bearer next-key-0123456789' },
      }),
    );
    expect(((await read.json()) as { contact: { workspaceId: string } }).contact.workspaceId).toBe('shop');
  });
});
