// Summarises a V8 .cpuprofile: the functions with the most self time in a time window, located in the sources through the bundle's source map.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** V8's pseudo-functions: time not spent in JavaScript functions of the program. */
const IDLE = '(idle)';

/** The main thread's profile among those `node --cpu-prof` wrote into `dir` (worker threads write their own, with a higher thread id). */
export function profilesIn(dir) {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  // CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile
  const threadOf = (f) => Number(f.split('.').at(-3));
  return files.sort((a, b) => threadOf(a) - threadOf(b)).map((f) => ({ file: path.join(dir, f), thread: threadOf(f) }));
}

class SourceLocator {
  #maps = new Map();

  constructor(repo) {
    this.repo = repo;
  }

  /** `file:line` in the sources for a 0-based position in a bundled file, else in the file itself. */
  locate(url, line, column) {
    if (!url) return '(native)';
    let file = url;
    try {
      if (url.startsWith('file:')) file = fileURLToPath(url);
    } catch {
      // keep the URL
    }
    const map = this.#mapOf(file);
    const entry = map?.findEntry(line, column);
    if (entry && entry.originalSource) {
      const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(file), entry.originalSource);
      return `${this.#shown(source)}:${entry.originalLine + 1}`;
    }
    return `${path.isAbsolute(file) ? this.#shown(file) : file}:${line + 1}`;
  }

  /** A path relative to the repository; a dependency's from its node_modules folder on (wherever that is linked from). */
  #shown(file) {
    const dependency = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
    return dependency >= 0 ? file.slice(dependency + 1) : path.relative(this.repo, file);
  }

  #mapOf(file) {
    if (!this.#maps.has(file)) {
      let map = null;
      try {
        if (existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
      } catch {
        map = null;
      }
      this.#maps.set(file, map);
    }
    return this.#maps.get(file);
  }
}

/**
 * Self time per function over the samples taken between `fromUs` and `toUs` (V8's monotonic clock, the one
 * process.hrtime reads), or over the whole profile when the window holds no sample. Returns the busy time, the
 * idle time and the `top` functions with their share of the busy time.
 */
export function summariseProfile(file, { repo, fromUs, toUs, top = 15 }) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  let at = profile.startTime;
  let inWindow = 0;
  const windowed = fromUs !== undefined && toUs !== undefined;
  const sampleTimes = [];
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    sampleTimes.push(at);
    if (!windowed || (at >= Number(fromUs) && at <= Number(toUs))) inWindow++;
  }
  const useWindow = windowed && inWindow > 0;
  for (let i = 0; i < profile.samples.length; i++) {
    if (useWindow && (sampleTimes[i] < Number(fromUs) || sampleTimes[i] > Number(toUs))) continue;
    // a sample's time is the gap to the next one
    const duration = i + 1 < profile.samples.length ? profile.timeDeltas[i + 1] : 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + Math.max(0, duration));
  }
  const locator = new SourceLocator(repo);
  const byFunction = new Map();
  let idleUs = 0;
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id).callFrame;
    if (frame.functionName === IDLE) {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const name = frame.functionName || '(anonymous)';
    const where = frame.functionName.startsWith('(') ? '' : locator.locate(frame.url, frame.lineNumber, frame.columnNumber);
    const key = `${name} ${where}`;
    const row = byFunction.get(key) ?? { name, where, selfUs: 0 };
    row.selfUs += us;
    byFunction.set(key, row);
  }
  const rows = [...byFunction.values()]
    .sort((a, b) => b.selfUs - a.selfUs)
    .slice(0, top)
    .map((r) => ({ name: r.name, where: r.where, selfMs: r.selfUs / 1000, percent: busyUs > 0 ? (100 * r.selfUs) / busyUs : 0 }));
  return { file, windowed: useWindow, busyMs: busyUs / 1000, idleMs: idleUs / 1000, rows };
}

/** The summary as Markdown: a table of the top functions. */
export function profileMarkdown(summary, { title, note, windowName = 'the measured edits' }) {
  const lines = [`### ${title}`, '', note, ''];
  lines.push(
    `Busy ${(summary.busyMs / 1000).toFixed(1)} s, idle ${(summary.idleMs / 1000).toFixed(1)} s in ${summary.windowed ? windowName : `the whole profile (no sample fell in ${windowName})`}; shares are of the busy time.`,
    '',
    '| # | function | where | self ms | self % |',
    '|---:|---|---|---:|---:|',
  );
  summary.rows.forEach((r, i) => lines.push(`| ${i + 1} | \`${r.name.replaceAll('|', '\\|')}\` | ${r.where ? `\`${r.where}\`` : ''} | ${r.selfMs.toFixed(0)} | ${r.percent.toFixed(1)} |`));
  return lines.join('\n');
}
