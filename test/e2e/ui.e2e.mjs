/** UI end-to-end test: a user edits customers.odcs.yaml in VS Code in the browser with the packaged extension installed. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CACHE_ROOT, HarnessError, REPO, onSignals, pruneStale,
  requireChromium, runMain,
  startCodeServer, workbenchUrl,
} from '../../scripts/code-server.mjs';
import { launchChromium } from '../../scripts/browser.mjs';
import { installExtension, packageExtension } from '../../scripts/extension-package.mjs';

const SHOTS = path.join(REPO, 'test-results', 'e2e');
const CONTRACT = 'customers.odcs.yaml';
const STEP_TIMEOUT = 30_000;

const t0 = Date.now();
const log = (message) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`);

/** The line (1-based) and the edit that breaks the contract: a misspelt logicalType, else an unknown top-level key. */
function planBreakingEdit(text) {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) => /^\s+logicalType: string\s*$/.test(line));
  if (index >= 0) return { line: index + 1, kind: 'misspelt logicalType', expect: /did you mean/i };
  return { line: 1, kind: 'unknown key', expect: /ownr/ };
}

async function main() {
  for (const file of ['client.js', 'server.js']) {
    if (!existsSync(path.join(REPO, 'dist', file))) throw new HarnessError(`dist/${file} is missing: run \`npm run build\` first`);
  }
  const source = path.join(REPO, 'examples', CONTRACT);
  if (!existsSync(source)) throw new HarnessError(`examples/${CONTRACT} is missing`);
  requireChromium();
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });

  // The user's view: the examples folder (a copy, so nothing typed here can reach the repository).
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'streamcontract-e2e-'));
  cpSync(path.join(REPO, 'examples'), workspace, { recursive: true });
  const runs = path.join(CACHE_ROOT, 'runs');
  mkdirSync(runs, { recursive: true });
  pruneStale(runs);
  const profile = mkdtempSync(path.join(runs, 'e2e-'));
  let server;
  let browser;
  const consoleErrors = [];
  const cleanup = async () => {
    writeFileSync(path.join(SHOTS, 'browser-console.log'), `${consoleErrors.join('\n')}\n`);
    await browser?.close();
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  };
  onSignals(cleanup);

  const results = [];
  try {
    // Installed the way `npm start` installs it: the packaged .vsix.
    const { vsix } = await packageExtension({ log });
    const userDataDir = path.join(profile, 'user-data');
    const extensionsDir = path.join(profile, 'extensions');
    await installExtension(vsix, { extensionsDir, userDataDir });
    server = await startCodeServer({ userDataDir, extensionsDir, workspace, logFile: path.join(SHOTS, 'code-server.log') });
    log(`code-server on ${server.url}`);
    browser = await launchChromium();
    const { page } = browser;
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (err) => consoleErrors.push(`page error: ${err.message}`));

    const shot = async (name) => {
      // Let animations (hover fade-in, panel slide) finish so the picture shows the settled UI.
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    };
    const quickInput = page.locator('.quick-input-widget');
    const closeOverlays = async () => {
      for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
    };
    const step = async (name, fn) => {
      const started = Date.now();
      try {
        await fn();
        results.push({ name, ok: true });
        console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
      } catch (err) {
        results.push({ name, ok: false });
        console.log(`  ✘ ${name}\n      ${String(err?.message ?? err).split('\n').slice(0, 6).join('\n      ')}`);
        const file = `failed-${results.length}`;
        await page.screenshot({ path: path.join(SHOTS, `${file}.png`) }).catch(() => {});
        console.log(`      screenshot: ${path.relative(REPO, path.join(SHOTS, `${file}.png`))}`);
        await closeOverlays().catch(() => {});
      }
    };
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();

    await step('the workbench opens the examples folder', async () => {
      await page.goto(workbenchUrl(server.url, workspace), { timeout: 60_000 });
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
      await shot('01-workbench');
    });

    await step(`Quick Open opens ${CONTRACT} as an ODCS contract`, async () => {
      await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
      await page.keyboard.press('Control+P');
      await quickInput.locator('input').waitFor({ state: 'visible' });
      await page.keyboard.type(CONTRACT);
      await quickInput.locator('.monaco-list-row', { hasText: CONTRACT }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: CONTRACT }).waitFor();
      await editor.locator('.view-line').first().waitFor();
      const mode = page.locator('#status\\.editor\\.mode');
      await mode.filter({ hasText: /ODCS/i }).waitFor();
      await shot('02-contract-open');
    });

    const text = readFileSync(path.join(workspace, CONTRACT), 'utf8');
    const plan = planBreakingEdit(text);
    await step(`typing a mistake (${plan.kind}) shows a squiggle`, async () => {
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+G');
      await quickInput.locator('input').waitFor({ state: 'visible' });
      await page.keyboard.type(String(plan.line));
      await page.keyboard.press('Enter');
      await quickInput.waitFor({ state: 'hidden' });
      if (plan.kind === 'unknown key') {
        await page.keyboard.press('Home');
        await page.keyboard.type('ownr: x');
        await page.keyboard.press('Escape'); // Enter would accept a suggestion
        await page.keyboard.press('Enter');
      } else {
        await page.keyboard.press('End');
        for (let i = 0; i < 'string'.length; i++) await page.keyboard.press('Backspace');
        await page.keyboard.type('strng');
      }
      await editor.locator('.squiggly-error, .squiggly-warning').first().waitFor();
      // Typing opens the completion list once the server answers; close it, the picture is about the squiggle.
      const suggestions = page.locator('.suggest-widget.visible');
      if (await suggestions.waitFor({ timeout: 5000 }).then(() => true, () => false)) {
        await page.keyboard.press('Escape');
        await suggestions.waitFor({ state: 'hidden' });
      }
      await shot('03-squiggle');
    });

    await step('the Problems panel lists the message', async () => {
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: plan.expect }).first();
      await row.waitFor();
      console.log(`      problem: ${(await row.innerText()).replace(/\s+/g, ' ').trim()}`);
      await shot('04-problems');
    });

    await step('hovering the key logicalType explains it', async () => {
      const key = editor.locator('.view-line').filter({ hasNotText: 'strng' }).locator('span > span', { hasText: /^logicalType$/ }).first();
      await key.waitFor();
      await key.hover();
      const hover = page.locator('.monaco-hover', { hasText: 'logicalType' }).first();
      await hover.waitFor({ state: 'visible' });
      console.log(`      hover: ${(await hover.innerText()).replace(/\s+/g, ' ').trim().slice(0, 100)}`);
      await shot('05-hover');
      await page.mouse.move(5, 5);
    });

    await step('the command palette offers the streamcontract commands', async () => {
      await closeOverlays();
      await page.keyboard.press('F1');
      await quickInput.locator('input').waitFor({ state: 'visible' });
      await page.keyboard.type('streamcontract:');
      for (const title of ['Show Output', 'Restart Language Server']) {
        await quickInput.locator('.monaco-list-row', { hasText: `streamcontract: ${title}` }).first().waitFor();
      }
      await shot('06-commands');
      await page.keyboard.press('Escape');
    });
  } finally {
    await cleanup();
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  log(`done: ${passed} passed, ${failed} failed (screenshots in ${path.relative(REPO, SHOTS)}/)`);
  return failed === 0 && results.length > 0 ? 0 : 1;
}

runMain('e2e', main);
