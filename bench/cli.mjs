// Times `streamcontract` command lines: wall time from spawn to exit and peak RSS (GNU time's %M, else polled VmHWM).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bounded, exited, killProcess, startProcess, vmHwmKb } from './processes.mjs';

const CLI = ['bin', 'streamcontract.js'];

/** How peak memory is measured: 'time' (/usr/bin/time -f %M), 'poll' (VmHWM read while it runs) or 'none'. */
export function rssMethod() {
  if (existsSync('/usr/bin/time')) {
    const probe = spawnSync('/usr/bin/time', ['-f', '%M', '-o', '/dev/null', 'true']);
    if (probe.status === 0) return 'time';
  }
  return existsSync('/proc/self/status') ? 'poll' : 'none';
}


/**
 * Runs `streamcontract <args>` in `cwd` once: `{ wallMs, peakRssKb, exitCode }`. Fails when the exit code is not
 * `expectExit` (a benchmark of an error path would measure the wrong thing).
 */
export async function runCli({ repo, args, cwd, expectExit, timeoutMs, method, scratchDir }) {
  const node = [process.execPath, path.join(repo, ...CLI), ...args];
  const rssFile = path.join(scratchDir, `rss-${process.pid}-${Date.now()}.txt`);
  const [command, ...rest] = method === 'time' ? ['/usr/bin/time', '-f', '%M', '-o', rssFile, ...node] : node;
  const started = performance.now();
  const child = startProcess(command, rest, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdoutBytes = 0;
  let stderr = '';
  child.stdout.on('data', (d) => (stdoutBytes += d.length));
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
  let polledKb = null;
  const poller = method === 'poll' ? setInterval(() => (polledKb = vmHwmKb(child.pid) ?? polledKb), 10) : undefined;
  try {
    await bounded(exited(child), timeoutMs, `streamcontract ${args.join(' ')} to exit`);
  } catch (err) {
    killProcess(child);
    throw err;
  } finally {
    clearInterval(poller);
  }
  const wallMs = performance.now() - started;
  const exitCode = child.exitCode;
  let peakRssKb = polledKb;
  if (method === 'time') {
    peakRssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) || null;
    rmSync(rssFile, { force: true });
  }
  if (exitCode !== expectExit) {
    throw new Error(`streamcontract ${args.join(' ')} (in ${cwd}) exited with ${exitCode}, expected ${expectExit}: ${stderr.trim().slice(-500)}`);
  }
  return { wallMs, peakRssKb, exitCode, stdoutBytes };
}

/** The command lines measured, over workspaces made by the caller. */
export function cliCases({ repo, manyContracts, bigContract }) {
  return [
    { name: 'streamcontract --help', args: ['--help'], cwd: repo, expectExit: 0 },
    {
      name: 'diff (two small contracts, a breaking rename)',
      args: ['diff', 'old.odcs.yaml', 'new.odcs.yaml'],
      cwd: path.join(repo, 'test', 'fixtures', 'cli', 'diff-rename-text', 'work'),
      expectExit: 1,
    },
    { name: `check (${manyContracts.count} small contracts, ${manyContracts.tables} source tables)`, args: ['check'], cwd: manyContracts.dir, expectExit: 0 },
    {
      name: `sql (${bigContract.count}-column job)`,
      args: ['sql', path.relative(bigContract.dir, bigContract.contractFile)],
      cwd: bigContract.dir,
      expectExit: 0,
    },
  ];
}
