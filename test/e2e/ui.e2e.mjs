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
import { walkthroughSteps } from './walkthrough.e2e.mjs';

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
    /**
     * Hovers `target` until `hover` shows (bounded): now and then the editor misses the first mouse move
     * (a layout change under the pointer), so the pointer leaves and comes back a few times.
     */
    const hoverUntilShown = async (target, hover) => {
      for (let attempt = 1; ; attempt++) {
        await target.hover();
        if (await hover.waitFor({ state: 'visible', timeout: 8000 }).then(() => true, () => false)) return;
        if (attempt === 3) throw new Error(`no hover after ${attempt} attempts`);
        await page.mouse.move(5, 5);
      }
    };

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
      const hover = page.locator('.monaco-hover', { hasText: 'logicalType' }).first();
      await hoverUntilShown(key, hover);
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

    // Breaking changes: the workspace's customers.odcs.yaml is identical to the registered
    // contract-registry/customers-public/1.0.0.odcs.yaml.
    const runCommand = async (title) => {
      await closeOverlays();
      await page.keyboard.press('F1');
      await quickInput.locator('input').waitFor({ state: 'visible' });
      await page.keyboard.type(title);
      await quickInput.locator('.monaco-list-row', { hasText: title }).first().waitFor();
      await page.keyboard.press('Enter');
      await quickInput.waitFor({ state: 'hidden' });
    };
    const goToLine = async (number) => {
      await page.keyboard.press('Control+G');
      await quickInput.locator('input').waitFor({ state: 'visible' });
      await page.keyboard.type(String(number));
      await page.keyboard.press('Enter');
      await quickInput.waitFor({ state: 'hidden' });
    };
    const lens = (text) => editor.locator('.codelens-decoration', { hasText: text }).first();
    const line = (pattern) => editor.locator('.view-line', { hasText: pattern }).first();
    /** Vertical distance (px) from the bottom of `upper` to the top of `lower`. */
    const gapBetween = async (upper, lower) => {
      const [a, b] = [await upper.boundingBox(), await lower.boundingBox()];
      if (!a || !b) throw new Error('an element to compare is not on screen');
      return b.y - (a.y + a.height);
    };
    const renameLine = text.split(/\r?\n/).findIndex((l) => /^\s+name: last_name\s*$/.test(l)) + 1;

    await step('the CodeLens over `id:` says the contract is registered as 1.0.0', async () => {
      if (renameLine < 1) throw new Error(`${CONTRACT} has no \`name: last_name\` line`);
      // Correct the mistake typed above (the browser's workbench saves by itself, so a revert would not undo it).
      await closeOverlays();
      await editor.locator('.view-lines').click();
      await goToLine(plan.line);
      if (plan.kind === 'unknown key') {
        await page.keyboard.press('Home');
        await page.keyboard.press('Shift+Down');
        await page.keyboard.press('Delete');
        await line(/^ownr:/).waitFor({ state: 'detached' });
      } else {
        await page.keyboard.press('End');
        for (let i = 0; i < 'strng'.length; i++) await page.keyboard.press('Backspace');
        await page.keyboard.type('string');
        await page.keyboard.press('Escape'); // the completion list
        await line('strng').waitFor({ state: 'detached' });
      }
      await page.keyboard.press('Control+Home');
      // Once the server has seen the corrected text: registered as it is, nothing to publish.
      const registered = editor.locator('.codelens-decoration', { hasText: 'registered 1.0.0' }).filter({ hasNotText: /breaking|Publish/ }).first();
      await registered.waitFor();
      const gap = await gapBetween(registered, line(/^id:\scustomers-public/));
      if (gap < -2 || gap > 20) throw new Error(`the CodeLens is not right above \`id:\` (gap ${gap} px)`);
      console.log(`      lens: ${(await editor.locator('.codelens-decoration').first().innerText()).replace(/\s+/g, ' ').trim()}`);
    });

    await step('renaming last_name to surname shows a breaking-change warning with its hover', async () => {
      await goToLine(renameLine);
      await page.keyboard.press('End');
      for (let i = 0; i < 'last_name'.length; i++) await page.keyboard.press('Backspace');
      await page.keyboard.type('surname');
      // The squiggle on the renamed line (decorations are drawn in a layer of their own: compare heights).
      const renamed = line(/^\s*name:\ssurname$/);
      await renamed.waitFor();
      const squiggle = editor.locator('.squiggly-warning');
      await squiggle.first().waitFor();
      const box = await renamed.boundingBox();
      const onLine = async () => {
        for (const s of await squiggle.all()) {
          const b = await s.boundingBox();
          if (b && box && Math.abs(b.y - box.y) < box.height / 2) return true;
        }
        return false;
      };
      for (const end = Date.now() + STEP_TIMEOUT; !(await onLine());) {
        if (Date.now() > end) throw new Error('no warning squiggle on the renamed line');
        await page.waitForTimeout(100);
      }
      // By the time the server's diagnostics are drawn, a completion list opened by typing is there too: close it.
      const suggestions = page.locator('.suggest-widget.visible');
      if (await suggestions.isVisible()) {
        await page.keyboard.press('Escape');
        await suggestions.waitFor({ state: 'hidden' });
      }
      const problem = page.locator('.markers-panel .monaco-list-row', { hasText: /renamed/ }).first();
      await problem.waitFor();
      console.log(`      problem: ${(await problem.innerText()).replace(/\s+/g, ' ').trim().slice(0, 160)}`);

      // One picture with the CodeLens (line 4) and the squiggle (line ~70): fold everything but the edited
      // property, close the panel, and hover the new name.
      await runCommand('Fold All Except Selected');
      await page.keyboard.press('Control+J');
      await page.locator('.markers-panel').waitFor({ state: 'hidden' });
      await page.keyboard.press('Control+Home');
      await line(/^id:\scustomers-public/).waitFor();
      await renamed.waitFor();
      const changed = lens(/registered\s1\.0\.0\s·\s1\sbreaking\schange/);
      await changed.waitFor();
      // publishing would be refused: instead of Publish, the lens says why and offers the bump
      await lens(/1\sbreaking\schange:\sbump\sto\s2\.0\.0/).waitFor();
      if (await editor.locator('.codelens-decoration', { hasText: /Publish\s1\.0\.0/ }).count()) throw new Error('the lens offers Publish although publishing would be refused');
      console.log(`      lens: ${(await changed.innerText()).replace(/\s+/g, ' ').trim()}`);
      const word = renamed.locator('span', { hasText: /^surname$/ }).first();
      const hover = page.locator('.monaco-hover', { hasText: 'renamed' }).first();
      await hoverUntilShown(word, hover);
      console.log(`      hover: ${(await hover.innerText()).replace(/\s+/g, ' ').trim().slice(0, 140)}`);
      const [hoverBox, lensBox] = [await hover.boundingBox(), await changed.boundingBox()];
      if (!lensBox || !hoverBox || hoverBox.y < lensBox.y + lensBox.height) throw new Error('the hover covers the CodeLens');
      await shot('07-breaking-change');
      await page.mouse.move(5, 5);
      await hover.waitFor({ state: 'hidden' });
    });

    await step('Publish refuses 1.0.0 in a dialog that lists the breaking change and offers the bump to 2.0.0', async () => {
      await runCommand('streamcontract: Publish Contract');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      await dialog.locator('.monaco-button', { hasText: 'Bump and publish' }).waitFor();
      await dialog.locator('.monaco-button', { hasText: 'Bump only' }).waitFor();
      const shown = (await dialog.innerText()).replace(/\s+/g, ' ').trim();
      if (!/`last_name` renamed to `surname`/.test(shown)) throw new Error(`the dialog does not list the breaking change: ${shown}`);
      if (shown.includes(workspace)) throw new Error(`the dialog shows an absolute path: ${shown}`);
      console.log(`      dialog: ${shown.slice(0, 240)}`);
      await shot('08-publish-refused');
    });

    await step('"Bump and publish" publishes 2.0.0 into the registry folder', async () => {
      await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Bump and publish' }).click();
      await page.locator('.monaco-dialog-box').waitFor({ state: 'hidden' });
      const toast = page.locator('.notification-toast', { hasText: 'Published customers-public 2.0.0' }).first();
      await toast.waitFor();
      await line(/^version:\s2\.0\.0$/).waitFor();
      // The registry folder changed on disk: the lens now says the text is registered 2.0.0.
      await editor.locator('.codelens-decoration', { hasText: 'registered 2.0.0' }).filter({ hasNotText: /breaking|Publish/ }).first().waitFor();
      await toast.waitFor();
      const file = path.join(workspace, 'contract-registry', 'customers-public', '2.0.0.odcs.yaml');
      if (!existsSync(file)) throw new Error(`${path.relative(workspace, file)} was not written`);
      if (!/^version: 2\.0\.0$/m.test(readFileSync(file, 'utf8'))) throw new Error(`${path.relative(workspace, file)} is not version 2.0.0`);
      const notification = (await toast.innerText()).replace(/\s+/g, ' ').trim();
      if (notification.includes(workspace)) throw new Error(`the notification shows an absolute path: ${notification}`);
      console.log(`      notification: ${notification.slice(0, 160)}`);
      await shot('09-published');
    });

    // The Flink SQL preview: a webview beside the contract (its page lives in nested iframes: the workbench's
    // `iframe.webview`, then the page's `iframe#active-frame`), with a read-only Monaco editor showing the job.
    const lines = text.split(/\r?\n/);
    const lineNumberOf = (pattern, of = lines) => of.findIndex((l) => pattern.test(l)) + 1;
    const firstNameLine = lineNumberOf(/^\s+name: first_name\s*$/);
    const fnameSourceLine = lineNumberOf(/^\s+transformSourceObjects: \[inventory\.customers\.fname\]\s*$/);
    const sqlLines = readFileSync(path.join(workspace, 'sources', 'inventory.customers.sql'), 'utf8').split(/\r?\n/);
    const fnameColumnLine = lineNumberOf(/^\s+fname\s+STRING/, sqlLines);
    const previewTab = page.locator('.tabs-container .tab', { hasText: `SQL: ${CONTRACT}` }).first();
    const previewFrame = page.locator('iframe.webview.ready').first();
    const preview = previewFrame.contentFrame().locator('iframe#active-frame').contentFrame();
    const previewEditor = preview.locator('.monaco-editor').first();
    /**
     * The text of the preview's lines that are wholly on screen, top to bottom (Monaco renders a few lines beyond
     * the viewport, and no-break spaces for spaces).
     */
    const previewText = async () => previewEditor.evaluate((el) => {
      const view = (el.querySelector('.overflow-guard') ?? el).getBoundingClientRect();
      return [...el.querySelectorAll('.view-lines .view-line')]
        .map((line) => ({ rect: line.getBoundingClientRect(), text: line.textContent.replace(/\u00a0/g, ' ') }))
        .filter(({ rect }) => rect.height > 0 && rect.top >= view.top - 0.5 && rect.bottom <= view.bottom + 0.5)
        .sort((a, b) => a.rect.top - b.rect.top)
        .map(({ text }) => text)
        .join('\n');
    }, undefined, { timeout: 2000 }).catch(() => '');
    /** Waits (bounded) until the preview's visible text contains every one of `needles`; `nudge` runs between looks. */
    const previewShows = async (needles, { nudge } = {}) => {
      let seen = '';
      for (const end = Date.now() + STEP_TIMEOUT; ;) {
        seen = await previewText();
        if (needles.every((n) => seen.includes(n))) return seen;
        if (Date.now() > end) throw new Error(`the preview does not show ${needles.map((n) => JSON.stringify(n)).join(' and ')}; it shows:\n${seen.split('\n').slice(0, 12).join('\n')}`);
        await nudge?.();
        await page.waitForTimeout(200);
      }
    };
    /**
     * Focuses the contract's editor through its tab: a click on `.view-lines` (the whole content, taller than the
     * viewport once unfolded) would make the browser scroll the editor's DOM under Monaco, which then paints nothing.
     */
    const focusContract = async () => {
      await page.locator('.tabs-container .tab', { hasText: CONTRACT }).filter({ hasNotText: 'SQL:' }).first().click();
      await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: CONTRACT }).filter({ hasNotText: 'SQL:' }).waitFor();
    };
    /** Replaces the last `length` characters of a contract line by `replacement`, typed. */
    const retypeLineEnd = async (number, length, replacement) => {
      await goToLine(number);
      await page.keyboard.press('End');
      for (let i = 0; i < length; i++) await page.keyboard.press('Backspace');
      await page.keyboard.type(replacement);
      await page.keyboard.press('Escape'); // the completion list
    };

    await step('Preview Flink SQL opens the generated job beside the contract', async () => {
      if (firstNameLine < 1 || fnameSourceLine < 1 || fnameColumnLine < 1) throw new Error('the example lacks the first_name property or the fname column');
      await closeOverlays();
      await runCommand('Notifications: Clear All Notifications');
      await focusContract();
      // The earlier step folded everything but one property.
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+J');
      await page.keyboard.press('Control+Home');
      await runCommand('streamcontract: Preview Flink SQL');
      await previewTab.waitFor();
      await previewEditor.locator('.view-lines').waitFor();
      await previewShows(['CREATE TABLE']);
      // The job's INSERT is below the first screen: scroll the preview with the wheel (the focus stays in the contract).
      const box = await previewFrame.boundingBox();
      if (!box) throw new Error('the preview is not on screen');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await previewShows(['INSERT INTO', '`fname` AS `first_name`'], { nudge: () => page.mouse.wheel(0, 300) });
      await page.mouse.move(5, 5);
      await preview.locator('#source', { hasText: `Generated from ${CONTRACT}` }).waitFor();
      // A first-class panel: the preview's editor has the workbench editor's background, font and line height.
      const style = async (monacoEditor) => monacoEditor.evaluate((el) => {
        const line = getComputedStyle(el.querySelector('.view-lines .view-line'));
        return { background: getComputedStyle(el.querySelector('.monaco-editor-background')).backgroundColor, font: `${line.fontSize} ${line.fontFamily.split(',')[0]}`, lineHeight: line.height };
      });
      const [mine, workbench] = [await style(previewEditor), await style(editor)];
      for (const key of ['background', 'font', 'lineHeight']) {
        if (mine[key] !== workbench[key]) throw new Error(`the preview's ${key} ${mine[key]} differs from the editor's ${workbench[key]}`);
      }
      const previewGroup = page.locator('.editor-group-container', { has: previewTab });
      const contractGroup = page.locator('.editor-group-container', { has: page.locator('.tabs-container .tab', { hasText: CONTRACT }).filter({ hasNotText: 'SQL:' }) });
      const [left, right] = [await contractGroup.first().boundingBox(), await previewGroup.first().boundingBox()];
      if (!left || !right || right.x < left.x + left.width - 2) throw new Error('the preview is not beside (right of) the contract');
      console.log(`      preview: ${(await preview.locator('#source').innerText()).trim()}; background ${mine.background}, font ${mine.font}, line height ${mine.lineHeight} as in the editor`);
      await shot('10-preview');
    });

    await step('renaming first_name to given_name in the contract updates the preview', async () => {
      await focusContract();
      await retypeLineEnd(firstNameLine, 'first_name'.length, 'given_name');
      await line(/^\s*name:\sgiven_name$/).waitFor();
      const seen = await previewShows(['AS `given_name`']);
      if (seen.includes('AS `first_name`')) throw new Error('the preview still shows `first_name`');
      await page.locator('.suggest-widget.visible').waitFor({ state: 'hidden' });
      await shot('11-preview-updated');
      // Back to first_name: the preview follows.
      await retypeLineEnd(firstNameLine, 'given_name'.length, 'first_name');
      await line(/^\s*name:\sfirst_name$/).waitFor();
      await previewShows(['`fname` AS `first_name`']);
    });

    await step('F12 on inventory.customers.fname opens the source table on the fname column', async () => {
      await closeOverlays();
      await focusContract();
      await goToLine(fnameSourceLine);
      await page.keyboard.press('End');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft'); // inside `fname`, before the `]`
      await page.keyboard.press('F12');
      await page.locator('.tabs-container .tab.active', { hasText: 'inventory.customers.sql' }).waitFor();
      const position = page.locator('#status\\.editor\\.selection');
      await position.filter({ hasText: new RegExp(`Ln ${fnameColumnLine}, Col 3\\b`) }).waitFor();
      // The source table's columns say which contracts read them.
      const used = editor.locator('.codelens-decoration', { hasText: 'used by 1 contract (customers-public.first_name)' }).first();
      await used.waitFor();
      console.log(`      cursor: ${(await position.innerText()).trim()}; lens: ${(await used.innerText()).replace(/\s+/g, ' ').trim()}`);
      await shot('12-definition');
    });

    await walkthroughSteps({ page, step, shot, closeOverlays });
  } finally {
    await cleanup();
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  log(`done: ${passed} passed, ${failed} failed (screenshots in ${path.relative(REPO, SHOTS)}/)`);
  return failed === 0 && results.length > 0 ? 0 : 1;
}

runMain('e2e', main);
