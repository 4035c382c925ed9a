// CI never passes because a file is large: a breaking contract padded past the editor's 4 MiB limit still fails `check`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIXTURES, REPO_ROOT } from '../support/fixtures';

const CLI = path.join(REPO_ROOT, 'bin', 'streamcontract.js');

test('a breaking contract padded with 5 MiB of comments is still checked whole and fails', () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'streamcontract-large-'));
  try {
    cpSync(path.join(FIXTURES, 'cli', 'check-breaking', 'work'), cwd, { recursive: true });
    const file = path.join(cwd, 'contracts', 'customers.odcs.yaml');
    const padding = '# padding\n'.repeat(5 * 1024 * 1024 / 10);
    writeFileSync(file, readFileSync(file, 'utf8') + padding);
    const run = spawnSync(process.execPath, [CLI, 'check', 'contracts', '--format', 'json'], { cwd, encoding: 'utf8', timeout: 120000 });
    assert.equal(run.status, 1, run.stderr);
    const codes = (JSON.parse(run.stdout) as { files: { problems: { code: string }[] }[] }).files[0].problems.map((p) => p.code);
    assert.deepEqual(codes, ['version-major-bump-required', 'property-renamed']);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
