// The benchmark's output: statistics, the machine description, raw results as JSON lines and the Markdown report.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile. */
export function percentile(values, p) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // os.cpus() then
  }
  return {
    cpu,
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

/** Appends one JSON object per line to `<dir>/<stamp>.jsonl` as results come in (a stopped run keeps what it measured). */
export class RawLog {
  constructor(dir, stamp) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `${stamp}.jsonl`);
    writeFileSync(this.file, '');
  }

  write(line) {
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }
}

const ms = (v) => (v === null || v === undefined ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const mib = (kb) => (kb === null || kb === undefined ? '–' : (kb / 1024).toFixed(0));
const ratio = (ours, other) => {
  if (ours === null || other === null || ours === undefined || other === undefined || other === 0) return '–';
  const r = ours / other;
  // two significant digits for small ratios, so that a hover 300 times faster does not read 0.00×
  return `${r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}×`;
};

/** The editor figures of one kept run, reduced to one number each. */
export function editorFigures(run) {
  return {
    startupMs: run.startupMs,
    openFirstMs: run.openFirstMs,
    openCompleteMs: run.openCompleteMs,
    editFirstMedianMs: median(run.edit.firstMs),
    editCompleteMedianMs: median(run.edit.completeMs),
    editCompleteP95Ms: percentile(run.edit.completeMs, 95),
    completionKeyMs: median(run.completionKeyMs),
    completionValueMs: median(run.completionValueMs),
    hoverKeyMs: median(run.hoverKeyMs),
    hoverValueMs: median(run.hoverValueMs),
    peakRssKb: run.peakRssKb,
  };
}

const EDITOR_ROWS = [
  ['startupMs', 'startup: spawn → initialize answered', ms],
  ['openFirstMs', 'didOpen → first diagnostics', ms],
  ['openCompleteMs', 'didOpen → complete diagnostics', ms],
  ['editFirstMedianMs', 'edit → first diagnostics, median', ms],
  ['editCompleteMedianMs', 'edit → complete diagnostics, median', ms],
  ['editCompleteP95Ms', 'edit → complete diagnostics, p95', ms],
  ['completionKeyMs', 'completion at a key, median', ms],
  ['completionValueMs', 'completion at a value (`logicalType: `), median', ms],
  ['hoverKeyMs', 'hover on a key, median', ms],
  ['hoverValueMs', 'hover on a value, median', ms],
  ['peakRssKb', 'peak RSS of the server (VmHWM), MiB', mib],
];

/** Median across rounds of each figure, for one server and size. */
export function acrossRounds(figuresPerRound) {
  const out = {};
  for (const [key] of EDITOR_ROWS) out[key] = median(figuresPerRound.map((f) => f[key]));
  return out;
}

/** `columns`: the servers measured, in order `ours`, `yaml-ls`, `yaml-ls-nodebounce` (those present). */
export function editorTable(sizes, results, columns) {
  const has = (k) => columns.includes(k);
  const head = ['properties', 'figure'];
  if (has('ours')) head.push('streamcontract');
  if (has('yaml-ls')) head.push('yaml-ls (stock)');
  if (has('ours') && has('yaml-ls')) head.push('ours ÷ stock');
  if (has('yaml-ls-nodebounce')) head.push('yaml-ls (no debounce)');
  if (has('ours') && has('yaml-ls-nodebounce')) head.push('ours ÷ no debounce');
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`];
  for (const size of sizes) {
    const at = (k) => results[size]?.[k];
    for (const [key, label, format] of EDITOR_ROWS) {
      const cell = (k) => at(k)?.[key];
      const row = [size.toLocaleString('en-US'), label];
      if (has('ours')) row.push(format(cell('ours')));
      if (has('yaml-ls')) row.push(format(cell('yaml-ls')));
      if (has('ours') && has('yaml-ls')) row.push(ratio(cell('ours'), cell('yaml-ls')));
      if (has('yaml-ls-nodebounce')) row.push(format(cell('yaml-ls-nodebounce')));
      if (has('ours') && has('yaml-ls-nodebounce')) row.push(ratio(cell('ours'), cell('yaml-ls-nodebounce')));
      lines.push(`| ${row.join(' | ')} |`);
    }
  }
  return lines.join('\n');
}

export function migrationsTable(results, columns, labels) {
  const lines = ['| server | startup | didOpen → first diagnostics | didOpen → complete diagnostics |', '|---|---:|---:|---:|'];
  for (const k of columns) {
    const r = results[k];
    if (r) lines.push(`| ${labels[k]} | ${ms(r.startupMs)} | ${ms(r.openFirstMs)} | ${ms(r.openCompleteMs)} |`);
  }
  return lines.join('\n');
}

export function cliTable(rows) {
  const lines = ['| command | wall time, median (ms) | peak RSS (MiB) | runs kept (disturbed) |', '|---|---:|---:|---:|'];
  for (const r of rows) lines.push(`| ${r.name} | ${ms(r.wallMs)} | ${mib(r.peakRssKb)} | ${r.kept} (${r.disturbed}) |`);
  return lines.join('\n');
}

/** One line per group of runs: how many were discarded for other load, how many kept although disturbed. */
export function loadTable(groups, maxOtherCores) {
  const lines = [
    `| runs | kept | re-run (other load > ${maxOtherCores} cores) | kept although disturbed | other load of kept runs, median (cores) |`,
    '|---|---:|---:|---:|---:|',
  ];
  for (const g of groups) lines.push(`| ${g.name} | ${g.kept} | ${g.discarded} | ${g.keptDisturbed} | ${g.otherCores === null ? '–' : g.otherCores.toFixed(2)} |`);
  return lines.join('\n');
}

export function writeMarkdown(dir, stamp, markdown) {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${stamp}.md`);
  writeFileSync(file, markdown);
  return file;
}
