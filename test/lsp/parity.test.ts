// Editor/CI parity: for each workspace in test/fixtures/parity/<case>/, the problems the bundled server publishes for
// every contract and .sql file equal what `streamcontract check --format json` reports, compared as (code, line, column).
// A case's settings.json holds the editor's `streamcontract` settings; `check` gets the flags that say the same.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Diagnostic } from 'vscode-languageserver-protocol/node';
import { caseName, expectJson, fixtureCases, REPO_ROOT } from '../support/fixtures';
import { TestClient } from '../support/lspClient';

const CLI = path.join(REPO_ROOT, 'bin', 'streamcontract.js');
const REGISTRY = 'contract-registry';

interface CliReport {
  files: { path: string; problems: { code: string; range: { start: { line: number; column: number } } }[] }[];
}

/** The workspace's contracts and .sql files, relative and with `/`, outside the registry folder. */
function workspaceFiles(root: string): { contracts: string[]; sources: string[] } {
  const contracts: string[] = [];
  const sources: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const relative = path.relative(root, file).split(path.sep).join('/');
      if (statSync(file).isDirectory()) {
        if (relative !== REGISTRY) walk(file);
      } else if (/\.odcs\.ya?ml$/.test(name)) contracts.push(relative);
      else if (/\.sql$/.test(name)) sources.push(relative);
    }
  };
  walk(root);
  return { contracts, sources };
}

interface EditorSettings {
  compatibility?: string;
  registry?: { kind?: string };
}

/** The `check` flags that mean what the editor settings say. */
function checkFlags(settings: EditorSettings | undefined): string[] {
  return [...(settings?.compatibility ? ['--mode', settings.compatibility] : []), ...(settings?.registry?.kind ? ['--registry-kind', settings.registry.kind] : [])];
}

const show = (code: string, line: number, column: number) => `${line}:${column} ${code}`;
/** In text order: by line, then column, then code. */
const inOrder = (list: string[]) => list.sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || parseInt(a.split(':')[1], 10) - parseInt(b.split(':')[1], 10) || a.localeCompare(b));

for (const dir of fixtureCases('parity', (d) => existsSync(path.join(d, 'expected.json')) || existsSync(path.join(d, 'contracts')))) {
  test(`parity ${caseName(dir, 'parity')}: the editor and \`check\` report the same problems`, async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'streamcontract-parity-'));
    cpSync(dir, workspace, { recursive: true, filter: (src) => !['expected.json', 'settings.json'].includes(path.basename(src)) });
    const settingsFile = path.join(dir, 'settings.json');
    const settings = existsSync(settingsFile) ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as EditorSettings) : undefined;
    const client = new TestClient();
    try {
      const { contracts, sources } = workspaceFiles(workspace);
      await client.start([{ uri: pathToFileURL(workspace).toString(), name: path.basename(dir) }], settings);
      const editor = new Map<string, Diagnostic[]>();
      // contracts first, each until the server says its check is complete (registry listing and sources read)
      for (const file of [...contracts, ...sources]) {
        const uri = pathToFileURL(path.join(workspace, file)).toString();
        await client.open(uri, readFileSync(path.join(workspace, file), 'utf8'), file.endsWith('.sql') ? 'sql' : 'odcs');
        if (file.endsWith('.sql')) {
          editor.set(file, (await client.until(() => client.diagnostics.get(uri)?.at(-1), `diagnostics of ${file}`)).diagnostics);
        } else {
          await client.until(() => client.infos.get(uri)?.find((i) => i.complete), `the complete check of ${file}`);
          editor.set(file, client.diagnostics.get(uri)!.at(-1)!.diagnostics);
        }
      }

      const run = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', ...checkFlags(settings)], { cwd: workspace, encoding: 'utf8', timeout: 60000 });
      assert.ok(run.status === 0 || run.status === 1, `check failed: ${run.stderr}`);
      const report = JSON.parse(run.stdout) as CliReport;
      const cli = new Map(report.files.map((f) => [f.path, inOrder(f.problems.map((p) => show(p.code, p.range.start.line, p.range.start.column)))]));

      const published: Record<string, string[]> = {};
      for (const [file, diagnostics] of editor) {
        published[file] = inOrder(diagnostics.map((d) => show(String(d.code), d.range.start.line + 1, d.range.start.character + 1)));
        const keys = diagnostics.map((d) => JSON.stringify([d.code, d.range, d.message]));
        assert.equal(new Set(keys).size, keys.length, `${file}: the editor published the same diagnostic twice`);
      }
      assert.deepEqual([...cli.keys()].sort(), [...editor.keys()].sort(), 'check and the editor saw different files');
      for (const file of editor.keys()) assert.deepEqual(published[file], cli.get(file), `${file}: the editor and check disagree`);
      // the agreed problems are the expected ones, so that both cannot drift the same way unnoticed
      expectJson(path.join(dir, 'expected.json'), { exitCode: run.status, problems: published });
    } finally {
      await client.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  });
}
