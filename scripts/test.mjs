// Runs the whole test suite: engine fixtures, LSP round trips, CLI, conformance, grammar, then the editor tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);
const groups = ['engine', 'lsp', 'cli', 'registry', 'conformance', 'grammar'];
const files = groups
  .filter((g) => only.length === 0 || only.includes(g))
  .flatMap((g) => {
    const dir = path.join(root, 'test', g);
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => path.join('test', g, f)) : [];
  });

let passed = 0;
let failed = 0;
/** Checks that did not run, said in the summary line. */
const notRun = [];
if (files.length) {
  mkdirSync(path.join(root, 'test-results'), { recursive: true });
  const tap = path.join(root, 'test-results', 'unit.tap');
  const unit = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
    { cwd: root, stdio: 'inherit' },
  );
  const report = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  passed += Number(/^# pass (\d+)/m.exec(report)?.[1] ?? 0);
  failed += Number(/^# fail (\d+)/m.exec(report)?.[1] ?? 0) + Number(/^# cancelled (\d+)/m.exec(report)?.[1] ?? 0);
  if (unit.status !== 0 && failed === 0) failed++; // the runner itself failed
  // a check that could not run counts neither way, and the summary says so (test/conformance/conformance.test.ts)
  notRun.push(...[...report.matchAll(/^# (ODCS conformance not run: .*)$/gm)].map((m) => m[1]));
  // skipped tests and suites (a suite's skip is not in the runner's own count)
  const skipped = [...report.matchAll(/^\s*ok \d+ - (.*?) # (?:SKIP|TODO)\b/gm)].map((m) => m[1]);
  if (skipped.length) notRun.push(`skipped: ${skipped.join('; ')}`);
  console.log(`unit: ${passed} passed, ${failed} failed`);
}

const wantsEditor = only.length === 0 || only.includes('editor');
if (wantsEditor && existsSync(path.join(root, 'scripts', 'editor-tests.mjs'))) {
  const editor = spawnSync(process.execPath, [path.join(root, 'scripts', 'editor-tests.mjs')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(editor.stdout);
  const line = /^editor: (\d+) passed, (\d+) failed$/m.exec(editor.stdout);
  passed += Number(line?.[1] ?? 0);
  failed += Number(line?.[2] ?? 0);
  if (editor.status !== 0 && !Number(line?.[2])) failed++;
}

console.log(`total: ${passed} passed, ${failed} failed${notRun.map((reason) => ` (${reason})`).join('')}`);
process.exit(failed > 0 ? 1 : 0);
