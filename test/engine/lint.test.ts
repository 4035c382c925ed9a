// Runs every lint fixture through the engine's front door as `lint` does without source tables: test/fixtures/lint/<case>/input.* → expected.json.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkText } from '../../server/src/engine/check';
import { LineIndex } from '../../server/src/engine/lineIndex';
import { caseName, expectJson, fixtureCases, inputFile } from '../support/fixtures';

for (const dir of fixtureCases('lint', (d) => inputFile(d) !== undefined)) {
  test(`lint ${caseName(dir, 'lint')}`, () => {
    const file = inputFile(dir)!;
    const text = readFileSync(file, 'utf8');
    const { analysis, problems: found } = checkText(text, { fileName: path.basename(file) });
    const index = new LineIndex(text);
    const at = (offset: number) => {
      const p = index.positionAt(offset);
      return `${p.line + 1}:${p.character + 1}`;
    };
    const problems = found.map((p) => ({
      code: p.code,
      severity: p.severity,
      range: `${at(p.span.start)}-${at(p.span.end)}`,
      text: text.slice(p.span.start, p.span.end).split(/\r\n?|\n/)[0],
      message: p.message,
      ...(p.related ? { related: p.related.map((r) => `${at(r.span.start)} ${r.message}`) } : {}),
      ...(p.fixes ? { fixes: p.fixes.map((f) => `${f.title}: ${f.edits.map((e) => `${at(e.span.start)}-${at(e.span.end)} → ${e.newText}`).join('; ')}`) } : {}),
    }));
    expectJson(path.join(dir, 'expected.json'), { isContract: analysis.isContract, problems });
  });
}
