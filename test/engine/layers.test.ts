// The layers hold: the engine is pure and acyclic, shared/ sits on the engine, the client sees only shared/, and the
// yaml library's Document never leaves the engine.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/fixtures';

const FORBIDDEN = /^(vscode|vscode-languageserver.*|vscode-languageclient.*|vscode-jsonrpc.*|(node:)?(fs|fs\/promises|http|https|http2|net|tls|dgram|child_process|worker_threads|cluster))$/;
const SERVER = path.join(REPO_ROOT, 'server', 'src');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.ts') && out.push(path.join(d, e.name))));
  walk(dir);
  return out;
}

/** Every module a file imports: package names as written, relative imports resolved to repository paths. */
function importsOf(file: string): { spec: string; target?: string }[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|require\(|import\()\s*['"]([^'"]+)['"]/g)].map((m) => ({
    spec: m[1],
    target: m[1].startsWith('.') ? path.relative(REPO_ROOT, path.resolve(path.dirname(file), m[1])).split(path.sep).join('/') : undefined,
  }));
}

const rel = (file: string) => path.relative(REPO_ROOT, file).split(path.sep).join('/');

test('engine imports nothing impure', () => {
  const files = sourceFiles(path.join(SERVER, 'engine'));
  assert.ok(files.length > 10, 'engine files not found');
  const offenders = files.flatMap((f) => importsOf(f).filter((i) => FORBIDDEN.test(i.spec)).map((i) => `${rel(f)} imports ${i.spec}`));
  assert.deepEqual(offenders, []);
});

test('engine imports nothing of the project outside itself, and its folders import each other without cycles', () => {
  const outside: string[] = [];
  const edges = new Map<string, Set<string>>();
  const folders = new Set(readdirSync(path.join(SERVER, 'engine'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name));
  for (const file of sourceFiles(path.join(SERVER, 'engine'))) {
    const from = rel(file).split('/')[3];
    for (const i of importsOf(file)) {
      if (!i.target) continue;
      if (!i.target.startsWith('server/src/engine') && !i.target.startsWith('schemas/')) outside.push(`${rel(file)} imports ${i.target}`);
      const to = i.target.split('/')[3];
      // folders only: the engine's top-level files (types, locate, parse, ...) are its base layer
      if (folders.has(from) && folders.has(to) && from !== to) {
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)!.add(to);
      }
    }
  }
  assert.deepEqual(outside, []);
  const cycle = findCycle(edges);
  assert.equal(cycle, undefined, `engine folders import each other in a cycle: ${cycle?.join(' → ')}`);
});

test('shared/ builds on the engine only, and the client reaches the server only through shared/', () => {
  const offenders: string[] = [];
  for (const file of sourceFiles(path.join(SERVER, 'shared'))) {
    for (const i of importsOf(file)) if (i.target && !/^server\/src\/(engine|shared)\//.test(i.target)) offenders.push(`${rel(file)} imports ${i.target}`);
  }
  for (const file of sourceFiles(path.join(REPO_ROOT, 'client'))) {
    for (const i of importsOf(file)) if (i.target?.startsWith('server/') && !i.target.startsWith('server/src/shared/')) offenders.push(`${rel(file)} imports ${i.target}`);
  }
  assert.deepEqual(offenders, []);
});

test("the yaml library's Document stays inside the engine: callers pass analyses, the engine turns paths into spans", () => {
  const offenders: string[] = [];
  const outsideEngine = [...['lsp', 'cli', 'io', 'shared'].flatMap((d) => sourceFiles(path.join(SERVER, d))), path.join(SERVER, 'server.ts'), path.join(SERVER, 'cli.ts'), ...sourceFiles(path.join(REPO_ROOT, 'client'))];
  for (const file of outsideEngine) {
    const text = readFileSync(file, 'utf8');
    if (importsOf(file).some((i) => i.spec === 'yaml')) offenders.push(`${rel(file)} imports yaml`);
    const fromLocate = /import\s*\{([^}]*)\}\s*from\s*['"][./]*\/engine\/locate['"]/.exec(text)?.[1] ?? '';
    if (/\b(spanForPath|locate|ownerSpan|valueSpan|keySpan)\b/.test(fromLocate)) offenders.push(`${rel(file)} locates YAML paths itself`);
    if (/\bparsed[!?]?\.doc\b/.test(text)) offenders.push(`${rel(file)} reads the YAML Document`);
  }
  assert.deepEqual(offenders, []);
});

function findCycle(edges: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'active') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'active');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}
