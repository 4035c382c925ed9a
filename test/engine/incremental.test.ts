// Incremental re-parsing equals a full parse: seeded random edits of every contract fixture, each analysed both ways.
//
// By default about 12,000 edits run (about half a minute on two cores). For a longer search set FUZZ_EDITS, e.g.
//   FUZZ_EDITS=200000 node --import tsx --test test/engine/incremental.test.ts
// and FUZZ_SEED to vary the seeds. A failure names the seed, the file and the edit: to replay it, run with the same
// FUZZ_EDITS and FUZZ_SEED and FUZZ_FILE set to (part of) the file's path.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, Analysis } from '../../server/src/engine/analyze';
import { nestingDepth } from '../../server/src/engine/parse';
import { outline } from '../../server/src/engine/symbols';
import { estimateNesting } from '../../server/src/engine/yamlNesting';
import { FIXTURES, REPO_ROOT } from '../support/fixtures';
import { random, randomEdit } from '../support/randomEdits';

const TOTAL_EDITS = Number(process.env.FUZZ_EDITS ?? 12000);
const BASE_SEED = Number(process.env.FUZZ_SEED ?? 1);

function contractFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return contractFiles(full);
    return /\.odcs\.ya?ml$/.test(e.name) ? [full] : [];
  });
}

function observable(a: Analysis) {
  return {
    problems: a.problems.map((p) => `${p.code} ${p.severity} ${p.span.start}-${p.span.end} ${p.message} ${JSON.stringify(p.related ?? [])} ${JSON.stringify(p.fixes ?? [])}`),
    value: a.parsed?.value,
    facts: a.facts,
    skipped: a.skippedReason,
    outline: JSON.stringify(outline(a.parsed)),
  };
}

const sources = [...new Set([...contractFiles(FIXTURES), ...contractFiles(path.join(REPO_ROOT, 'examples'))])].sort();
const byText = new Map<string, string>();
for (const file of sources) {
  const text = readFileSync(file, 'utf8');
  if (!byText.has(text)) byText.set(text, path.relative(REPO_ROOT, file));
}
const uniqueSources = [...byText].map(([text, name]) => ({ text, name }));
const groups = new Map<string, { text: string; name: string }[]>();
for (const s of uniqueSources) {
  const group = s.name.split(path.sep).slice(0, 3).join('/');
  groups.set(group, [...(groups.get(group) ?? []), s]);
}
const editsPerSource = Math.max(4, Math.round(TOTAL_EDITS / uniqueSources.length));
const totals = { fastPaths: 0, edits: 0 };

function seedOf(name: string): number {
  let h = BASE_SEED;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) % 2147483647;
  return h;
}

const only = process.env.FUZZ_FILE;

for (const [group, all] of groups) {
  const members = only ? all.filter((m) => m.name.includes(only)) : all;
  if (members.length === 0) continue;
  test(`random edits of the contracts of ${group} analyse the same incrementally`, () => {
    let fastPaths = 0;
    let edits = 0;
    for (const { text: base, name } of members) {
      const seed = seedOf(name);
      const next = random(seed);
      let text = base;
      let previous = analyze(text, { fileName: 'x.odcs.yaml' });
      for (let i = 0; i < editsPerSource; i++) {
        // typing goes on from the last state; now and then it starts again from the fixture
        if (next() < 0.3) {
          text = base;
          previous = analyze(text, { fileName: 'x.odcs.yaml' });
        }
        const edit = randomEdit(text, next);
        text = text.slice(0, edit.at) + edit.inserted + text.slice(edit.at + edit.removed);
        const fast = analyze(text, { fileName: 'x.odcs.yaml', previous });
        const full = analyze(text, { fileName: 'x.odcs.yaml' });
        if (fast.parsed?.incremental) fastPaths++;
        edits++;
        const where = `${name}, seed ${seed}, edit ${i}: ${JSON.stringify(edit.inserted)} at ${edit.at}, ${edit.removed} removed`;
        assert.deepEqual(observable(fast), observable(full), where);
        // the estimate that refuses hostile nesting before parsing follows the depth the parser reaches, also in its
        // recovery from errors (where it nests every line after an out-of-place one): never more than a few levels below
        const doc = full.parsed?.doc;
        if (doc) {
          const estimate = estimateNesting(full.parsed!.text);
          const depth = nestingDepth(doc.contents);
          assert.ok(depth <= estimate + 4, `nesting estimate ${estimate} for depth ${depth}: ${where}`);
        }
        previous = fast;
      }
    }
    totals.fastPaths += fastPaths;
    totals.edits += edits;
  });
}

// runs after the groups above (tests of a file run in order)
test('the fast path was taken for a good share of the random edits', () => {
  assert.ok(totals.edits >= (only ? editsPerSource : TOTAL_EDITS * 0.9), `${totals.edits} edits`);
  assert.ok(totals.fastPaths > totals.edits * 0.05, `only ${totals.fastPaths} of ${totals.edits} edits were re-parsed incrementally`);
});

test('the fast path is taken for most edits inside a property of a valid contract', () => {
  const base = readFileSync(path.join(REPO_ROOT, 'examples', 'customers.odcs.yaml'), 'utf8');
  let previous = analyze(base, { fileName: 'x.odcs.yaml' });
  const at = base.indexOf('description:', base.indexOf('properties:'));
  let incremental = 0;
  for (let i = 0; i < 20; i++) {
    const text = base.slice(0, at + 13) + 'x'.repeat(i + 1) + base.slice(at + 13);
    const fast = analyze(text, { fileName: 'x.odcs.yaml', previous });
    if (fast.parsed?.incremental) incremental++;
    assert.deepEqual(observable(fast), observable(analyze(text, { fileName: 'x.odcs.yaml' })));
    previous = fast;
  }
  assert.equal(incremental, 20);
  // the next analysis takes over the tree of the previous one: given the same previous again, the text is parsed in full
  const first = analyze(base, { fileName: 'x.odcs.yaml' });
  assert.equal(analyze(base.slice(0, at + 13) + 'y' + base.slice(at + 13), { fileName: 'x.odcs.yaml', previous: first }).parsed?.incremental, true);
  const other = base.slice(0, at + 13) + 'z' + base.slice(at + 13);
  const again = analyze(other, { fileName: 'x.odcs.yaml', previous: first });
  assert.equal(again.parsed?.incremental, undefined);
  assert.deepEqual(observable(again), observable(analyze(other, { fileName: 'x.odcs.yaml' })));
});

test('a line break typed at the very end of the last property leaves the blank line after it outside, as a full parse does', () => {
  // found by the random edits (seed 4): the ancestors of the last item were moved by the edit's length
  const before = 'apiVersion: v3.0.2\nkind: DataContract\nid: orders\nschema:\n  - name: orders\n    properties:\n      - name: order_id\n        logicalType: str<|>\n';
  const at = before.length - 1;
  for (const lineBreak of ['\r\n', '\n', '\n\n']) {
    const text = before.slice(0, at) + lineBreak + before.slice(at);
    const fast = analyze(text, { fileName: 'x.odcs.yaml', previous: analyze(before, { fileName: 'x.odcs.yaml' }) });
    assert.deepEqual(observable(fast), observable(analyze(text, { fileName: 'x.odcs.yaml' })), JSON.stringify(lineBreak));
  }
});
