// The engine stays pure: no editor, file-system, network or process imports anywhere under server/src/engine.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/fixtures';

const FORBIDDEN = /^(vscode|vscode-languageserver.*|vscode-languageclient.*|vscode-jsonrpc.*|(node:)?(fs|fs\/promises|http|https|http2|net|tls|dgram|child_process|worker_threads|cluster))$/;

test('engine imports nothing impure', () => {
  const root = path.join(REPO_ROOT, 'server', 'src', 'engine');
  const files: string[] = [];
  const walk = (dir: string) => readdirSync(dir, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') && files.push(path.join(dir, e.name))));
  walk(root);
  assert.ok(files.length > 10, 'engine files not found');
  const offenders: string[] = [];
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from\s+|require\(|import\()\s*['"]([^'"]+)['"]/g)) {
      if (FORBIDDEN.test(m[1])) offenders.push(`${path.relative(REPO_ROOT, file)} imports ${m[1]}`);
    }
  }
  assert.deepEqual(offenders, []);
});
