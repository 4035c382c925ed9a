// Runs every quick-fix fixture: test/fixtures/quickfix/<case>/{contracts, sources/*.sql, fix.json} → expected/: the
// problems before, the contract once the fix's edits are applied, the problems after, and the job it then generates.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkText, CheckMemo } from '../../server/src/engine/check';
import { checkSourceFile, ContractReader } from '../../server/src/engine/checkSources';
import { parseYaml } from '../../server/src/engine/parse';
import { buildCatalog } from '../../server/src/engine/sources/catalog';
import { Edit, Problem } from '../../server/src/engine/types';
import { caseName, expectJson, fixtureCases, REPO_ROOT, showSpan, UPDATE } from '../support/fixtures';
import { assertOnlyGeneratedStatements, streamCount } from '../support/flinkJob';

interface FixChoice {
  /** The contract the fix is applied to (optional when the case has one). */
  file?: string;
  /** The problem that offers it, and the fix's title. */
  code: string;
  title: string;
}

/** The case's files, relative with `/`: contracts and .sql files, outside expected/. */
function inputFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (sub: string) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const relative = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (relative !== 'expected') walk(relative);
      } else if (/\.(odcs\.ya?ml|sql)$/.test(entry.name)) {
        files.set(relative, readFileSync(path.join(dir, relative), 'utf8'));
      }
    }
  };
  walk('');
  return files;
}

/** Every file's problems, as the editor and `check` see them: contracts through checkContract, .sql files through checkSourceFile. */
function checkAll(files: Map<string, string>) {
  const sources = [...files].filter(([name]) => name.endsWith('.sql')).map(([name, text]) => ({ path: name, text }));
  const catalog = buildCatalog(sources);
  const problems = new Map<string, Problem[]>();
  const readers: ContractReader[] = [];
  for (const [name, text] of files) {
    if (name.endsWith('.sql')) continue;
    const result = checkText(text, { catalog });
    problems.set(name, result.problems);
    if (result.lineage) readers.push({ contractId: result.analysis.facts.id, lineage: result.lineage });
  }
  for (const { path: name, text } of sources) problems.set(name, checkSourceFile(name, text, catalog, readers));
  return { catalog, problems };
}

function shown(files: Map<string, string>, problems: Map<string, Problem[]>) {
  return Object.fromEntries(
    [...problems].sort(([a], [b]) => a.localeCompare(b)).map(([name, list]) => [
      name,
      list.map((p) => ({ code: p.code, severity: p.severity, at: showSpan(files.get(name)!, p.span), message: p.message, ...(p.fixes ? { fixes: p.fixes.map((f) => f.title) } : {}) })),
    ]),
  );
}

/** The text with the edits applied, as an editor applies a workspace edit: non-overlapping, inserts at one place in order. */
function applyEdits(text: string, edits: readonly Edit[]): string {
  const order = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.span.start - b.e.span.start || a.i - b.i);
  for (let k = 1; k < order.length; k++) assert.ok(order[k].e.span.start >= order[k - 1].e.span.end, `the fix's edits overlap: ${JSON.stringify(edits)}`);
  let out = text;
  for (const { e } of order.reverse()) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

function expectText(file: string, actual: string): void {
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) assert.fail(`missing ${path.relative(REPO_ROOT, file)}; run with UPDATE_EXPECT=1 to create it`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, readFileSync(file, 'utf8'));
}

for (const dir of fixtureCases('quickfix', (d) => existsSync(path.join(d, 'fix.json')))) {
  test(`quickfix ${caseName(dir, 'quickfix')}`, () => {
    const choice = JSON.parse(readFileSync(path.join(dir, 'fix.json'), 'utf8')) as FixChoice;
    const files = inputFiles(dir);
    const contracts = [...files.keys()].filter((f) => !f.endsWith('.sql'));
    const target = choice.file ?? (contracts.length === 1 ? contracts[0] : assert.fail('fix.json must name the contract (`file`) when the case has several'));
    const expected = path.join(dir, 'expected');
    mkdirSync(expected, { recursive: true });

    const before = checkAll(files);
    expectJson(path.join(expected, 'before.json'), shown(files, before.problems));
    const offered = before.problems.get(target)!.filter((p) => p.code === choice.code).flatMap((p) => p.fixes ?? []);
    const fix = offered.find((f) => f.title === choice.title);
    assert.ok(fix, `no ${choice.code} in ${target} offers "${choice.title}"; offered: ${JSON.stringify(offered.map((f) => f.title))}`);

    const fixed = new Map(files).set(target, applyEdits(files.get(target)!, fix.edits));
    expectText(path.join(expected, target), fixed.get(target)!);
    const after = checkAll(fixed);
    const job = new CheckMemo().job(parseYaml(fixed.get(target)!), after.catalog);
    assert.ok(job, 'the fixed contract does not parse');
    expectJson(path.join(expected, 'after.json'), { problems: shown(fixed, after.problems), jobProblems: job.problems.map((p) => `${p.severity} ${p.code}: ${p.message}`) });
    expectText(path.join(expected, 'job.sql'), job.sql);
    assertOnlyGeneratedStatements(job, streamCount(fixed.get(target)!, {}));
  });
}
