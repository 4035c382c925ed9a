// Runs every hover fixture: test/fixtures/hover/<case>/input.* with a <|> cursor → expected.md (or no hover).
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hover } from '../../server/src/engine/hover';
import { caseName, fixtureCases, inputFile, UPDATE, withCursor } from '../support/fixtures';

for (const dir of fixtureCases('hover', (d) => inputFile(d) !== undefined)) {
  test(`hover ${caseName(dir, 'hover')}`, () => {
    const { text, offset } = withCursor(readFileSync(inputFile(dir)!, 'utf8'));
    const result = hover(text, offset);
    const actual = result ? `${result.markdown}\n\n<!-- span: ${text.slice(result.span.start, result.span.end)} -->\n` : '(no hover)\n';
    const expectedFile = path.join(dir, 'expected.md');
    if (UPDATE) {
      if (existsSync(expectedFile)) unlinkSync(expectedFile);
      writeFileSync(expectedFile, actual);
      return;
    }
    assert.equal(actual, readFileSync(expectedFile, 'utf8'));
  });
}
