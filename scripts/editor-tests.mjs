/** Runs the editor test suite in code-server and then the UI end-to-end test; prints `editor: N passed, M failed`. */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  HarnessError, REPO, RUN_MARKER_VAR, ensureCodeServer, leftoverProcesses, onSignals, requireChromium, runMain,
} from './code-server.mjs';

const RUNNERS = [
  { name: 'editor suite (code-server)', script: path.join(REPO, 'test', 'editor', 'run-code-server.mjs'), timeoutMs: 8 * 60_000 },
  { name: 'UI end-to-end', script: path.join(REPO, 'test', 'e2e', 'ui.e2e.mjs'), timeoutMs: 8 * 60_000 },
];
const RESULT = /\] done: (\d+) passed, (\d+) failed/;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const running = new Set();

/** Runs one runner in its own process group, echoing its output; resolves its counts and duration. */
function runRunner({ name, script, timeoutMs }, env) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [script], { cwd: REPO, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child.pid);
    let counts = null;
    let pending = '';
    const onData = (chunk, stream) => {
      stream.write(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        const match = RESULT.exec(line);
        if (match) counts = { passed: Number(match[1]), failed: Number(match[2]) };
      }
    };
    child.stdout.on('data', (d) => onData(d, process.stdout));
    child.stderr.on('data', (d) => onData(d, process.stderr));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.log(`${name}: no result within ${timeoutMs / 1000} s; stopping it`);
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 25_000).unref();
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      running.delete(child.pid);
      const seconds = (Date.now() - started) / 1000;
      // A runner that ended without its own count (setup failure, timeout) counts as one failure.
      if (!counts || timedOut) counts = { passed: counts?.passed ?? 0, failed: Math.max(1, counts?.failed ?? 0) };
      if (code !== 0 && counts.failed === 0) counts.failed = 1;
      resolve({ name, ...counts, seconds });
    });
  });
}

async function main() {
  const runId = randomUUID();
  // Every process the runners start (code-server, extension host, language server, Chromium) inherits this tag.
  const env = { ...process.env, [RUN_MARKER_VAR]: runId };
  const groups = new Set();
  onSignals(async () => {
    for (const pid of running) { try { process.kill(-pid, 'SIGTERM'); } catch { /* gone */ } }
    await sleep(3000);
    for (const { pid } of leftoverProcesses(runId, { groups })) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
  });

  try {
    requireChromium();
    const install = Date.now();
    const { installedNow } = await ensureCodeServer({ log: (m) => console.log(`[editor-tests] ${m}`) });
    if (installedNow) console.log(`[editor-tests] code-server ready after ${((Date.now() - install) / 1000).toFixed(0)} s`);
  } catch (err) {
    if (!(err instanceof HarnessError)) throw err;
    console.error(`editor-tests: ${err.message}`);
    console.log('editor: 0 passed, 1 failed');
    return 1;
  }

  // The process groups of everything the run starts, sampled while it runs: a browser's renderers, for one,
  // do not keep the tag, but they stay in the browser's group.
  const sample = () => { for (const p of leftoverProcesses(runId, { groups })) groups.add(p.pgid); };
  const sampler = setInterval(sample, 1000);

  const results = [];
  for (const runner of RUNNERS) {
    console.log(`\n[editor-tests] ${runner.name}`);
    results.push(await runRunner(runner, env));
  }
  clearInterval(sampler);

  // Nothing the run started may survive it.
  const survivors = () => leftoverProcesses(runId, { groups });
  let leftovers = survivors();
  for (const end = Date.now() + 5000; leftovers.length && Date.now() < end; leftovers = survivors()) await sleep(200);
  if (leftovers.length) {
    console.log(`\n[editor-tests] ${leftovers.length} process(es) started by this run are still alive:`);
    for (const { pid, cmdline } of leftovers) console.log(`  ${pid} ${cmdline.slice(0, 160)}`);
    for (const { pid } of leftovers) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    results.push({ name: 'no leftover processes', passed: 0, failed: 1, seconds: 0 });
  }

  console.log('');
  for (const r of results) console.log(`[editor-tests] ${r.name}: ${r.passed} passed, ${r.failed} failed (${r.seconds.toFixed(0)} s)`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`editor: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

runMain('editor-tests', main);
