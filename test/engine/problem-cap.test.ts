// One document shows at most 1,000 problems plus one that counts the rest: test/fixtures/problem-cap/<case>/input.json → expected.json.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { checkContract, MAX_PROBLEMS } from '../../server/src/engine/check';
import { checkSourceFile } from '../../server/src/engine/checkSources';
import { LineIndex } from '../../server/src/engine/lineIndex';
import { Problem } from '../../server/src/engine/types';
import { caseName, expectJson, fixtureCases, FIXTURES } from '../support/fixtures';
import { generate, GeneratedPart } from '../support/generated';

function shown(text: string, problems: readonly Problem[]) {
  const index = new LineIndex(text);
  const at = (offset: number) => {
    const p = index.positionAt(offset);
    return `${p.line + 1}:${p.character + 1}`;
  };
  return problems.map((p) => ({
    code: p.code,
    severity: p.severity,
    range: `${at(p.span.start)}-${at(p.span.end)}`,
    message: p.message,
    ...(p.fixes ? { fixes: p.fixes.map((f) => `${f.title}: ${f.edits.map((e) => `${at(e.span.start)}-${at(e.span.end)} → ${e.newText}`).join('; ')}`) } : {}),
  }));
}

for (const dir of fixtureCases('problem-cap', (d) => d !== path.join(FIXTURES, 'problem-cap'))) {
  test(`problem cap: ${caseName(dir, 'problem-cap')}`, () => {
    const spec = JSON.parse(readFileSync(path.join(dir, 'input.json'), 'utf8')) as { what: string; parts: GeneratedPart[] };
    const text = generate(spec.parts);
    const analysis = analyze(text, { fileName: 'capped.odcs.yaml' });
    const problems = checkContract(analysis).problems;
    const all = analysis.problems.length;
    const capped = all > MAX_PROBLEMS;
    assert.equal(problems.length, capped ? MAX_PROBLEMS + 1 : all);
    // the kept ones are the first in text order, each as the analysis reported it (quick fixes included)
    const kept = capped ? problems.slice(0, -1) : problems;
    kept.forEach((p, i) => assert.equal(p, analysis.problems[i]));
    assert.equal(problems.at(-1)!.code === 'too-many-problems', capped);
    expectJson(path.join(dir, 'expected.json'), { what: spec.what, analysed: all, shown: problems.length, first: shown(text, problems.slice(0, 2)), last: shown(text, problems.slice(-2)) });
  });
}

test('a .sql file shows at most 1,000 problems too', () => {
  const text = Array.from({ length: 1500 }, (_, i) => `CREATE TABLE t${i} (;`).join('\n');
  const index = new LineIndex(text);
  const problems = Array.from({ length: 1500 }, (_, i) => ({ file: 'a.sql', code: 'sql-syntax', severity: 'error' as const, message: `bad ${i}`, span: { start: index.lineStart(i), end: index.lineEnd(i) } }));
  const out = checkSourceFile('a.sql', text, { tables: [], problems }, []);
  assert.equal(out.length, MAX_PROBLEMS + 1);
  assert.deepEqual(out.slice(0, 2).map((p) => p.message), ['bad 0', 'bad 1']);
  assert.deepEqual(
    { code: out[MAX_PROBLEMS].code, severity: out[MAX_PROBLEMS].severity, message: out[MAX_PROBLEMS].message, span: out[MAX_PROBLEMS].span },
    { code: 'too-many-problems', severity: 'error', message: 'Only the first 1,000 problems are shown; 500 more (500 errors) are not. Fix these first.', span: { start: 0, end: 18 } },
  );
});
