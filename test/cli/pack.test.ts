// The npm package works outside the repository: `npm pack`, installed offline in an empty folder, runs with `npx streamcontract` as the CLI fixtures expect.
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FIXTURES, REPO_ROOT } from '../support/fixtures';

/** What the package may hold: the launcher, the CLI's chunks, the problem docs, and what npm always adds. */
const SHIPPED = /^(package\.json|README\.md|LICENSE|bin\/streamcontract\.js|dist\/cli\/(chunks\/)?[\w-]+\.mjs|dist\/validators\.js|docs\/(problems|rules)\.md)$/;
/** CLI fixtures run again through the installed package: the same arguments give the same exit code and output. */
const CASES = ['help', 'clean', 'text-errors', 'lint-github', 'diff-github-breaking'];

const scratch = mkdtempSync(path.join(tmpdir(), 'streamcontract-pack-'));
const app = path.join(scratch, 'app');
let packed: { filename: string; files: { path: string }[] };

// `npm test` passes its own settings down as npm_* variables (the project folder among them); the package is
// installed as a user would, with the user's npm settings only
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
const npm = (args: string[], cwd: string): SpawnSyncReturns<string> => spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
const shown = (run: SpawnSyncReturns<string>) => `exit ${run.status}${run.error ? ` (${run.error.message})` : ''}\n${run.stdout}\n${run.stderr}`;

before(() => {
  assert.ok(existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'cli.mjs')), 'dist/cli is missing: run `npm run build` first');
  // scripts are left out: `prepack` would rebuild dist/ while other tests run the CLI from it
  const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], REPO_ROOT);
  assert.equal(pack.status, 0, shown(pack));
  packed = (JSON.parse(pack.stdout) as (typeof packed)[])[0];
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'uses-streamcontract', private: true }));
  // offline: the package has no dependencies (the CLI is bundled), so nothing needs the registry
  const install = npm(['install', '--no-audit', '--no-fund', '--offline', path.join(scratch, packed.filename)], app);
  assert.equal(install.status, 0, shown(install));
});

after(() => rmSync(scratch, { recursive: true, force: true }));

test('the package holds the launcher, the CLI chunks, the precompiled validators and the docs, and nothing else', () => {
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files.filter((f) => !SHIPPED.test(f)), []);
  for (const needed of ['bin/streamcontract.js', 'dist/cli/cli.mjs', 'dist/validators.js', 'README.md', 'LICENSE']) assert.ok(files.includes(needed), `${needed} is not in the package`);
  assert.ok(files.some((f) => f.startsWith('dist/cli/chunks/lint-')), 'the lint chunk is not in the package');
});

test('installing it brings no dependencies', () => {
  const installed = readdirSync(path.join(app, 'node_modules')).filter((name) => !name.startsWith('.'));
  assert.deepEqual(installed, ['streamcontract']);
  const manifest = JSON.parse(readFileSync(path.join(app, 'node_modules', 'streamcontract', 'package.json'), 'utf8')) as { dependencies?: object };
  assert.equal(manifest.dependencies, undefined);
});

for (const name of CASES) {
  test(`npx streamcontract runs the cli fixture ${name} as the repository's CLI does`, () => {
    const dir = path.join(FIXTURES, 'cli', name);
    const args = JSON.parse(readFileSync(path.join(dir, 'args.json'), 'utf8')) as string[];
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { exitCode: number; stdout: string[]; stderr: string[] };
    const cwd = path.join(app, 'cases', name);
    mkdirSync(cwd, { recursive: true });
    if (existsSync(path.join(dir, 'work'))) cpSync(path.join(dir, 'work'), cwd, { recursive: true });
    // as a user types it; `yes=false` and `offline` keep npx from fetching a package of that name from the registry
    const run = spawnSync('npx', ['streamcontract', ...args], { cwd, env: { ...env, npm_config_yes: 'false', npm_config_offline: 'true' }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, expected.exitCode, shown(run));
    assert.deepEqual(run.stdout.split('\n'), expected.stdout);
    assert.deepEqual(run.stderr.split('\n'), expected.stderr);
  });
}
