// Runs every diff fixture (test/fixtures/diff/<rule>/<case>/{old,new}.odcs.yaml → expected.json) and checks the rule catalogue against fixtures and docs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHANGE_RULES } from '../../server/src/engine/diff/catalog';
import { diffContracts } from '../../server/src/engine/diff/diff';
import { compareFlinkTypesForEvolution } from '../../server/src/engine/diff/flinkEvolution';
import { compareFlinkTypes, parseFlinkType, renderFlinkType } from '../../server/src/engine/diff/flinkTypes';
import { contractSide } from '../../server/src/engine/diff/model';
import { ContractSide } from '../../server/src/engine/diff/types';
import { caseName, expectJson, fixtureCases, FIXTURES, REPO_ROOT, showSpan } from '../support/fixtures';

const DIFF = path.join(FIXTURES, 'diff');
/** Fixture groups that are not one rule: pairs without changes, several changes at once, odd shapes. */
const GROUPS = ['identity', 'mixed', 'robustness'];

function load(file: string): ContractSide {
  const side = contractSide(readFileSync(file, 'utf8'));
  assert.ok(side, `${path.relative(REPO_ROOT, file)} is not a YAML mapping`);
  return side;
}


const isCase = (dir: string) => existsSync(path.join(dir, 'old.odcs.yaml')) && existsSync(path.join(dir, 'new.odcs.yaml'));
const cases = fixtureCases('diff', isCase);

for (const dir of cases) {
  test(`diff ${caseName(dir, 'diff')}`, () => {
    const oldSide = load(path.join(dir, 'old.odcs.yaml'));
    const newSide = load(path.join(dir, 'new.odcs.yaml'));
    const changes = diffContracts(oldSide, newSide).map((c) => ({
      rule: c.rule,
      category: c.category,
      breaks: c.breaks,
      message: c.message,
      path: c.path,
      new: showSpan(newSide.text, c.newSpan),
      old: showSpan(oldSide.text, c.oldSpan),
      ...(c.hint ? { hint: c.hint } : {}),
      ...(c.data ? { data: c.data } : {}),
    }));
    expectJson(path.join(dir, 'expected.json'), changes);
    // a fixture filed under a rule must show that rule
    const group = caseName(dir, 'diff').split('/')[0];
    if (!GROUPS.includes(group)) assert.ok(changes.some((c) => c.rule === group), `no \`${group}\` change in ${caseName(dir, 'diff')}`);
  });
}

test('a contract compared with itself has no changes', () => {
  for (const dir of cases) {
    for (const file of ['old.odcs.yaml', 'new.odcs.yaml']) {
      const side = load(path.join(dir, file));
      assert.deepEqual(diffContracts(side, side), [], `${caseName(dir, 'diff')}/${file}`);
    }
  }
});

test('every change rule has fixtures and a section in docs/rules.md, and every fixture folder is a rule', () => {
  const folders = readdirSync(DIFF, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  const docs = readFileSync(path.join(REPO_ROOT, 'docs', 'rules.md'), 'utf8');
  for (const rule of Object.keys(CHANGE_RULES)) {
    assert.ok(folders.includes(rule), `no fixture folder test/fixtures/diff/${rule}`);
    assert.match(docs, new RegExp(`^## ${rule}$`, 'm'), `no section \`## ${rule}\` in docs/rules.md`);
  }
  for (const folder of folders) assert.ok(folder in CHANGE_RULES || GROUPS.includes(folder), `test/fixtures/diff/${folder} is not a rule id`);
});

test('Flink type lattice (test/fixtures/diff/flink-types.json)', () => {
  const table = JSON.parse(readFileSync(path.join(DIFF, 'flink-types.json'), 'utf8')) as { parse: [string, string | null][]; compare: [string, string, string][]; evolve: [string, string, string][] };
  for (const [text, rendered] of table.parse) {
    const type = parseFlinkType(text);
    assert.equal(type ? renderFlinkType(type) : null, rendered, `parse ${JSON.stringify(text)}`);
  }
  for (const [from, to, verdict] of table.compare) {
    const a = parseFlinkType(from);
    const b = parseFlinkType(to);
    assert.ok(a && b, `${from} or ${to} does not parse`);
    assert.equal(compareFlinkTypes(a, b), verdict, `${from} → ${to}`);
  }
  // a published stream's precision and scale are frozen (`frozen`), whatever values would fit
  for (const [from, to, verdict] of table.evolve) {
    const a = parseFlinkType(from);
    const b = parseFlinkType(to);
    assert.ok(a && b, `${from} or ${to} does not parse`);
    const evolution = compareFlinkTypesForEvolution(a, b);
    assert.equal(evolution.frozen.length && evolution.verdict !== 'incompatible' ? 'frozen' : evolution.verdict, verdict, `evolve ${from} → ${to}`);
  }
});
