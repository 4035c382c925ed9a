// The problem-code catalog is complete and its docs are current: every code the source reports or the fixtures produce is listed, with its severities, and documented.
import { existsSync, statSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkText, RegistryState } from '../../server/src/engine/check';
import { checkSourceFile, ContractReader } from '../../server/src/engine/checkSources';
import { CHANGE_RULES } from '../../server/src/engine/diff/catalog';
import { docsAnchor, PROBLEM_CODES, problemCode, severitiesOf } from '../../server/src/engine/ruleCatalog';
import { buildCatalog } from '../../server/src/engine/sources/catalog';
import { Catalog, SourceFile } from '../../server/src/engine/sources/types';
import { BEGIN, END, PROBLEMS_DOC, README, renderProblemsDoc, renderReadmeTable, withReadmeTable } from '../../scripts/docs';
import { FIXTURES, REPO_ROOT } from '../support/fixtures';

const SERVER = path.join(REPO_ROOT, 'server', 'src');
const CATALOG_FILE = path.join(SERVER, 'engine', 'ruleCatalog.ts');
const rel = (file: string) => path.relative(REPO_ROOT, file).split(path.sep).join('/');

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (keep(full)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

// ---- 1. every code literal the source passes as a problem code is in the catalog ----

const CODE_LITERAL = /'([a-z]+(?:-[a-z0-9]+)+)'/g;
/** Where the source passes a code: the expression after `code:` / `code =` / `rule =` (comparisons excluded), or a literal first argument. */
const PROBLEM_POSITIONS: RegExp[] = [
  /\b(?:code|rule)\s*(?::|=(?!=))\s*([^,;\n]+)/g,
  /\b(?:report|problem|fileProblem|make|finding|sink\.add)\(\s*(?:ctx,\s*)?('[^'\n]*')/g,
  /\breportWithFirst\(\s*ctx,\s*('[^'\n]*')/g,
  // problem lines printed as text, e.g. `${shown}:1:1: error flink-no-streams ...`
  /:\d+: (?:error|warning|info|hint) ([a-z]+(?:-[a-z0-9]+)+) /g,
];

function codesInSource(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of filesUnder(SERVER, (f) => f.endsWith('.ts') && f !== CATALOG_FILE)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of PROBLEM_POSITIONS) {
      for (const m of text.matchAll(pattern)) {
        const expr = m[1].replace(/[!=]==\s*'[^']*'/g, '');
        const codes = expr.startsWith("'") || expr.includes("'") ? [...expr.matchAll(CODE_LITERAL)].map((c) => c[1]) : /^[a-z]+(-[a-z0-9]+)+$/.test(expr) ? [expr] : [];
        const line = text.slice(0, m.index).split('\n').length;
        for (const code of codes) found.set(code, [...(found.get(code) ?? []), `${rel(file)}:${line}`]);
      }
    }
  }
  return found;
}

test('every code the source reports is in the catalog', () => {
  const found = codesInSource();
  assert.ok(found.size > 60, `the scan found only ${found.size} codes: the patterns no longer match how problems are made`);
  const missing = [...found].filter(([code]) => !problemCode(code)).map(([code, at]) => `${code} (${at.join(', ')})`);
  assert.deepEqual(missing, [], 'add these codes to server/src/engine/ruleCatalog.ts, then run `npm run docs`');
});

test('every change rule is in the catalog, and every other catalog code is still used by the source', () => {
  for (const rule of Object.keys(CHANGE_RULES)) assert.ok(problemCode(rule), `change rule ${rule} is not in the catalog`);
  const source = filesUnder(SERVER, (f) => f.endsWith('.ts') && f !== CATALOG_FILE).map((f) => readFileSync(f, 'utf8')).join('\n');
  const stale = Object.keys(PROBLEM_CODES).filter((code) => !(code in CHANGE_RULES) && !source.includes(`'${code}'`) && !new RegExp(`: (error|warning|info|hint) ${code} `).test(source));
  assert.deepEqual(stale, [], 'no part of the product reports these codes any more: remove them from the catalog');
});

test('every entry has a one-line summary and a consistent severity', () => {
  for (const p of Object.values(PROBLEM_CODES)) {
    assert.match(p.summary, /^\S.*[.)]$/, `${p.code}: the summary is one sentence`);
    assert.ok(!p.summary.includes('\n'), `${p.code}: the summary is one line`);
    if (p.severities) {
      assert.ok(p.severities.length > 1, `${p.code}: list severities only when there are several`);
      assert.equal(p.severities[0], p.severity, `${p.code}: the default severity comes first`);
    }
  }
});

