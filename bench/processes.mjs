// Every process the benchmark starts, each in its own process group, so that all of them can be ended at exit or on Ctrl-C.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const started = new Set();

/** Spawns a process in a group of its own (killing the group also ends what it started, e.g. /usr/bin/time's child). */
export function startProcess(command, args, options = {}) {
  const child = spawn(command, args, { ...options, detached: true });
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** Ends the process group of one started process. */
export function killProcess(child, signal = 'SIGKILL') {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Ends every process the benchmark started that is still running. */
export function killAllStarted() {
  for (const child of started) killProcess(child);
}

/** Resolves when the child has exited (at once if it already has). */
export function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export class BenchTimeout extends Error {}

/** `promise`, or a BenchTimeout naming `what` after `ms` milliseconds: no wait of the benchmark is unbounded. */
export function bounded(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new BenchTimeout(`timed out after ${Math.round(ms / 1000)} s waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Ends every started process on exit and on Ctrl-C / SIGTERM (then exits with the conventional status). */
export function installCleanup(onSignal = () => undefined) {
  process.on('exit', killAllStarted);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => {
      onSignal(signal);
      killAllStarted();
      process.exit(code);
    });
  }
}

/** A process's peak resident set (VmHWM) in KiB, or null when /proc does not say. */
export function vmHwmKb(pid) {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}
