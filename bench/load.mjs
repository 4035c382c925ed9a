// Measures the machine's other load during a run: CPU busy time of the whole machine minus that of the benchmark and the processes it started.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';

let ticksPerSecond;
function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Busy and steal ticks of all CPUs together (first line of /proc/stat). */
function machineTicks() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal = 0] = fields;
  return { busy: user + nice + system + irq + softirq, steal, idle: idle + iowait };
}

/** utime + stime + cutime + cstime of one process (its threads, and its children that it has waited for). */
function processTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name may hold spaces and parentheses: the fields start after its last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  } catch {
    return 0;
  }
}

/** Whether /proc gives what the sampling needs (Linux). */
export function canSampleLoad() {
  try {
    machineTicks();
    return processTicks(process.pid) >= 0;
  } catch {
    return false;
  }
}

/**
 * A snapshot of the machine's and our CPU ticks. The processes we start count once they have exited and been reaped
 * (their time moves into this process's cutime/cstime), so a measured run ends after its processes have exited.
 */
export function sample() {
  const machine = machineTicks();
  const own = processTicks(process.pid);
  return { time: performance.now(), ...machine, own, loadavg: os.loadavg()[0] };
}

/** The other load between two snapshots, in cores (busy CPU of processes that are not ours, averaged over the run). */
export function otherLoad(before, after) {
  const seconds = (after.time - before.time) / 1000;
  const ticks = clockTicks();
  const busy = (after.busy - before.busy) / ticks;
  const own = (after.own - before.own) / ticks;
  const steal = (after.steal - before.steal) / ticks;
  return {
    seconds,
    otherCores: seconds > 0 ? Math.max(0, busy - own) / seconds : 0,
    stealCores: seconds > 0 ? steal / seconds : 0,
    ownCores: seconds > 0 ? own / seconds : 0,
    loadavgStart: before.loadavg,
    loadavgEnd: after.loadavg,
  };
}

/** Calm waits that found the machine still busy, in a row: after a few, the wait is cut to one probing second. */
let busyInARow = 0;

/**
 * Runs `measure` (which returns its figures) until a run is not disturbed by other load (> `maxOtherCores`, steal
 * counted as other load), at most 1 + `retries` times. A re-run starts only once the other load has stayed under the
 * limit for a second (waiting up to `calmWaitMs`): on a machine that stays busy it would be as disturbed, so the
 * disturbed run is kept then. Returns the undisturbed run, else the least disturbed one (`disturbed` set), and every
 * discarded attempt.
 */
export async function undisturbed(measure, { maxOtherCores, retries, calmWaitMs = 10_000, onAttempt = () => undefined }) {
  const attempts = [];
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) {
      const quiet = await calm(maxOtherCores, busyInARow >= 3 ? 1000 : calmWaitMs);
      busyInARow = quiet ? 0 : busyInARow + 1;
      if (!quiet) break;
    }
    const before = sample();
    const result = await measure();
    const after = sample();
    const load = otherLoad(before, after);
    const disturbed = load.otherCores + load.stealCores > maxOtherCores;
    const entry = { result, load, disturbed, attempt };
    attempts.push(entry);
    onAttempt(entry);
    if (!disturbed) break;
  }
  const total = (a) => a.load.otherCores + a.load.stealCores;
  const kept = attempts.find((a) => !a.disturbed) ?? attempts.reduce((a, b) => (total(b) < total(a) ? b : a));
  return { kept, discarded: attempts.filter((a) => a !== kept) };
}

/** Waits (at most `maxWaitMs`) for a second in which the other load stays under `maxOtherCores`. */
export async function calm(maxOtherCores, maxWaitMs) {
  const deadline = performance.now() + maxWaitMs;
  while (performance.now() < deadline) {
    const before = sample();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const load = otherLoad(before, sample());
    if (load.otherCores + load.stealCores <= maxOtherCores) return true;
  }
  return false;
}