// ---- 2. every code the fixtures produce is in the catalog, with one of its severities ----

interface Seen {
  code: string;
  severity: string;
  file: string;
}

function sourceFilesOf(dir: string, prefix: string): SourceFile[] {
  return filesUnder(dir, (f) => f.endsWith('.sql')).map((f) => ({ path: `${prefix}${path.relative(dir, f).split(path.sep).join('/')}`, text: readFileSync(f, 'utf8') }));
}

/** The nearest folder (from the contract's own up to its feature folder) that has a `sources/` folder. */
function caseRootOf(file: string): string | undefined {
  for (let dir = path.dirname(file); path.dirname(dir) !== FIXTURES && dir !== FIXTURES; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'sources'))) return dir;
  }
  return undefined;
}

const field = (text: string, key: string) => new RegExp(`^${key}:\\s*['"]?([^'"\\s#]+)`, 'm').exec(text)?.[1];

/** Registered versions next to a contract: `registered/` (compat), `old.odcs.yaml` (diff), `contract-registry/<id>/` (cli, parity). */
function registryOf(file: string, text: string): RegistryState | undefined {
  const dir = path.dirname(file);
  const versionsIn = (folder: string): RegistryState => ({
    versions: readdirSync(folder).filter((f) => f.endsWith('.odcs.yaml')).sort().map((f) => ({ version: f.replace(/\.odcs\.yaml$/, ''), text: readFileSync(path.join(folder, f), 'utf8'), location: rel(path.join(folder, f)) })),
    unusable: [],
  });
  if (path.basename(file) === 'current.odcs.yaml' && existsSync(path.join(dir, 'registered'))) return versionsIn(path.join(dir, 'registered'));
  if (path.basename(file) === 'new.odcs.yaml' && existsSync(path.join(dir, 'old.odcs.yaml'))) {
    const old = readFileSync(path.join(dir, 'old.odcs.yaml'), 'utf8');
    // with one unusable entry, so that the registry's own warning is produced too
    return { versions: [{ version: field(old, 'version') ?? '1.0.0', text: old, location: 'old.odcs.yaml' }], unusable: [{ location: 'broken.odcs.yaml', message: 'it cannot be read' }] };
  }
  const id = field(text, 'id');
  for (let d = dir; d.startsWith(FIXTURES + path.sep); d = path.dirname(d)) {
    const folder = id && path.join(d, 'contract-registry', id);
    if (folder && existsSync(folder) && statSync(folder).isDirectory()) return versionsIn(folder);
  }
  return undefined;
}

function runFixtures(): Seen[] {
  const seen: Seen[] = [];
  const catalogs = new Map<string, Catalog>();
  const readers = new Map<string, ContractReader[]>();
  const catalogOf = (root: string) => {
    if (!catalogs.has(root)) catalogs.set(root, buildCatalog(sourceFilesOf(path.join(root, 'sources'), 'sources/')));
    return catalogs.get(root)!;
  };
  for (const file of filesUnder(FIXTURES, (f) => /\.ya?ml$/.test(f))) {
    const text = readFileSync(file, 'utf8');
    const root = caseRootOf(file);
    const catalog = root ? catalogOf(root) : undefined;
    const result = checkText(text, { fileName: path.basename(file), knownContract: true, catalog, registry: registryOf(file, text), settings: { mode: 'FULL', breakingSeverity: 'error' } });
    for (const p of result.problems) seen.push({ code: p.code, severity: p.severity, file: rel(file) });
    for (const p of result.job?.problems ?? []) seen.push({ code: p.code, severity: p.severity, file: `${rel(file)} (job)` });
    if (root && result.lineage) readers.set(root, [...(readers.get(root) ?? []), { contractId: field(text, 'id') ?? null, lineage: result.lineage }]);
  }
  // .sql files: each `sources/` folder with the contracts of its case, and each catalog case
  const sqlCases = [...catalogs.keys()].map((root) => ({ root, files: sourceFilesOf(path.join(root, 'sources'), 'sources/') }));
  for (const e of readdirSync(path.join(FIXTURES, 'catalog'), { withFileTypes: true })) {
    if (e.isDirectory()) sqlCases.push({ root: path.join(FIXTURES, 'catalog', e.name), files: sourceFilesOf(path.join(FIXTURES, 'catalog', e.name), '') });
  }
  for (const { root, files } of sqlCases) {
    const catalog = catalogs.get(root) ?? buildCatalog(files);
    for (const p of catalog.problems) seen.push({ code: p.code, severity: p.severity, file: `${rel(root)}/${p.file} (catalog)` });
    for (const f of files) {
      for (const p of checkSourceFile(f.path, f.text, catalog, readers.get(root) ?? [])) seen.push({ code: p.code, severity: p.severity, file: `${rel(root)}/${f.path}` });
    }
  }
  return seen;
}

