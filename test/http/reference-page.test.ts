import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from './api-server.js';

/** A headless Chromium on this machine, or null. */
function findBrowser(): string | null {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim() || null;
    } catch {}
  }
  return null;
}

const browser = findBrowser();
const required = process.env.CI === 'true';
if (!browser) {
  console.warn(
    `[${required ? 'failing' : 'skipped'}] no chromium on this machine (apt-get install chromium); the reference page test ${required ? 'fails under CI=true' : 'is skipped'}.`,
  );
}

/** The DOM of a page after its scripts ran, from a real headless browser that can reach only 127.0.0.1. */
function renderedDom(url: string, profile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      browser!,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        `--user-data-dir=${profile}`,
        // Offline: every host but the test server fails to resolve.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
        '--virtual-time-budget=20000',
        '--dump-dom',
        url,
      ],
      { maxBuffer: 64 * 1024 * 1024, timeout: 90_000 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

let api: Api;
let profile: string;
beforeAll(async () => {
  api = await startApi();
  profile = mkdtempSync(join(tmpdir(), 'contactkit-chromium-'));
});
afterAll(async () => {
  await api.close();
  rmSync(profile, { recursive: true, force: true });
});

describe('the reference page', () => {
  (browser || required ? it : it.skip)(
    'renders every operation of the document in headless Chromium, offline',
    async () => {
      if (!browser) throw new Error('chromium is required under CI=true');
      const dom = await renderedDom(`${api.base}/api/v1/docs`, profile);
      const operations = Object.values(api.handler.document.paths).flatMap((ops) => Object.keys(ops)).length;
      // Swagger UI draws one block per operation, each with its path and summary.
      expect(dom.match(/class="opblock opblock-/g)?.length).toBe(operations);
      expect(dom).toContain('data-path="/api/v1/contacts/{contactId}/timeline"');
      expect(dom).toContain('Create a contact');
      expect(dom).toContain('contactkit API');
      expect(dom).not.toContain('Failed to load API definition');
    },
    120_000,
  );
});
