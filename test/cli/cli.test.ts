// Runs every CLI fixture: test/fixtures/cli/<case>/args.json, run in <case>/work → expected.json (exit code, output).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { caseName, expectJson, fixtureCases, REPO_ROOT } from '../support/fixtures';

const CLI = path.join(REPO_ROOT, 'bin', 'streamcontract.js');

for (const dir of fixtureCases('cli', (d) => existsSync(path.join(d, 'args.json')))) {
  test(`cli ${caseName(dir, 'cli')}`, () => {
    const args = JSON.parse(readFileSync(path.join(dir, 'args.json'), 'utf8')) as string[];
    const cwd = path.join(dir, 'work');
    mkdirSync(cwd, { recursive: true });
    const run = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60000 });
    const stdout = args.some((a) => a === 'json' || a === 'sarif') && run.stdout.trim().startsWith('{') ? JSON.parse(run.stdout) : run.stdout.split('\n');
    expectJson(path.join(dir, 'expected.json'), { exitCode: run.status, stdout, stderr: run.stderr.split('\n') });
  });
}
