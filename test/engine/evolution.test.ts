// Runs every evolution fixture through the front door with its registered versions, and applies each quick fix:
// test/fixtures/evolution/<case>/{registered/<version>.odcs.yaml, current.odcs.yaml, args.json} → expected.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkText, CheckSettings, RegistryState } from '../../server/src/engine/check';
import { LineIndex } from '../../server/src/engine/lineIndex';
import { Fix, Problem } from '../../server/src/engine/types';
import { caseName, expectJson, fixtureCases } from '../support/fixtures';

const CURRENT = 'current.odcs.yaml';

function check(text: string, registry: RegistryState, settings: CheckSettings): Problem[] {
  return checkText(text, { fileName: CURRENT, registry, settings }).problems;
}

function apply(text: string, fix: Fix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

for (const dir of fixtureCases('evolution', (d) => existsSync(path.join(d, CURRENT)))) {
  test(`evolution ${caseName(dir, 'evolution')}`, () => {
    const text = readFileSync(path.join(dir, CURRENT), 'utf8');
    const registeredDir = path.join(dir, 'registered');
    const registry: RegistryState = {
      versions: readdirSync(registeredDir).filter((f) => f.endsWith('.odcs.yaml')).sort().map((f) => ({ version: f.replace(/\.odcs\.yaml$/, ''), text: readFileSync(path.join(registeredDir, f), 'utf8'), location: `registered/${f}` })),
      unusable: [],
    };
    const argsFile = path.join(dir, 'args.json');
    const settings: CheckSettings = existsSync(argsFile) ? JSON.parse(readFileSync(argsFile, 'utf8')) : {};
    const index = new LineIndex(text);
    const at = (offset: number) => {
      const p = index.positionAt(offset);
      return `${p.line + 1}:${p.character + 1}`;
    };
    const found = check(text, registry, settings);
    // a problem by its code and the first line of what it underlines: stable when a fix inserts lines above it
    const key = (p: Problem, t: string) => `${p.code} ${t.slice(p.span.start, p.span.end).split(/\r\n?|\n/)[0].trim()}`;
    const before = new Set(found.map((p) => key(p, text)));
    const problems = found.map((p) => ({
      code: p.code,
      severity: p.severity,
      range: `${at(p.span.start)}-${at(p.span.end)}`,
      text: text.slice(p.span.start, p.span.end).split(/\r\n?|\n/)[0],
      message: p.message,
      ...(p.fixes
        ? {
            fixes: p.fixes.map((f) => {
              const fixed = apply(text, f);
              const after = check(fixed, registry, settings);
              const now = new Set(after.map((q) => key(q, fixed)));
              return {
                title: f.title,
                ...(f.command ? { command: f.command.command } : {}),
                edits: f.edits.map((e) => `${at(e.span.start)}-${at(e.span.end)} → ${e.newText}`),
                // what the fix changed: the problems it removed and those it brought
                ...(f.edits.length ? { removes: [...before].filter((k) => !now.has(k)).sort(), adds: [...now].filter((k) => !before.has(k)).sort() } : {}),
              };
            }),
          }
        : {}),
    }));
    expectJson(path.join(dir, 'expected.json'), { problems });
  });
}
