// Incremental re-parsing equals a full parse: hundreds of seeded random edits, each analysed both ways.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, Analysis } from '../../server/src/engine/analyze';
import { outline } from '../../server/src/engine/symbols';
import { FIXTURES, REPO_ROOT } from '../support/fixtures';

const SOURCES = [
  path.join(REPO_ROOT, 'examples', 'customers.odcs.yaml'),
  path.join(FIXTURES, 'lint', 'valid', 'streaming-custom-properties', 'input.odcs.yaml'),
  path.join(FIXTURES, 'symbols', 'nested', 'input.odcs.yaml'),
];
const ALPHABET = ['a', 'e', 'x', '1', ' ', ' ', '\n', ':', '-', '#', '"', "'", '[', ']', '{', '|', '  ', '\n        ', 'true'];

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function observable(a: Analysis) {
  return {
    problems: a.problems.map((p) => `${p.code} ${p.severity} ${p.span.start}-${p.span.end} ${p.message} ${JSON.stringify(p.related ?? [])}`),
    value: a.parsed?.value,
    facts: a.facts,
    outline: JSON.stringify(outline(a.parsed)),
  };
}

for (const source of SOURCES) {
  test(`random edits of ${path.basename(path.dirname(source))}/${path.basename(source)} analyse the same incrementally`, () => {
    const next = random(source.length);
    const base = readFileSync(source, 'utf8');
    let text = base;
    let previous = analyze(text, { fileName: 'x.odcs.yaml' });
    let incremental = 0;
    const edits = 250;
    for (let i = 0; i < edits; i++) {
      // typing goes on from the last state; now and then it starts again from the valid contract
      if (next() < 0.4) {
        text = base;
        previous = analyze(text, { fileName: 'x.odcs.yaml' });
      }
      // mostly edit inside the properties, where the fast path applies; sometimes anywhere
      const first = text.indexOf('properties:');
      const from = next() < 0.85 && first >= 0 ? first : 0;
      const at = from + Math.floor(next() * (text.length - from));
      const removed = next() < 0.4 ? Math.floor(next() * 4) : 0;
      const inserted = next() < 0.7 ? ALPHABET[Math.floor(next() * ALPHABET.length)] : '';
      text = text.slice(0, at) + inserted + text.slice(at + removed);
      const fast = analyze(text, { fileName: 'x.odcs.yaml', previous });
      const full = analyze(text, { fileName: 'x.odcs.yaml' });
      if (fast.parsed?.incremental) incremental++;
      assert.deepEqual(observable(fast), observable(full), `edit ${i}: ${JSON.stringify(inserted)} at ${at}, ${removed} removed`);
      previous = fast;
    }
    // the fast path must actually be taken for edits inside properties
    assert.ok(incremental > edits * 0.1, `only ${incremental} of ${edits} edits were re-parsed incrementally`);
  });
}
