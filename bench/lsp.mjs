// Drives one language server over stdio as VS Code does (capabilities, settings, workspace folder) and times what it publishes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { CLIENT_CAPABILITIES, STREAMCONTRACT_SETTINGS, yamlSettings } from './clientCapabilities.mjs';
import { bounded, exited, killProcess, startProcess, vmHwmKb } from './processes.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const YAML_LS_DIR = path.join(REPO, 'node_modules', 'yaml-language-server');
const YAML_LS_BIN = path.join(YAML_LS_DIR, 'bin', 'yaml-language-server');
const META_SCHEMA = path.join(REPO, 'schemas', 'odcs-v3.1.json');

/**
 * The servers compared. `versioned`: its diagnostics carry the document version (yaml-language-server's do not, so
 * its diagnostics for an edit are the first it publishes after the edit was sent). `phases`: it says when the
 * diagnostics of a version are complete (streamcontract/documentInfo `complete`).
 */
/** The heap limit the extension starts our server with: the default of `streamcontract.server.maxMemoryMB`. */
const SERVER_MEMORY_MB = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).contributes.configuration.properties['streamcontract.server.maxMemoryMB'].default;

export const SERVERS = {
  ours: {
    label: 'streamcontract',
    languageId: 'odcs',
    versioned: true,
    phases: true,
    command: ({ cpuProfDir }) => [`--max-old-space-size=${SERVER_MEMORY_MB}`, ...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : []), path.join(REPO, 'dist', 'server.js'), '--stdio'],
    env: {},
    settings: () => ({ streamcontract: STREAMCONTRACT_SETTINGS }),
    mainSection: 'streamcontract',
  },
  'yaml-ls': {
    label: 'yaml-language-server (stock, 200 ms debounce)',
    languageId: 'yaml',
    versioned: false,
    phases: false,
    command: () => [YAML_LS_BIN, '--stdio'],
    env: {},
    settings: () => yamlSettings(META_SCHEMA),
    mainSection: 'yaml',
  },
  'yaml-ls-nodebounce': {
    label: 'yaml-language-server (debounce removed)',
    languageId: 'yaml',
    versioned: false,
    phases: false,
    command: () => ['--require', path.join(REPO, 'bench', 'yamlNoDebounce.cjs'), YAML_LS_BIN, '--stdio'],
    env: { STREAMCONTRACT_BENCH_YAML_LS_DIR: YAML_LS_DIR },
    settings: () => yamlSettings(META_SCHEMA),
    mainSection: 'yaml',
  },
};

/** How long the servers' settings requests must have stopped before the contract is opened. */
const SETTLE_MS = 100;

export class LspSession {
  /** What the server published, in order: `{ type: 'diagnostics' | 'complete', uri, version, time, count }`. */
  events = [];
  startupMs = 0;
  /** Set when the server exited or its connection broke: every wait fails with it. */
  failure = undefined;
  #waiters = new Set();
  #stderr = '';
  #lastVersion = new Map();
  #failed;
  #rejectFailed = () => undefined;
  #closed = false;

  constructor(kind, child, connection, timeoutMs) {
    this.kind = kind;
    this.server = SERVERS[kind];
    this.child = child;
    this.connection = connection;
    this.timeoutMs = timeoutMs;
    this.#failed = new Promise((_, reject) => (this.#rejectFailed = reject));
    this.#failed.catch(() => undefined);
  }

  get pid() {
    return this.child.pid;
  }

  /** Spawns the server and initialises it with `workspaceDir` as its one workspace folder; resolves once it has its settings. */
  static async start(kind, { workspaceDir, timeoutMs, cpuProfDir }) {
    const server = SERVERS[kind];
    const started = performance.now();
    const child = startProcess(process.execPath, server.command({ cpuProfDir }), { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...server.env } });
    const connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
    const session = new LspSession(kind, child, connection, timeoutMs);
    child.stderr.on('data', (d) => session.appendStderr(d));
    child.once('exit', (code, signal) => session.fail(`${server.label} exited (code ${code}, signal ${signal})${session.stderrTail()}`));
    connection.onError(([err]) => session.fail(`${server.label}: connection error ${err?.message ?? err}`));
    const folder = { uri: pathToFileURL(workspaceDir).toString(), name: path.basename(workspaceDir) };
    // the servers pull their settings when initialized, and again on the didChangeConfiguration the client sends then
    // if their handler is in place by then: settled = pulled once, then no settings request for SETTLE_MS
    let pulled = false;
    let lastPull = 0;
    const settings = server.settings();
    connection.onRequest((method, params) => {
      if (method === 'workspace/configuration') {
        lastPull = performance.now();
        if (params.items.some((item) => item.section === server.mainSection)) pulled = true;
        return params.items.map((item) => settings[item.section] ?? null);
      }
      if (method === 'workspace/workspaceFolders') return [folder];
      // registrations, progress tokens, refresh requests, message boxes: acknowledged as VS Code does
      return null;
    });
    connection.onNotification((method, params) => session.record(method, params));
    connection.listen();
    await session.within(
      connection.sendRequest('initialize', {
        processId: process.pid,
        clientInfo: { name: 'Visual Studio Code', version: '1.95.0' },
        locale: 'en',
        rootPath: workspaceDir,
        rootUri: folder.uri,
        capabilities: CLIENT_CAPABILITIES,
        trace: 'off',
        workspaceFolders: [folder],
      }),
      `${server.label} to answer initialize`,
    );
    session.startupMs = performance.now() - started;
    await connection.sendNotification('initialized', {});
    // vscode-languageclient sends the synchronised sections once at start (synchronize.configurationSection)
    await connection.sendNotification('workspace/didChangeConfiguration', { settings });
    const settled = async () => {
      const deadline = performance.now() + timeoutMs;
      while ((!pulled || performance.now() - lastPull < SETTLE_MS) && !session.failure && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      if (!pulled && !session.failure) throw new Error(`${server.label} never asked for its settings`);
    };
    await session.within(settled(), `${server.label} to pull its settings`);
    return session;
  }

