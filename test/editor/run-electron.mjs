/** Runs the editor test suite in desktop VS Code through @vscode/test-electron (downloads VS Code into .vscode-test/). */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { HarnessError, REPO, runMain, writeUserSettings } from '../../scripts/code-server.mjs';

const SUITE = path.join(REPO, 'dist', 'test', 'editor', 'index.js');
// VS Code to test against: `stable` by default, or e.g. VSCODE_VERSION=1.90.0 for the oldest supported release.
const VERSION = process.env.VSCODE_VERSION || 'stable';

async function main() {
  for (const file of ['client.js', 'server.js', path.join('test', 'editor', 'index.js')]) {
    if (!existsSync(path.join(REPO, 'dist', file))) throw new HarnessError(`dist/${file} is missing: run \`npm run build\` first`);
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new HarnessError('desktop VS Code needs a display; run under `xvfb-run -a` (apt-get install -y xvfb)');
  }
  // The same workspace as the code-server runner: the examples plus the test fixtures.
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'streamcontract-editor-'));
  if (existsSync(path.join(REPO, 'examples'))) cpSync(path.join(REPO, 'examples'), workspace, { recursive: true });
  cpSync(path.join(REPO, 'test', 'editor', 'workspace'), workspace, { recursive: true });
  const profile = path.join(REPO, '.vscode-test', 'editor-profile');
  rmSync(profile, { recursive: true, force: true });
  const userDataDir = path.join(profile, 'user-data');
  writeUserSettings(userDataDir);
  try {
    const code = await runTests({
      version: VERSION,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: SUITE,
      launchArgs: [
        workspace,
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${path.join(profile, 'extensions')}`, // empty: only the extension under development runs
        '--disable-extensions',
        '--disable-telemetry',
      ],
    });
    return code === 0 ? 0 : 1;
  } catch (err) {
    // runTests rejects when VS Code cannot be downloaded or exits non-zero (a failing test).
    console.error(`editor tests (desktop VS Code ${VERSION}): ${err?.message ?? err}`);
    return 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

runMain('editor tests', main);
