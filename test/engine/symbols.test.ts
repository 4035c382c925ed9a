// Runs every outline fixture: test/fixtures/symbols/<case>/input.* → expected.json (the symbol tree).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseYaml } from '../../server/src/engine/parse';
import { LineIndex } from '../../server/src/engine/lineIndex';
import { outline, OutlineSymbol } from '../../server/src/engine/symbols';
import { caseName, expectJson, fixtureCases, inputFile } from '../support/fixtures';

for (const dir of fixtureCases('symbols', (d) => inputFile(d) !== undefined)) {
  test(`symbols ${caseName(dir, 'symbols')}`, () => {
    const text = readFileSync(inputFile(dir)!, 'utf8');
    const index = new LineIndex(text);
    const line = (offset: number) => index.positionAt(offset).line + 1;
    const show = (s: OutlineSymbol): unknown => ({
      [`${s.kind} ${s.name}${s.detail ? ` (${s.detail})` : ''} lines ${line(s.span.start)}-${line(s.span.end)}`]: s.children.map(show),
    });
    expectJson(path.join(dir, 'expected.json'), outline(parseYaml(text)).map(show));
  });
}