test('every code the fixtures produce is in the catalog, with one of its severities', (t) => {
  const seen = runFixtures();
  assert.ok(seen.length > 100, `the fixtures produced only ${seen.length} problems: are they still found?`);
  const missing = new Map<string, string>();
  const wrongSeverity = new Map<string, string>();
  for (const s of seen) {
    const entry = problemCode(s.code);
    if (!entry) missing.set(s.code, s.file);
    else if (!(severitiesOf(entry) as readonly string[]).includes(s.severity)) wrongSeverity.set(`${s.code} as ${s.severity}`, s.file);
  }
  assert.deepEqual([...missing].map(([code, file]) => `${code} (${file})`), [], 'add these codes to server/src/engine/ruleCatalog.ts, then run `npm run docs`');
  assert.deepEqual([...wrongSeverity].map(([what, file]) => `${what} (${file})`), [], 'add these severities to the codes in server/src/engine/ruleCatalog.ts');
  const produced = new Set(seen.map((s) => s.code));
  const unexercised = Object.keys(PROBLEM_CODES).filter((c) => !produced.has(c));
  t.diagnostic(`${produced.size} of ${Object.keys(PROBLEM_CODES).length} codes produced by the fixtures; not produced: ${unexercised.join(', ') || 'none'}`);
});

// ---- 3. the generated docs are current; 4. every docs anchor exists ----

test('docs/problems.md and the README table are what `npm run docs` generates', () => {
  const hint = 'run `npm run docs` to regenerate them from server/src/engine/ruleCatalog.ts';
  assert.ok(existsSync(PROBLEMS_DOC), `docs/problems.md is missing: ${hint}`);
  // compared without printing both texts: the message says what to do
  assert.ok(readFileSync(PROBLEMS_DOC, 'utf8') === renderProblemsDoc(), `docs/problems.md is out of date: ${hint}`);
  const readme = readFileSync(README, 'utf8');
  assert.ok(readme === withReadmeTable(readme, renderReadmeTable()), `the README's problem-code table is out of date: ${hint}`);
  const table = readme.slice(readme.indexOf(BEGIN), readme.indexOf(END));
  const absent = Object.keys(PROBLEM_CODES).filter((code) => !table.includes(`\`${code}\``));
  assert.deepEqual(absent, [], 'every code appears in the README table');
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) out.push(heading[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return out;
}

test("every code's docs anchor exists, and every code has its own section in docs/problems.md", () => {
  const docs = { 'docs/problems.md': anchors(renderProblemsDoc()), 'docs/rules.md': anchors(readFileSync(path.join(REPO_ROOT, 'docs', 'rules.md'), 'utf8')) };
  const duplicated = docs['docs/problems.md'].filter((a, i, all) => all.indexOf(a) !== i);
  assert.deepEqual(duplicated, [], 'docs/problems.md has headings with the same anchor');
  for (const code of Object.keys(PROBLEM_CODES)) {
    const at = docsAnchor(code);
    assert.ok(at, `${code} has no docs anchor`);
    assert.ok(docs[at.file].includes(at.anchor), `${at.file} has no section #${at.anchor}`);
    assert.ok(docs['docs/problems.md'].includes(code), `docs/problems.md has no section #${code}`);
  }
  assert.equal(docsAnchor('no-such-code'), undefined);
});
