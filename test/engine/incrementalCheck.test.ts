// Every incremental stage equals a fresh one: seeded random edits of contracts with source tables and registered
// versions, each checked with the editor's memo and previous analysis, and again from scratch. FUZZ_EDITS sets how many,
// FUZZ_SEED which.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyze } from '../../server/src/engine/analyze';
import { Analysis } from '../../server/src/engine/analyze';
import { CheckMemo, checkContract, CheckResult, RegistryState } from '../../server/src/engine/check';
import { buildCatalog } from '../../server/src/engine/sources/catalog';
import { PartCache } from '../../server/src/engine/validate';
import { FIXTURES, REPO_ROOT } from '../support/fixtures';
import { random, randomEdit } from '../support/randomEdits';

const TOTAL_EDITS = Number(process.env.FUZZ_EDITS ?? 12000) / 6;
/** Another seed gives other edits of the same contracts (CI runs seed 0). */
const SEED = Number(process.env.FUZZ_SEED ?? 0);

interface Workspace {
  name: string;
  text: string;
  sources: { path: string; text: string }[];
  registry: RegistryState;
}

function sqlFiles(dir: string): { path: string; text: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'contract-registry' ? [] : sqlFiles(full);
    return e.name.endsWith('.sql') ? [{ path: path.relative(REPO_ROOT, full), text: readFileSync(full, 'utf8') }] : [];
  });
}

/** Contracts next to source tables: lineage and Flink fixtures, the parity workspaces and the example. */
function workspaces(): Workspace[] {
  const out: Workspace[] = [];
  const add = (name: string, contract: string, sourceDir: string, registryDir?: string) => {
    const text = readFileSync(contract, 'utf8');
    const id = /^id:\s*(\S+)/m.exec(text)?.[1];
    const folder = registryDir && id ? path.join(registryDir, id) : undefined;
    const versions = folder && existsSync(folder) && statSync(folder).isDirectory()
      ? readdirSync(folder).filter((f) => f.endsWith('.odcs.yaml')).map((f) => ({ version: f.replace('.odcs.yaml', ''), text: readFileSync(path.join(folder, f), 'utf8'), location: f }))
      // else the fixture itself as an older version, so that every edit is also a change against the registry
      : [{ version: '0.9.0', text: text.replace(/^version:.*$/m, 'version: 0.9.0'), location: '0.9.0.odcs.yaml' }];
    out.push({ name, text, sources: sqlFiles(sourceDir), registry: { versions, unusable: [] } });
  };
  for (const feature of ['lineage', 'flink']) {
    for (const c of readdirSync(path.join(FIXTURES, feature))) {
      const dir = path.join(FIXTURES, feature, c);
      if (existsSync(path.join(dir, 'contract.odcs.yaml'))) add(`${feature}/${c}`, path.join(dir, 'contract.odcs.yaml'), path.join(dir, 'sources'));
    }
  }
  for (const w of readdirSync(path.join(FIXTURES, 'parity'))) {
    const dir = path.join(FIXTURES, 'parity', w);
    for (const f of existsSync(path.join(dir, 'contracts')) ? readdirSync(path.join(dir, 'contracts')) : []) add(`parity/${w}/${f}`, path.join(dir, 'contracts', f), dir, path.join(dir, 'contract-registry'));
  }
  add('examples', path.join(REPO_ROOT, 'examples', 'customers.odcs.yaml'), path.join(REPO_ROOT, 'examples'), path.join(REPO_ROOT, 'examples', 'contract-registry'));
  return out;
}

/** What the editor shows of a check: every problem with its place, fixes and related places, and the column links. */
function observable(r: CheckResult) {
  return {
    problems: r.problems.map((p) => `${p.code} ${p.severity} ${p.span.start}-${p.span.end} ${p.message} ${JSON.stringify(p.related ?? [])} ${JSON.stringify(p.fixes ?? [])}`),
    links: (r.lineage?.properties ?? []).map((p) => p.refs.map((ref) => `${ref.text}@${ref.span.start}-${ref.span.end}:${ref.column?.name ?? ref.missing?.columnName ?? '-'}`).join(',')),
    job: (r.job?.problems ?? []).map((p) => `${p.code} ${p.span.start}-${p.span.end} ${p.message}`),
  };
}

/** Typing in a value of a property (a name, a type, a description, a source column): the contract stays YAML. */
function typing(text: string, next: () => number): { at: number; removed: number; inserted: string } | undefined {
  const lines: number[] = [];
  const re = /^ {6,}(?:- )?(name|physicalName|description|logicalType|physicalType|transformLogic|transformSourceObjects|required): ./gm;
  for (let m = re.exec(text); m; m = re.exec(text)) lines.push(m.index + m[0].length - 1);
  if (lines.length === 0) return undefined;
  const valueStart = lines[Math.floor(next() * lines.length)];
  const lineEnd = text.indexOf('\n', valueStart) < 0 ? text.length : text.indexOf('\n', valueStart);
  const at = valueStart + Math.floor(next() * (lineEnd - valueStart + 1));
  return next() < 0.6 ? { at, removed: 0, inserted: 'abcxyz_'[Math.floor(next() * 7)] } : { at, removed: at < lineEnd ? 1 : 0, inserted: '' };
}

