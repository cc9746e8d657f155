import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the receiver answers: 200, 500, never (the relay times out), or not at all (it is down). */
export type ReceiverMode = 'ok' | 'error' | 'hang' | 'down';

/** One request the receiver got. */
export interface Receipt {
  /** The request's path and query. */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** What it answered (undefined: it never did). */
  readonly status?: number;
  /** Whether another request with the same webhook-id was in flight when this one came. */
  readonly overlapped: boolean;
}

/**
 * A real webhook receiver on 127.0.0.1 (node:http), whose behaviour the test switches: it records every
 * request, answers as its mode says, and can go down (closing every connection) and come back on the
 * same port.
 */
export async function startReceiver(options: { delayMs?: number } = {}) {
  let mode: ReceiverMode = 'ok';
  const receipts: Receipt[] = [];
  const inFlight = new Map<string, number>();
  const sockets = new Set<Socket>();
  const hung: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(' ') : String(v)]),
      );
      // One delivery is one event to one endpoint (one URL).
      const id = `${headers['webhook-id'] ?? ''} ${req.url ?? ''}`;
      const overlapped = (inFlight.get(id) ?? 0) > 0;
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      const body = Buffer.concat(chunks).toString('utf8');
      const finish = (status: number) => {
        inFlight.set(id, (inFlight.get(id) ?? 1) - 1);
        receipts.push({ path: req.url ?? '', headers, body, status, overlapped });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
      };
      if (mode === 'hang') {
        receipts.push({ path: req.url ?? '', headers, body, overlapped });
        hung.push(res);
        res.on('close', () => inFlight.set(id, (inFlight.get(id) ?? 1) - 1));
        return;
      }
      const status = mode === 'ok' ? 200 : 500;
      if (options.delayMs) setTimeout(() => finish(status), options.delayMs);
      else finish(status);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(0);
  const down = async () => {
    for (const res of hung.splice(0)) res.destroy();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    receipts,
    /** Switches how it answers; `down` closes it, and leaving `down` listens again on the same port. */
    async mode(next: ReceiverMode) {
      if (next === mode) return;
      if (next === 'down') await down();
      else if (mode === 'down') await listen(port);
      if (mode === 'hang') for (const res of hung.splice(0)) res.destroy();
      mode = next;
    },
    async close() {
      if (mode !== 'down') await down();
    },
  };
}
