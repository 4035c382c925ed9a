// Runs every completion fixture: test/fixtures/completion/<case>/input.* with a <|> cursor → expected.json.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../../server/src/engine/completion';
import { parseYaml } from '../../server/src/engine/parse';
import { caseName, expectJson, fixtureCases, inputFile, withCursor } from '../support/fixtures';

for (const dir of fixtureCases('completion', (d) => inputFile(d) !== undefined)) {
  test(`completion ${caseName(dir, 'completion')}`, () => {
    const { text, offset } = withCursor(readFileSync(inputFile(dir)!, 'utf8'));
    const entries = complete(text, offset).sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
    // with the editor's parse of the text, only the list item around the cursor is parsed again: the same answer
    const fromItem = complete(text, offset, parseYaml(text)).sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
    assert.deepEqual(fromItem, entries, 'completion from the parsed list item differs from a whole parse');
    const replaced = entries[0] ? text.slice(entries[0].replace.start, entries[0].replace.end) : null;
    expectJson(path.join(dir, 'expected.json'), {
      replaces: replaced,
      items: entries.map((e) => (e.kind === 'key' ? `${e.label} (${e.detail})` : e.kind === 'snippet' ? `snippet ${e.label}: ${e.insertText}` : `value ${e.label}`)),
    });
  });
}
