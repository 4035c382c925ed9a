// Runs every CLI fixture: test/fixtures/cli/<case>/args.json, run in a copy of <case>/work → expected.json (exit code, output).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { caseName, expectJson, fixtureCases, REPO_ROOT } from '../support/fixtures';

const CLI = path.join(REPO_ROOT, 'bin', 'streamcontract.js');

for (const dir of fixtureCases('cli', (d) => existsSync(path.join(d, 'args.json')))) {
  test(`cli ${caseName(dir, 'cli')}`, () => {
    const args = JSON.parse(readFileSync(path.join(dir, 'args.json'), 'utf8')) as string[];
    // fixtures keep folders git would not (`_node_modules`); the copy gives them their real names
    const cwd = mkdtempSync(path.join(tmpdir(), 'streamcontract-cli-'));
    const work = path.join(dir, 'work');
    if (existsSync(work)) cpSync(work, cwd, { recursive: true });
    if (existsSync(path.join(cwd, '_node_modules'))) cpSync(path.join(cwd, '_node_modules'), path.join(cwd, 'node_modules'), { recursive: true });
    rmSync(path.join(cwd, '_node_modules'), { recursive: true, force: true });
    const run = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60000 });
    rmSync(cwd, { recursive: true, force: true });
    const stdout = args.some((a) => a === 'json' || a === 'sarif') && run.stdout.trim().startsWith('{') ? JSON.parse(run.stdout) : run.stdout.split('\n');
    expectJson(path.join(dir, 'expected.json'), { exitCode: run.status, stdout, stderr: run.stderr.split('\n') });
  });
}