  /** Opens the document; the times (ms) to its first diagnostics and to its complete diagnostics. */
  async open(uri, text) {
    const from = this.events.length;
    const sent = performance.now();
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: this.server.languageId, version: 1, text } });
    return this.diagnosticsOf(uri, 1, from, sent);
  }

  /** Replaces `range` with `text` as version `version`; the times (ms) to its first and complete diagnostics. */
  async change(uri, version, range, text) {
    const from = this.events.length;
    const sent = performance.now();
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return this.diagnosticsOf(uri, version, from, sent);
  }

  async diagnosticsOf(uri, version, from, sent) {
    const label = `${this.server.label} to publish diagnostics of ${path.basename(uri)} version ${version}`;
    const ofThis = (e) => e.uri === uri && (!this.server.versioned || e.version === version);
    const first = await this.waitFor(from, (e) => e.type === 'diagnostics' && ofThis(e), label);
    const complete = this.server.phases ? await this.waitFor(from, (e) => e.type === 'complete' && ofThis(e), `${label} (complete)`) : first;
    return { firstMs: first.time - sent, completeMs: complete.time - sent, problems: complete.count ?? first.count };
  }

  /** A request's round trip in ms, with its result. */
  async timed(method, params) {
    const sent = performance.now();
    const result = await this.within(this.connection.sendRequest(method, params), `${this.server.label} to answer ${method}`);
    return { ms: performance.now() - sent, result };
  }

  /** Waits until the server has published nothing for `ms` (so that a late publication is not taken for the next one). */
  async quiet(ms) {
    const deadline = performance.now() + this.timeoutMs;
    for (;;) {
      const last = this.events.at(-1)?.time ?? 0;
      const idle = performance.now() - last;
      if (idle >= ms) return;
      if (performance.now() > deadline) throw new Error(`${this.server.label} kept publishing for ${Math.round(this.timeoutMs / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, ms - idle + 1));
    }
  }

  /** The server process's peak resident set (VmHWM) in KiB, or null when /proc does not say. */
  peakRssKb() {
    return vmHwmKb(this.child.pid);
  }

  /** Shuts the server down as a client does (bounded), killing it when it does not exit. */
  async stop() {
    try {
      await bounded(this.connection.sendRequest('shutdown'), 10_000, `${this.server.label} to answer shutdown`);
      // from here on its exit is expected, not a failure
      this.#closed = true;
      await this.connection.sendNotification('exit');
      await bounded(exited(this.child), 10_000, `${this.server.label} to exit`);
    } catch {
      killProcess(this.child);
      await exited(this.child);
    } finally {
      this.#closed = true;
      this.connection.dispose();
    }
  }

  record(method, params) {
    const time = performance.now();
    if (method === 'textDocument/publishDiagnostics') {
      this.#lastVersion.set(params.uri, params.version);
      this.push({ type: 'diagnostics', uri: params.uri, version: params.version, time, count: params.diagnostics.length });
    } else if (method === 'streamcontract/documentInfo' && params.complete) {
      // the server sends the document's facts right after its diagnostics: they complete that version
      this.push({ type: 'complete', uri: params.uri, version: this.#lastVersion.get(params.uri), time });
    }
  }

  appendStderr(chunk) {
    this.#stderr = (this.#stderr + chunk).slice(-4000);
  }

  push(event) {
    this.events.push(event);
    for (const waiter of this.#waiters) waiter.check();
  }

  /** The first event from index `from` on that `matches`, waiting for it (bounded). */
  waitFor(from, matches, what) {
    return new Promise((resolve, reject) => {
      const waiter = {
        check: () => {
          const found = this.events.slice(from).find(matches);
          if (found) done(() => resolve(found));
        },
        fail: (message) => done(() => reject(new Error(`${message} while waiting for ${what}`))),
      };
      const timer = setTimeout(() => waiter.fail(`no answer within ${Math.round(this.timeoutMs / 1000)} s`), this.timeoutMs);
      const done = (settle) => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        settle();
      };
      this.#waiters.add(waiter);
      if (this.failure) waiter.fail(this.failure);
      else waiter.check();
    });
  }

  within(promise, what) {
    const failed = this.#failed.catch((err) => Promise.reject(new Error(`${err.message} while waiting for ${what}`)));
    return bounded(Promise.race([promise, failed]), this.timeoutMs, what);
  }

  fail(message) {
    if (this.#closed || this.failure) return;
    this.failure = message;
    this.#rejectFailed(new Error(message));
    for (const waiter of [...this.#waiters]) waiter.fail(message);
  }

  stderrTail() {
    const tail = this.#stderr.trim().split('\n').slice(-5).join('\n');
    return tail ? `; its last stderr lines:\n${tail}` : '';
  }
}
