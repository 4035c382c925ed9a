/** Runs the editor test suite (dist/test/editor/index.js) inside code-server's extension host, driven by Chromium. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import {
  CACHE_ROOT, HarnessError, REPO, onSignals, pruneStale, requireChromium, runMain, startCodeServer,
  workbenchUrl,
} from '../../scripts/code-server.mjs';
import { launchChromium } from '../../scripts/browser.mjs';

const SUITE = path.join(REPO, 'dist', 'test', 'editor', 'index.js');
const TIMEOUT_MS = Number(process.env.EDITOR_TEST_TIMEOUT_S || 300) * 1000;
const VERBOSE = Boolean(process.env.VERBOSE);
const RESULTS = path.join(REPO, 'test-results', 'editor');
const SUMMARY = /editor suite: (\d+) passed, (\d+) failed/;

const t0 = Date.now();
const log = (message) => console.log(`[editor ${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`);

/** A fresh workspace: the examples plus the test fixtures (which win on name clashes). */
function makeWorkspace() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'streamcontract-editor-'));
  const examples = path.join(REPO, 'examples');
  if (existsSync(examples)) cpSync(examples, dir, { recursive: true });
  cpSync(path.join(REPO, 'test', 'editor', 'workspace'), dir, { recursive: true });
  return dir;
}

/**
 * Mocha's report arrives through the workbench log together with the workbench's own messages: everything goes
 * to test-results/editor/workbench.log, and only the report (from the suite's start line to its summary) is printed.
 */
function reportPrinter(logLines) {
  let printing = false;
  return (level, args) => {
    const text = Array.isArray(args) ? format(...args) : String(args ?? '');
    logLines.push(`${((Date.now() - t0) / 1000).toFixed(1)}s [${level}] ${text}`);
    for (const line of text.split('\n')) {
      if (line.startsWith('editor suite: starting')) { printing = true; continue; }
      const match = SUMMARY.exec(line);
      if (match) {
        printing = false;
        console.log(line);
        return { passed: Number(match[1]), failed: Number(match[2]) };
      }
      // Stack frames of the workbench itself say nothing about the tests.
      if ((printing || VERBOSE) && !/\/static\/out\/vs\//.test(line)) console.log(line);
    }
    return null;
  };
}

async function main() {
  for (const file of ['client.js', 'server.js']) {
    if (!existsSync(path.join(REPO, 'dist', file))) throw new HarnessError(`dist/${file} is missing: run \`npm run build\` first`);
  }
  if (!existsSync(SUITE)) throw new HarnessError('dist/test/editor/index.js is missing: run `npm run build` first');
  requireChromium();

  const workspace = makeWorkspace();
  const runs = path.join(CACHE_ROOT, 'runs');
  mkdirSync(runs, { recursive: true });
  pruneStale(runs);
  const profile = mkdtempSync(path.join(runs, 'suite-'));
  let server;
  let browser;
  let exitCode = 1;
  let summary = null;
  const workbenchLog = [];
  const cleanup = async () => {
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(path.join(RESULTS, 'workbench.log'), `${workbenchLog.join('\n')}\n`);
    await browser?.close();
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  };
  onSignals(cleanup);

  try {
    server = await startCodeServer({
      userDataDir: path.join(profile, 'user-data'),
      extensionsDir: path.join(profile, 'extensions'), // empty: only the extension under development runs
      workspace,
      logFile: path.join(RESULTS, 'code-server.log'),
    });
    log(`code-server on ${server.url}`);
    browser = await launchChromium();
    const { page } = browser;

    let finish;
    const finished = new Promise((resolve) => { finish = resolve; });
    const print = reportPrinter(workbenchLog);
    await page.exposeFunction('codeAutomationLog', (level, args) => { summary = print(level, args) ?? summary; });
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code: Number(code) }));
    page.on('pageerror', (err) => { if (VERBOSE) console.log(`[page error] ${err.message}`); });

    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(REPO)],
      ['extensionTestsPath', remote(SUITE)],
      ['skipWelcome', 'true'],
    ]);
    log('running the suite in the workbench');
    await page.goto(workbenchUrl(server.url, workspace, { payload }), { timeout: 60_000 });

    let timer;
    const outcome = await Promise.race([
      finished,
      new Promise((resolve) => { timer = setTimeout(() => resolve({ timeout: true }), TIMEOUT_MS); }),
      server.exited.then((how) => ({ crashed: how })),
    ]);
    clearTimeout(timer);
    log('suite finished');
    if (outcome.timeout) {
      console.log(`editor suite did not finish within ${TIMEOUT_MS / 1000} s`);
    } else if (outcome.crashed) {
      console.log(`code-server stopped during the suite (${outcome.crashed})`);
    } else {
      exitCode = outcome.code === 0 ? 0 : 1;
    }
    if (exitCode !== 0) {
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: path.join(RESULTS, 'failure.png') }).catch(() => {});
      if (!summary || outcome.timeout || outcome.crashed) console.log(`--- code-server output (last lines) ---\n${server.output().split('\n').slice(-40).join('\n')}`);
    }
  } finally {
    await cleanup();
  }
  if (summary && exitCode !== 0 && summary.failed === 0) summary.failed = 1;
  summary ??= { passed: 0, failed: 1 };
  log(`done: ${summary.passed} passed, ${summary.failed} failed`);
  return exitCode;
}

runMain('editor tests', main);
