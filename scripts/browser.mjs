/** Launches Debian's Chromium through playwright-core for the editor tests and the UI end-to-end test. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CACHE_ROOT, CHROMIUM, HarnessError, pruneStale, requireChromium } from './code-server.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Launches Debian's Chromium through playwright-core with a fresh profile; the browser may only reach 127.0.0.1.
 * Returns { context, page, close() }.
 */
export async function launchChromium({ headless = true, viewport = { width: 1400, height: 900 } } = {}) {
  requireChromium();
  const { chromium } = await import('playwright-core');
  const profiles = path.join(CACHE_ROOT, 'browser');
  mkdirSync(profiles, { recursive: true });
  pruneStale(profiles);
  const profile = mkdtempSync(path.join(profiles, 'profile-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless,
      viewport,
      timeout: 60_000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-features=Translate',
        '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw new HarnessError(`Chromium (${CHROMIUM}) did not start: ${String(err?.message ?? err).split('\n')[0]}`);
  }
  const page = context.pages()[0] ?? await context.newPage();
  const close = async () => {
    await Promise.race([context.close().catch(() => {}), sleep(15_000)]);
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  };
  return { context, page, close };
}
