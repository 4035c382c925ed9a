// No regular expression of the server can backtrack super-linearly: a static check over every literal, every RegExp built at run time and every meta-schema pattern.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ts from 'typescript';
import { expectJson, FIXTURES, REPO_ROOT } from '../support/fixtures';
import { findRedos } from '../support/redos';

const SOURCE_ROOT = path.join(REPO_ROOT, 'server', 'src');

/** Unsafe literals tolerated for now (none): an entry that no longer matches a literal fails the test, so the list only shrinks. */
const KNOWN_UNSAFE: readonly string[] = [];

/** Each RegExp built at run time, with the shapes its pattern takes (names are escaped literals). */
const DYNAMIC: Readonly<Record<string, readonly { pattern: string; flags: string }[]>> = {
  'engine/schemaNav.ts': metaSchemaPatterns().map((pattern) => ({ pattern, flags: 'u' })),
  'engine/lineage/problems.ts': ['order_id', 'a b', 'x ', ' x', 'weird.name'].flatMap((name) => [
    { pattern: `${escapeLiteral(name)}(?![\\w])`, flags: 'i' },
    { pattern: `(^|[^\\w])\`?${escapeLiteral(name)}\`?\\s+IS\\s+NOT\\s+NULL\\b`, flags: 'i' },
  ]),
};

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function metaSchemaPatterns(): string[] {
  const out = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'pattern' && typeof value === 'string') out.add(value);
        if (key === 'patternProperties' && value && typeof value === 'object') for (const p of Object.keys(value)) out.add(p);
        walk(value);
      }
    }
  };
  const dir = path.join(REPO_ROOT, 'schemas');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) walk(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
  return [...out].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    // generated/ holds the meta-schemas' validators, whose patterns are the meta-schema patterns checked below
    if (name === 'generated') return [];
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** Every regular expression literal and every `new RegExp(...)` of the server's source. */
function regexesOfSource(): { literals: { where: string; file: string; source: string; flags: string }[]; dynamic: string[] } {
  const literals: { where: string; file: string; source: string; flags: string }[] = [];
  const dynamic: string[] = [];
  for (const full of sourceFiles(SOURCE_ROOT)) {
    const file = path.relative(SOURCE_ROOT, full).split(path.sep).join('/');
    const sf = ts.createSourceFile(full, readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const slash = text.lastIndexOf('/');
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        literals.push({ where: `${file}:${line}`, file, source: text.slice(1, slash), flags: text.slice(slash + 1) });
      }
      if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.expression.getText(sf) === 'RegExp') dynamic.push(file);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { literals, dynamic };
}

test('the checker finds the known dangerous shapes and passes their safe rewrites', () => {
  const dir = path.join(FIXTURES, 'redos', 'known-shapes');
  const cases = JSON.parse(readFileSync(path.join(dir, 'input.json'), 'utf8')) as { pattern: string; flags: string }[];
  expectJson(
    path.join(dir, 'expected.json'),
    cases.map(({ pattern, flags }) => ({ regex: `/${pattern}/${flags}`, verdict: findRedos(pattern, flags)?.kind ?? 'linear' })),
  );
});

test('no regular expression literal of server/src can backtrack super-linearly', () => {
  const { literals } = regexesOfSource();
  assert.ok(literals.length > 100, `only ${literals.length} literals found`);
  const unsafe: string[] = [];
  const known = new Set<string>();
  for (const { where, file, source, flags } of literals) {
    const finding = findRedos(source, flags);
    if (!finding) continue;
    const key = `${file} /${source}/${flags}`;
    if (KNOWN_UNSAFE.includes(key)) known.add(key);
    else unsafe.push(`${where} /${source}/${flags}: ${finding.kind} on repeated ${JSON.stringify(finding.pump)}`);
  }
  assert.deepEqual(unsafe, [], 'rewrite these with a linear scan or a pattern whose repeated parts cannot read the same text');
  assert.deepEqual(KNOWN_UNSAFE.filter((k) => !known.has(k)), [], 'these were made safe: remove them from KNOWN_UNSAFE');
});

test('every RegExp built at run time is listed with its shapes, and none of them can backtrack super-linearly', () => {
  const { dynamic } = regexesOfSource();
  assert.deepEqual([...new Set(dynamic)].sort(), Object.keys(DYNAMIC).sort(), 'list each file that builds a RegExp in DYNAMIC, with the patterns it builds');
  for (const [file, shapes] of Object.entries(DYNAMIC)) {
    assert.ok(shapes.length > 0, file);
    for (const { pattern, flags } of shapes) assert.equal(findRedos(pattern, flags), null, `${file}: /${pattern}/${flags}`);
  }
});
