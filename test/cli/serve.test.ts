import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/cli.js';

const ROOT = join(import.meta.dirname, '../..');
const KEY = 'serve-test-key-0123456789abcdef';

/** Runs the CLI in-process, capturing what it prints, with the environment given. */
async function cli(env: Record<string, string | undefined>, ...argv: string[]) {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return { code: await main(argv), out, err };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    vi.restoreAllMocks();
  }
}

describe('contactkit serve: usage', () => {
  it('refuses to start without API keys unless --insecure-dev', async () => {
    const run = await cli(
      { CONTACTKIT_API_KEYS: undefined, CONTACTKIT_SERVE_STORE: 'memory' },
      'serve',
      '--port',
      '0',
    );
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/no API keys.*CONTACTKIT_API_KEYS.*--insecure-dev/);
  });

  it('refuses --insecure-dev on a host other than this machine', async () => {
    const run = await cli({}, 'serve', '--insecure-dev', '--host', '0.0.0.0');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/binds to 127\.0\.0\.1 only/);
  });

  it('refuses bad keys without printing them, and other bad usage', async () => {
    const bad = await cli({ CONTACTKIT_API_KEYS: 'super-secret-without-workspace' }, 'serve');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/CONTACTKIT_API_KEYS\[0\]: expected key=workspace/);
    expect(bad.err).not.toContain('super-secret');
    expect((await cli({}, 'serve', '--db', 'a.db', '--pg', 'postgres://x')).code).toBe(2);
    expect((await cli({}, 'serve', '--port', '99999')).code).toBe(2);
    const help = await cli({}, 'serve', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/usage: contactkit serve/);
  });
});

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** `contactkit serve` in a child process on a memory store; its URL once it listens. */
async function spawnServe(env: Record<string, string>, ...argv: string[]) {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', ...argv], {
    cwd: ROOT,
    env: { ...process.env, CONTACTKIT_SERVE_STORE: 'memory', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += String(d);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child!.stdout!.on('data', (d) => {
      out += String(d);
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child!.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return { url, process: child, stderr: () => stderr };
}

describe('contactkit serve: running', () => {
  it('serves the API with the keys of CONTACTKIT_API_KEYS, on 127.0.0.1', async () => {
    const served = await spawnServe({ CONTACTKIT_API_KEYS: `${KEY}=acme` });
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const created = await fetch(`${served.url}/api/v1/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ identities: { email: 'ana@example.com' } }),
    });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { workspaceId: string }).workspaceId).toBe('acme');
    expect((await fetch(`${served.url}/api/v1/contacts/x`)).status).toBe(401);
    served.process.kill('SIGTERM');
    const [code] = await once(served.process, 'exit');
    expect(code).toBe(0);
    expect(served.stderr()).toMatch(/stopped/);
  }, 60_000);

  it('on SIGTERM, finishes the request in flight, refuses new connections, and exits 0', async () => {
    const served = await spawnServe({ CONTACTKIT_API_KEYS: `${KEY}=acme` });
    const encoder = new TextEncoder();
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let step = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        step++;
        if (step === 1) return controller.enqueue(encoder.encode('Email,Name\nana@example.com,Ana\n'));
        await held;
        controller.enqueue(encoder.encode('bo@example.com,Bo\n'));
        controller.close();
      },
    });
    const upload = fetch(`${served.url}/api/v1/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'text/csv' },
      body,
      duplex: 'half',
    } as RequestInit);
    // The upload is under way; then the server is asked to stop.
    await vi.waitFor(() => expect(step).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    served.process.kill('SIGTERM');
    await vi.waitFor(() => expect(served.stderr()).toMatch(/SIGTERM: finishing requests in flight/), {
      timeout: 10_000,
    });
    await expect(fetch(`${served.url}/api/v1/openapi.json`)).rejects.toThrow();
    release();
    const answer = await upload;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ rows: 2, created: 2 });
    const [code] = await once(served.process, 'exit');
    expect(code).toBe(0);
  }, 60_000);

  it('with --insecure-dev and no keys, takes every request as workspace "default"', async () => {
    const served = await spawnServe({ CONTACTKIT_API_KEYS: '' }, '--insecure-dev');
    const created = await fetch(`${served.url}/api/v1/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(((await created.json()) as { workspaceId: string }).workspaceId).toBe('default');
    expect(served.stderr()).toMatch(/--insecure-dev/);
    served.process.kill('SIGINT');
    const [code] = await once(served.process, 'exit');
    expect(code).toBe(0);
  }, 60_000);
});