const all = workspaces();
const editsEach = Math.max(6, Math.round(TOTAL_EDITS / all.length));

test(`random edits of ${all.length} contracts with sources and registered versions check the same incrementally (${editsEach} each)`, () => {
  assert.ok(all.length > 30, `only ${all.length} contracts with sources found`);
  let fast = 0;
  for (const w of all) {
    const catalog = buildCatalog(w.sources);
    const settings = { breakingSeverity: 'warning' as const };
    const next = random(w.name.length * 7919 + w.text.length + SEED * 104729);
    let text = w.text;
    const memo = new CheckMemo();
    const cache = new PartCache();
    let previous = analyze(text, { fileName: 'x.odcs.yaml', cache });
    checkContract(previous, { catalog, registry: w.registry, settings, memo });
    for (let i = 0; i < editsEach; i++) {
      const edit = (next() < 0.75 ? typing(text, next) : undefined) ?? randomEdit(text, next);
      text = text.slice(0, edit.at) + edit.inserted + text.slice(edit.at + edit.removed);
      const incremental = analyze(text, { fileName: 'x.odcs.yaml', cache, previous });
      if (incremental.parsed?.incremental) fast++;
      const editor = checkContract(incremental, { catalog, registry: w.registry, settings, memo });
      const scratch = checkContract(analyze(text, { fileName: 'x.odcs.yaml' }), { catalog, registry: w.registry, settings });
      assert.deepEqual(observable(editor), observable(scratch), `${w.name}, edit ${i}: ${JSON.stringify(edit.inserted)} at ${edit.at}, ${edit.removed} removed`);
      previous = incremental;
      // now and then typing starts again from the fixture
      if (next() < 0.05) {
        text = w.text;
        previous = analyze(text, { fileName: 'x.odcs.yaml', cache });
      }
    }
  }
  // the memo's stages must have been exercised on re-parsed properties, not only on whole re-parses
  assert.ok(fast > all.length, `only ${fast} edits took the incremental path`);
});

test('typing in descriptions for a long time keeps the column links right and no earlier lineage alive', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const w = all.find((x) => x.name === 'examples')!;
  const catalog = buildCatalog(w.sources);
  const settings = { breakingSeverity: 'warning' as const };
  const memo = new CheckMemo();
  const cache = new PartCache();
  let text = w.text;
  let previous: Analysis = analyze(text, { fileName: 'x.odcs.yaml', cache });
  const released = new WeakRef(checkContract(previous, { catalog, registry: w.registry, settings, memo }).lineage!);
  const next = random(42);
  // the links are read after runs of 1 to 80 keystrokes, as hovers come now and then between them
  let moved = 0;
  for (const run of [1, 3, 31, 32, 33, 80]) {
    let last: CheckResult | undefined;
    for (let i = 0; i < run; i++) {
      const descriptions = [...text.matchAll(/^ {8}description: .+$/gm)];
      const line = descriptions[Math.floor(next() * descriptions.length)];
      const at = line.index! + line[0].length;
      text = text.slice(0, at) + 'x' + text.slice(at);
      previous = analyze(text, { fileName: 'x.odcs.yaml', cache, previous });
      last = checkContract(previous, { catalog, registry: w.registry, settings, memo });
      // a moved lineage moves its links when they are first read (a getter); one computed again has them already
      if (Object.getOwnPropertyDescriptor(last.lineage, 'properties')?.get) moved++;
    }
    const scratch = checkContract(analyze(text, { fileName: 'x.odcs.yaml' }), { catalog, registry: w.registry, settings });
    assert.deepEqual(observable(last!), observable(scratch), `after a run of ${run} keystrokes`);
  }
  assert.ok(moved > 100, `${moved} of 180 keystrokes: ` + 'the keystrokes moved the lineage rather than computing it again');
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  assert.equal(released.deref(), undefined, 'the first lineage is still kept alive by the ones moved from it');
});

test('the diagnostics and the publish gate share one evolution per version and severity', () => {
  const w = all.find((x) => x.name === 'examples')!;
  const memo = new CheckMemo();
  const analysis = analyze(w.text, { fileName: 'x.odcs.yaml' });
  const asWarning = memo.evolution(analysis, w.registry, { breakingSeverity: 'warning' });
  const asError = memo.evolution(analysis, w.registry, { breakingSeverity: 'error' });
  assert.notEqual(asWarning, asError);
  assert.equal(memo.evolution(analysis, w.registry, { breakingSeverity: 'warning' }), asWarning, 'asking with the other severity in between computed it again');
  assert.equal(memo.evolution(analysis, w.registry, { breakingSeverity: 'error' }), asError);
  const next = analyze(`${w.text}\n`, { fileName: 'x.odcs.yaml' });
  assert.notEqual(memo.evolution(next, w.registry, { breakingSeverity: 'warning' }), asWarning, 'a new version is compared anew');
});
