// CR, LF and CRLF are each one line break, as editors count them: every lint fixture gives the same problems on the same lines with any of them.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkText } from '../../server/src/engine/check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../server/src/engine/lineIndex';
import { caseName, fixtureCases, inputFile, REPO_ROOT } from '../support/fixtures';

const ENDINGS: Record<string, (i: number) => string> = {
  'CR only': () => '\r',
  CRLF: () => '\r\n',
  'mixed LF, CRLF and CR': (i) => ['\n', '\r\n', '\r'][i % 3],
};

function withEndings(lfText: string, ending: (i: number) => string): string {
  return lfText
    .split('\n')
    .map((line, i, all) => (i < all.length - 1 ? line + ending(i) : line))
    .join('');
}

/** Problems as an editor shows them: code, severity, lines and columns, message. */
function shown(text: string) {
  const index = new LineIndex(text);
  const at = (offset: number) => {
    const p = index.positionAt(offset);
    return `${p.line + 1}:${p.character + 1}`;
  };
  return checkText(text, { fileName: 'endings.odcs.yaml' }).problems.map((p) => `${p.code} ${p.severity} ${at(p.span.start)}-${at(p.span.end)} ${p.message}`);
}

const inputs = [
  ...fixtureCases('lint', (d) => inputFile(d) !== undefined).map((d) => ({ name: `lint ${caseName(d, 'lint')}`, file: inputFile(d)! })),
  { name: 'examples/customers.odcs.yaml', file: path.join(REPO_ROOT, 'examples', 'customers.odcs.yaml') },
];

for (const { name, file } of inputs) {
  test(`line endings: ${name}`, () => {
    const lf = readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
    const expected = shown(lf);
    for (const [label, ending] of Object.entries(ENDINGS)) assert.deepEqual(shown(withEndings(lf, ending)), expected, label);
  });
}

test('offsets and positions agree with the editor protocol\'s own text document on CR, LF and CRLF', () => {
  const text = 'a: 1\rb: 2\r\nc:\n  - x\r\r\n\n\rd: "e"\r';
  const index = new LineIndex(text);
  const doc = TextDocument.create('file:///x.odcs.yaml', 'odcs', 1, text);
  assert.equal(index.lineCount, doc.lineCount);
  for (let offset = 0; offset <= text.length; offset++) {
    const expected = doc.positionAt(offset);
    assert.deepEqual(index.positionAt(offset), expected, `offset ${offset}`);
    assert.equal(index.offsetAt(expected), doc.offsetAt(expected), `position ${JSON.stringify(expected)}`);
  }
});
