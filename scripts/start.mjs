/** `npm start`: builds the extension and opens the examples in VS Code in the browser (code-server) with it installed. */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  CACHE_ROOT, HarnessError, REPO, ensureCodeServer, onSignals, runMain,
  startCodeServer, workbenchUrl,
} from './code-server.mjs';
import { installExtension, packageExtension } from './extension-package.mjs';

const USAGE = `usage: npm start [-- <folder>]
  Builds the extension, installs it into a private code-server (VS Code in the browser) under .cache/
  and serves <folder> (default: examples/) on http://127.0.0.1:$PORT (default 8080, or a free port).
  Stop with Ctrl-C.`;

const log = (message) => console.log(`[start] ${message}`);

function build() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, stdio: 'inherit' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', (err) => { clearTimeout(timer); reject(new HarnessError(`could not run the build: ${err.message}`)); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new HarnessError(`the build failed (${signal ?? `exit ${code}`}); see the errors above`));
    });
  });
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('-h') || args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const folder = path.resolve(args[0] ?? path.join(REPO, 'examples'));
  if (!existsSync(folder)) throw new HarnessError(`folder not found: ${folder}`);

  let server;
  onSignals(async () => {
    log('stopping');
    await server?.stop();
  });

  log('building');
  await build();
  await ensureCodeServer({ log });
  const { vsix } = await packageExtension({ log });
  // A private profile: its own settings and only this extension; UI state survives restarts.
  const profile = path.join(CACHE_ROOT, 'profiles', 'start');
  const userDataDir = path.join(profile, 'user-data');
  const extensionsDir = path.join(profile, 'extensions');
  rmSync(extensionsDir, { recursive: true, force: true });
  await installExtension(vsix, { extensionsDir, userDataDir });

  const wanted = Number(process.env.PORT || 8080);
  server = await startCodeServer({ port: wanted, userDataDir, extensionsDir, workspace: folder });
  if (server.port !== wanted) log(`port ${wanted} is taken; using ${server.port}`);
  console.log('');
  console.log(`  streamcontract is running in VS Code at ${workbenchUrl(server.url, folder)}`);
  console.log(`  (code-server log: ${path.relative(process.cwd(), server.logFile)}; Ctrl-C to stop)`);
  console.log('');
  const how = await server.exited;
  await server.stop();
  throw new HarnessError(`code-server stopped unexpectedly (${how}); see ${server.logFile}`);
}

runMain('start', main);
