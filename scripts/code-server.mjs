/** Installs, starts and stops code-server (VS Code in the browser) and Chromium for `npm start` and the editor tests. */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync, createWriteStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync,
  rmSync, statSync, writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptLine, HarnessError, nodeHeadersDir, requireInstallPrerequisites } from './prerequisites.mjs';

export { CHROMIUM, HarnessError, requireChromium } from './prerequisites.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The newest code-server whose install scripts accept Node 20 (it bundles VS Code 1.100.3). */
export const CODE_SERVER_VERSION = '4.100.3';
export const CACHE_ROOT = path.join(REPO, '.cache', 'code-server');
export const INSTALL_DIR = path.join(CACHE_ROOT, CODE_SERVER_VERSION);
export const CODE_SERVER_ENTRY = path.join(INSTALL_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
/** Environment variable that tags every process a harness run starts (checked for leftovers at the end). */
export const RUN_MARKER_VAR = 'STREAMCONTRACT_EDITOR_RUN';

const MARKER = path.join(INSTALL_DIR, '.installed');
const INSTALL_LOG = path.join(CACHE_ROOT, `install-${CODE_SERVER_VERSION}.log`);
const LOCK = path.join(CACHE_ROOT, `install-${CODE_SERVER_VERSION}.lock`);
const INSTALL_TIMEOUT_MS = 15 * 60_000;
// code-server's pinned @vscode/ripgrep downloads this release in its postinstall unless its download cache has it.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_RELEASE = 'v13.0.0-10';

/** User settings for a quiet, offline workbench: no welcome page, no AI panel, no telemetry or update checks. */
export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'remote.autoForwardPorts': false,
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function pidAlive(pid) {
  try { process.kill(pid, 0); return true; } catch (err) { return err.code === 'EPERM'; }
}

/** Serialises installs between concurrent runs; a lock left by a dead process is taken over. */
async function withInstallLock(fn) {
  mkdirSync(CACHE_ROOT, { recursive: true });
  const deadline = Date.now() + INSTALL_TIMEOUT_MS;
  for (;;) {
    try {
      const fd = openSync(LOCK, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(LOCK, 'utf8').trim() || 0);
      if (!owner || !pidAlive(owner)) { rmSync(LOCK, { force: true }); continue; }
      if (Date.now() > deadline) throw new HarnessError(`another process (pid ${owner}) has been installing code-server for too long; remove ${LOCK} if it is gone`);
      await sleep(1000);
    }
  }
  try { return await fn(); } finally { rmSync(LOCK, { force: true }); }
}

function installed() {
  return existsSync(MARKER) && existsSync(CODE_SERVER_ENTRY);
}

/** Seeds @vscode/ripgrep's download cache with the system rg, so its postinstall needs no download. */
function seedRipgrepCache(tmpDir) {
  const target = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[process.arch];
  if (!target) return;
  const cache = path.join(tmpDir, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const stage = path.join(cache, 'stage');
  mkdirSync(stage, { recursive: true });
  const rg = (process.env.PATH || '').split(path.delimiter).map((d) => path.join(d, 'rg')).find((p) => existsSync(p));
  writeFileSync(path.join(stage, 'rg'), readFileSync(rg), { mode: 0o755 });
  execFileSync('tar', ['czf', path.join(cache, `ripgrep-${RIPGREP_RELEASE}-${target}.tar.gz`), '-C', stage, 'rg']);
}

/** The cause of a failed install as one line, read from the end of npm's log (earlier lines hold harmless fallbacks). */
function explainInstallFailure(logText, exit) {
  const where = `see ${path.relative(process.cwd(), INSTALL_LOG) || INSTALL_LOG}`;
  const tail = logText.split('\n').slice(-80).join('\n');
  if (/gssapi\.h|gssapi_krb5/.test(tail)) return aptLine(`code-server install failed: Kerberos headers are missing (${where})`, ['libkrb5-dev']);
  if (/make: not found|g\+\+: not found|not found: make|Could not find any Python/i.test(tail)) {
    return aptLine(`code-server install failed: no C++ toolchain for native modules (${where})`, ['build-essential', 'python3']);
  }
  if (/ripgrep/i.test(tail) && /postinstall/.test(tail)) return `code-server install failed setting up ripgrep from the system rg (${where})`;
  if (/npm error (code|errno) (ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET)/.test(tail)) {
    return `code-server install failed: the package registry is not reachable (${where})`;
  }
  if (/gyp ERR!/.test(tail)) return `code-server install failed compiling a native module (${where})`;
  return `code-server ${CODE_SERVER_VERSION} install failed (${exit}); ${where}`;
}

function runInstall(env) {
  return new Promise((resolve) => {
    const log = createWriteStream(INSTALL_LOG);
    const npmCli = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath) ? process.env.npm_execpath : null;
    const [cmd, args] = npmCli ? [process.execPath, [npmCli]] : ['npm', []];
    const child = spawn(cmd, [...args, 'install', `code-server@${CODE_SERVER_VERSION}`, '--prefix', INSTALL_DIR,
      '--foreground-scripts', '--no-audit', '--no-fund', '--no-save'], { cwd: INSTALL_DIR, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const timer = setTimeout(() => { killGroup(child.pid, 'SIGKILL'); }, INSTALL_TIMEOUT_MS);
    const killOnExit = () => killGroup(child.pid, 'SIGKILL');
    process.once('exit', killOnExit);
    child.on('error', (err) => { clearTimeout(timer); log.end(); resolve(`could not run npm (${err.message})`); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      process.removeListener('exit', killOnExit);
      log.end(() => resolve(code === 0 ? null : signal ? `killed by ${signal}` : `npm exit ${code}`));
    });
  });
}

/**
 * Installs code-server into .cache/code-server/<version>/ on first use and returns the entry script.
 * The install is redone when the marker written after a verified install is missing.
 */
export async function ensureCodeServer({ log = () => {} } = {}) {
  if (installed()) return { entry: CODE_SERVER_ENTRY, installedNow: false };
  return withInstallLock(async () => {
    if (installed()) return { entry: CODE_SERVER_ENTRY, installedNow: false };
    requireInstallPrerequisites(CODE_SERVER_VERSION);
    const started = Date.now();
    log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(REPO, INSTALL_DIR)} (first run only, about a minute)`);
    rmSync(INSTALL_DIR, { recursive: true, force: true });
    const tmpDir = path.join(INSTALL_DIR, '.tmp');
    mkdirSync(tmpDir, { recursive: true });
    writeFileSync(path.join(INSTALL_DIR, 'package.json'), `${JSON.stringify({ name: 'code-server-cache', private: true }, null, 2)}\n`);
    seedRipgrepCache(tmpDir);
    const env = {
      ...process.env,
      TMPDIR: tmpDir,
      npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root otherwise
      npm_config_yes: 'true', // a dependency's postinstall runs npx
      npm_config_ignore_scripts: 'false',
      npm_config_strict_allow_scripts: 'false',
      npm_config_update_notifier: 'false',
    };
    const headers = nodeHeadersDir();
    if (headers) env.npm_config_nodedir = headers;
    else delete env.npm_config_nodedir;
    const failure = await runInstall(env);
    if (failure) throw new HarnessError(explainInstallFailure(readFileSync(INSTALL_LOG, 'utf8'), failure));
    let version = '';
    try {
      const dirs = runtimeDirs();
      version = execFileSync(process.execPath, [CODE_SERVER_ENTRY, '--version'], {
        encoding: 'utf8', timeout: 60_000,
        env: { ...cleanEnv(process.env), XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, TMPDIR: dirs.tmp },
      });
    } catch (err) {
      throw new HarnessError(`code-server was installed but does not run (${String(err.message).split('\n')[0]}); see ${INSTALL_LOG}`);
    }
    const reported = version.split('\n').find((line) => /^\d+\.\d+\.\d+ /.test(line)) ?? version.trim();
    if (!reported.startsWith(CODE_SERVER_VERSION)) throw new HarnessError(`code-server reports version ${reported}, expected ${CODE_SERVER_VERSION}`);
    rmSync(tmpDir, { recursive: true, force: true });
    writeFileSync(MARKER, `${CODE_SERVER_VERSION} installed ${new Date().toISOString()}\n`);
    log(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return { entry: CODE_SERVER_ENTRY, installedNow: true };
  });
}

/** Returns `preferred` when it can be bound on 127.0.0.1, else a free port chosen by the system. */
export async function freePort(preferred) {
  const tryListen = (port) => new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(null));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const { port: bound } = server.address();
      server.close(() => resolve(bound));
    });
  });
  if (preferred) {
    const port = await tryListen(Number(preferred));
    if (port) return port;
  }
  const port = await tryListen(0);
  if (!port) throw new HarnessError('no free TCP port on 127.0.0.1');
  return port;
}

/** The environment without variables that would make code-server talk to an enclosing VS Code or Electron. */
export function cleanEnv(env) {
  const out = {};
  for (const [key, value] of Object.entries(env)) {
    if (/^(VSCODE_|ELECTRON_)/.test(key) || key === 'NODE_OPTIONS') continue;
    out[key] = value;
  }
  return out;
}

/** Processes (not zombies) whose process group is `pgid`, read from /proc. */
export function groupMembers(pgid) {
  const members = [];
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(entry);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z') members.push(Number(entry));
  }
  return members;
}

function safeReaddir(dir) {
  try { return readdirSync(dir); } catch { return []; }
}

function procStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], ppid: Number(fields[1]), pgrp: Number(fields[2]) };
  } catch { return null; }
}

export function killGroup(pgid, signal) {
  try { process.kill(-pgid, signal); } catch { /* already gone */ }
}

/** Ends a process group: SIGTERM, then SIGKILL when it has not gone within `graceMs`. Resolves when it is gone. */
export async function stopGroup(pgid, { graceMs = 5000 } = {}) {
  const gone = async (ms) => {
    for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (!groupMembers(pgid).length) return true;
    return !groupMembers(pgid).length;
  };
  if (!groupMembers(pgid).length) return true;
  killGroup(pgid, 'SIGTERM');
  if (await gone(graceMs)) return true;
  killGroup(pgid, 'SIGKILL');
  return gone(3000);
}

/** Removes what interrupted runs left in a scratch folder (entries untouched for over two hours). */
export function pruneStale(dir, maxAgeMs = 2 * 3600_000) {
  for (const entry of safeReaddir(dir)) {
    const full = path.join(dir, entry);
    try {
      if (Date.now() - statSync(full).mtimeMs > maxAgeMs) rmSync(full, { recursive: true, force: true });
    } catch { /* gone meanwhile */ }
  }
}

/** Directories for code-server's own config, data and temporary files, kept out of the home folder. */
export function runtimeDirs() {
  // code-server and VS Code put Unix sockets here, and a socket path must stay under ~100 characters:
  // a repository deep in the file system gets a short directory in the system temp folder instead.
  let base = path.join(CACHE_ROOT, 'home');
  if (base.length > 45) base = path.join(os.tmpdir(), `streamcontract-cs-${createHash('sha1').update(REPO).digest('hex').slice(0, 8)}`);
  const dirs = { config: path.join(base, 'config'), data: path.join(base, 'data'), tmp: path.join(base, 'tmp') };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return dirs;
}

/** Writes the quiet-workbench settings into a user data dir, keeping any other settings already there. */
export function writeUserSettings(userDataDir, extra = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  mkdirSync(path.dirname(file), { recursive: true });
  let current = {};
  try { current = JSON.parse(readFileSync(file, 'utf8')); } catch { /* new or unreadable: replaced */ }
  writeFileSync(file, `${JSON.stringify({ ...current, ...USER_SETTINGS, ...extra }, null, 2)}\n`);
}

/**
 * Starts code-server on 127.0.0.1 in its own process group and waits until it serves.
 * Returns { url, port, pid, logFile, output(), exited, stop() }: `exited` resolves when code-server ends by itself;
 * stop() ends the whole process group (extension host and language server too).
 */
export async function startCodeServer({
  port, userDataDir, extensionsDir, workspace, env = {}, settings = {}, logFile, startTimeoutMs = 90_000,
} = {}) {
  const { entry } = await ensureCodeServer();
  const bindPort = await freePort(port);
  userDataDir ??= path.join(CACHE_ROOT, 'profiles', 'default', 'user-data');
  extensionsDir ??= path.join(CACHE_ROOT, 'profiles', 'default', 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, settings);
  const configFile = path.join(userDataDir, 'config.yaml');
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${bindPort}\nauth: none\ncert: false\n`);
  logFile ??= path.join(CACHE_ROOT, 'logs', `code-server-${bindPort}.log`);
  mkdirSync(path.dirname(logFile), { recursive: true });
  const dirs = runtimeDirs();
  const args = [entry, '--config', configFile, '--bind-addr', `127.0.0.1:${bindPort}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (workspace) args.push(workspace);
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...cleanEnv(process.env),
      EXTENSIONS_GALLERY: '{}', // no marketplace: nothing to reach, no recommendations
      ...env,
      XDG_CONFIG_HOME: dirs.config,
      XDG_DATA_HOME: dirs.data,
      TMPDIR: dirs.tmp,
    },
  });
  const pgid = child.pid;
  const logStream = createWriteStream(logFile);
  const tail = [];
  const collect = (chunk) => {
    logStream.write(chunk);
    for (const line of String(chunk).split('\n')) if (line.trim()) tail.push(line);
    if (tail.length > 200) tail.splice(0, tail.length - 200);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = null;
  let reportExit;
  const exitedPromise = new Promise((resolve) => { reportExit = resolve; });
  child.on('exit', (code, signal) => { exited = signal || `exit ${code}`; reportExit(exited); });
  child.on('error', (err) => { exited = err.message; reportExit(exited); });
  // If this process dies without calling stop(), do not leave the workbench server behind.
  const killOnExit = () => killGroup(pgid, 'SIGKILL');
  process.on('exit', killOnExit);

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      await stopGroup(pgid);
      process.removeListener('exit', killOnExit);
      await new Promise((resolve) => logStream.end(resolve));
    })();
    return stopping;
  };

  const url = `http://127.0.0.1:${bindPort}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new HarnessError(`code-server stopped while starting (${exited}): ${tail.at(-1) ?? 'no output'}; see ${logFile}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new HarnessError(`code-server did not answer on ${url}/healthz within ${startTimeoutMs / 1000} s; see ${logFile}`);
    }
    await sleep(150);
  }
  return { url, port: bindPort, pid: pgid, logFile, output: () => tail.join('\n'), exited: exitedPromise, stop };
}

/** The workbench URL opening `folder`, with optional extra query parameters. */
export function workbenchUrl(url, folder, query = {}) {
  const params = new URLSearchParams({ folder, ...query });
  return `${url}/?${params.toString().replace(/%2F/g, '/')}`;
}

/**
 * Live processes started by a harness run: those tagged with the run marker in their environment, plus the members
 * of `groups` (process groups seen holding tagged processes; children such as browser renderers may drop the tag).
 */
export function leftoverProcesses(runId, { groups = new Set() } = {}) {
  const ownGroup = procStat(process.pid)?.pgrp;
  const found = [];
  for (const pid of safeReaddir('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const stat = procStat(pid);
    if (!stat || stat.state === 'Z' || stat.pgrp === ownGroup) continue;
    let environ = '';
    try { environ = readFileSync(`/proc/${pid}/environ`, 'utf8'); } catch { /* not readable */ }
    const tagged = environ.split('\0').includes(`${RUN_MARKER_VAR}=${runId}`);
    if (!tagged && !groups.has(stat.pgrp)) continue;
    let cmdline = '';
    try { cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim(); } catch { continue; }
    found.push({ pid: Number(pid), pgid: stat.pgrp, cmdline });
  }
  return found;
}

/** Runs on SIGINT/SIGTERM/SIGHUP once, then exits with the signal's conventional code. */
export function onSignals(cleanup) {
  let running = false;
  const handler = (signal) => {
    if (running) return;
    running = true;
    const code = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }[signal] ?? 1;
    Promise.race([Promise.resolve().then(cleanup), sleep(20_000)]).finally(() => process.exit(code));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, handler);
}

/** Entry-point wrapper: expected failures print one line (no stack trace) and exit 1. */
export function runMain(name, main) {
  Promise.resolve()
    .then(main)
    .then((code) => process.exit(typeof code === 'number' ? code : 0))
    .catch((err) => {
      const message = err instanceof HarnessError ? err.message : `${err?.message ?? err}`.split('\n')[0];
      console.error(`${name}: ${message}`);
      if (!(err instanceof HarnessError) && process.env.DEBUG) console.error(err);
      process.exit(1);
    });
}
