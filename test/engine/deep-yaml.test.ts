// Hostile nesting becomes the yaml-too-deep problem, the same however much stack is left: test/fixtures/deep-yaml/<case>/input.json → expected.json.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCollection, parseDocument, visit } from 'yaml';
import { checkText } from '../../server/src/engine/check';
import { hover } from '../../server/src/engine/hover';
import { LineIndex } from '../../server/src/engine/lineIndex';
import { outline } from '../../server/src/engine/symbols';
import { withLineFeeds } from '../../server/src/engine/yamlDocuments';
import { estimateNesting, MAX_ESTIMATED_DEPTH } from '../../server/src/engine/yamlNesting';
import { caseName, expectJson, fixtureCases, FIXTURES, REPO_ROOT } from '../support/fixtures';
import { generate, GeneratedPart } from '../support/generated';

function problemsOf(text: string) {
  const index = new LineIndex(text);
  const at = (offset: number) => {
    const p = index.positionAt(offset);
    return `${p.line + 1}:${p.character + 1}`;
  };
  const result = checkText(text, { fileName: 'deep.odcs.yaml' });
  return result.problems.map((p) => ({ code: p.code, severity: p.severity, range: `${at(p.span.start)}-${at(p.span.end)}`, message: p.message }));
}

/** Runs `fn` below `frames` stack frames of a small function: most of the stack is then in use. */
function withStackUsed<T>(frames: number, fn: () => T): T {
  const down = (n: number): T => (n === 0 ? fn() : down(n - 1));
  return down(frames);
}

/** How many frames of a small function fit on the stack. */
function stackFrames(): number {
  let depth = 0;
  const down = (): void => {
    depth++;
    down();
  };
  try {
    down();
  } catch {
    // the stack is full: depth is its size in these frames
  }
  return depth;
}

const frames = stackFrames();

for (const dir of fixtureCases('deep-yaml', (d) => d !== path.join(FIXTURES, 'deep-yaml'))) {
  test(`deep YAML: ${caseName(dir, 'deep-yaml')}`, () => {
    const spec = JSON.parse(readFileSync(path.join(dir, 'input.json'), 'utf8')) as { what: string; parts: GeneratedPart[] };
    const text = generate(spec.parts);
    const problems = problemsOf(text);
    assert.ok(!problems.some((p) => p.code === 'internal-error'), JSON.stringify(problems));
    expectJson(path.join(dir, 'expected.json'), { what: spec.what, problems });
    // a caller deep in its own stack gets the same answer
    assert.deepEqual(withStackUsed(Math.floor(frames / 2), () => problemsOf(text)), problems);
    // and the editor features answer without throwing
    const analysis = checkText(text, { fileName: 'deep.odcs.yaml' }).analysis;
    outline(analysis.parsed);
    hover(text, text.length - 2, analysis.parsed);
  });
}

/** Every YAML file of the repository, as contracts and fixtures hold them. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') ? [] : yamlFiles(full);
    return /\.ya?ml$/.test(e.name) ? [full] : [];
  });
}

test('the nesting estimate is never below the depth the parser finds, and stays far below the limit for real contracts', () => {
  let checked = 0;
  for (const file of [...yamlFiles(path.join(REPO_ROOT, 'examples')), ...yamlFiles(FIXTURES)]) {
    const text = readFileSync(file, 'utf8');
    // as the engine parses it: a lone CR is a line break
    const doc = parseDocument(withLineFeeds(text), { uniqueKeys: false });
    let depth = 0;
    visit(doc, {
      Node(_key, _node, ancestors) {
        depth = Math.max(depth, ancestors.filter((a) => isCollection(a)).length);
      },
    });
    const estimate = estimateNesting(text);
    assert.ok(estimate >= depth, `${path.relative(REPO_ROOT, file)}: estimate ${estimate} below depth ${depth}`);
    if (depth <= 20) assert.ok(estimate < MAX_ESTIMATED_DEPTH / 4, `${path.relative(REPO_ROOT, file)}: estimate ${estimate} for depth ${depth}`);
    checked++;
  }
  assert.ok(checked > 100, `only ${checked} files`);
});
