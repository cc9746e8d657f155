import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport } from '../../src/service/webhook-transport.js';

let server: http.Server;
let port: number;
const seen: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      if (req.url === '/slow') return; // never answers
      if (req.url === '/busy') return void res.writeHead(503, { 'retry-after': '30' }).end();
      if (req.url === '/redirect') return void res.writeHead(302, { location: '/elsewhere' }).end();
      if (req.url === '/big') return void res.writeHead(200).end('x'.repeat(1024 * 1024));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const request = (path: string, host = '127.0.0.1') => ({
  url: `http://${host}:${port}${path}`,
  headers: { 'content-type': 'application/json', 'webhook-id': 'evt_1' },
  body: '{"a":1}',
  timeoutMs: 300,
});

describe('the http transport', () => {
  const open = httpTransport({ allowPrivateAddresses: true });
  afterAll(() => open.close());

  it('posts the body with its headers and returns the status', async () => {
    expect(await open(request('/ok'))).toEqual({ status: 204 });
    const last = seen.at(-1)!;
    expect(last.body).toBe('{"a":1}');
    expect(last.headers['webhook-id']).toBe('evt_1');
    expect(last.headers['content-length']).toBe('7');
  });

  it('returns Retry-After, does not follow redirects, drops big answers', async () => {
    expect(await open(request('/busy'))).toEqual({ status: 503, retryAfter: '30' });
    expect(await open(request('/redirect'))).toEqual({ status: 302 });
    expect((await open(request('/big'))).status).toBe(200);
  });

  it('gives up after its timeout', async () => {
    await expect(open(request('/slow'))).rejects.toThrow('timed out after 300 ms');
  });

  it('refuses private addresses unless allowed, also behind a host name', async () => {
    const guarded = httpTransport();
    try {
      await expect(guarded(request('/ok'))).rejects.toThrow(/127\.0\.0\.1 is a private address/);
      await expect(guarded(request('/ok', 'localhost'))).rejects.toThrow(/resolves to the private address/);
    } finally {
      guarded.close();
    }
    expect((await open(request('/ok', 'localhost'))).status).toBe(204);
  });
});
