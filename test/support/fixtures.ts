// Shared helpers for data-driven tests: list fixture folders, compare with expected files, regenerate them.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/engine/lineIndex';
import { Span } from '../../server/src/engine/types';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

/** True when expectations should be rewritten from the actual output (`UPDATE_EXPECT=1 npm test`). */
export const UPDATE = process.env.UPDATE_EXPECT === '1';

/** Each sub-folder of `test/fixtures/<feature>` (recursively, where it holds an input file) is one case. */
export function fixtureCases(feature: string, isCase: (dir: string) => boolean): string[] {
  const root = path.join(FIXTURES, feature);
  const out: string[] = [];
  const walk = (dir: string) => {
    if (isCase(dir)) out.push(dir);
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) walk(path.join(dir, entry.name));
  };
  if (existsSync(root)) walk(root);
  return out.sort();
}

/** The single input file of a case: the one named `input.*` (or the only `*.yaml`/`*.yml`). */
export function inputFile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((f) => /^input\./.test(f));
  return files.length === 1 ? path.join(dir, files[0]) : undefined;
}

export function caseName(dir: string, feature: string): string {
  return path.relative(path.join(FIXTURES, feature), dir).split(path.sep).join('/');
}

/** Compares `actual` with the JSON in `file`, or writes it there when regenerating. */
export function expectJson(file: string, actual: unknown): void {
  const text = JSON.stringify(actual, null, 2) + '\n';
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) assert.fail(`missing ${path.relative(REPO_ROOT, file)}; run with UPDATE_EXPECT=1 to create it from:\n${text}`);
    writeFileSync(file, text);
    return;
  }
  assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
}

/** Replaces the cursor marker `<|>` and returns the text without it and the marker's offset. */
export function withCursor(text: string): { text: string; offset: number } {
  const offset = text.indexOf('<|>');
  assert.ok(offset >= 0, 'fixture has no <|> cursor marker');
  return { text: text.slice(0, offset) + text.slice(offset + 3), offset };
}

/** `L:C-L:C text`, 1-based, with the first line of the underlined text: how fixtures show a range. */
export function showSpan(text: string, span: Span | null): string | null {
  if (!span) return null;
  const index = new LineIndex(text);
  const pos = (offset: number) => {
    const p = index.positionAt(offset);
    return `${p.line + 1}:${p.character + 1}`;
  };
  return `${pos(span.start)}-${pos(span.end)} ${text.slice(span.start, span.end).split(/\r?\n/)[0]}`;
}
