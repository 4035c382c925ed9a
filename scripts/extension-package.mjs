/** Packages the extension as a .vsix and installs it into a private code-server profile, as users receive it. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { CACHE_ROOT, cleanEnv, ensureCodeServer, HarnessError, killGroup, REPO, runtimeDirs } from './code-server.mjs';

/** Runs a command to completion with a time limit; resolves { code, output }. */
function runBounded(cmd, args, { cwd, env, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => { killGroup(child.pid, 'SIGKILL'); output += `\n(timed out after ${timeoutMs / 1000} s)`; }, timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); resolve({ code: -1, output: err.message }); });
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code: code ?? -1, output }); });
  });
}

const lastLine = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? '';

/** Packages the built extension as a .vsix, the way users receive it (what goes in is decided by .vscodeignore). */
export async function packageExtension({ log = () => {} } = {}) {
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`;
  for (const file of ['client.js', 'server.js']) {
    if (!existsSync(path.join(REPO, 'dist', file))) throw new HarnessError(`dist/${file} is missing: run \`npm run build\` first`);
  }
  const vsce = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!existsSync(vsce)) throw new HarnessError('@vscode/vsce is not installed: run `npm ci`');
  const out = path.join(CACHE_ROOT, 'vsix', `${id}-${manifest.version}.vsix`);
  mkdirSync(path.dirname(out), { recursive: true });
  rmSync(out, { force: true });
  const args = [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--skip-license', '-o', out];
  const { code, output } = await runBounded(process.execPath, args, { cwd: REPO, env: cleanEnv(process.env), timeoutMs: 120_000 });
  if (code !== 0 || !existsSync(out)) throw new HarnessError(`packaging the extension failed: ${lastLine(output)}`);
  const sizeMb = statSync(out).size / 1e6;
  if (sizeMb > 25) throw new HarnessError(`the packaged extension is ${sizeMb.toFixed(0)} MB: .vscodeignore lets build caches or sources in`);
  log(`packaged ${path.relative(REPO, out)} (${(sizeMb * 1000).toFixed(0)} KB)`);
  return { vsix: out, id, version: manifest.version };
}

/** Installs a .vsix into an extensions dir with code-server's own installer (replacing an older copy). */
export async function installExtension(vsix, { extensionsDir, userDataDir }) {
  const { entry } = await ensureCodeServer();
  const dirs = runtimeDirs();
  mkdirSync(extensionsDir, { recursive: true });
  const { code, output } = await runBounded(process.execPath, [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
    '--install-extension', vsix, '--force'], {
    env: { ...cleanEnv(process.env), XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, TMPDIR: dirs.tmp },
    timeoutMs: 120_000,
  });
  if (code !== 0 || !/successfully installed/i.test(output)) throw new HarnessError(`installing ${path.basename(vsix)} into code-server failed: ${lastLine(output)}`);
}
