// Starts the bundled language server over stdio for round-trip tests, and records what it publishes.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import {
  createProtocolConnection, DidOpenTextDocumentNotification, ExitNotification, InitializeRequest, InitializedNotification, LogMessageNotification, MessageType, ProtocolConnection,
  PublishDiagnosticsNotification, PublishDiagnosticsParams, ShutdownRequest, StreamMessageReader, StreamMessageWriter, WorkspaceFolder,
} from 'vscode-languageserver-protocol/node';
import { DOCUMENT_INFO_NOTIFICATION, DocumentInfo } from '../../server/src/shared/protocol';
import { REPO_ROOT } from './fixtures';

export class TestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly infos = new Map<string, DocumentInfo[]>();
  /** Errors the server logged (a handler or an analysis that failed and was answered with a fallback). */
  readonly loggedErrors: string[] = [];
  private readonly waiters: (() => void)[] = [];
  private server!: ChildProcess;
  connection!: ProtocolConnection;

  /** `settings`: the `streamcontract` section, as the extension passes it at start. */
  async start(workspaceFolders: WorkspaceFolder[] | null = null, settings?: unknown): Promise<void> {
    this.server = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createProtocolConnection(new StreamMessageReader(this.server.stdout!), new StreamMessageWriter(this.server.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => this.record(this.diagnostics, p.uri, p));
    this.connection.onNotification(DOCUMENT_INFO_NOTIFICATION, (info: DocumentInfo) => this.record(this.infos, info.uri, info));
    this.connection.onNotification(LogMessageNotification.type, (m) => m.type === MessageType.Error && this.loggedErrors.push(m.message));
    this.connection.listen();
    await this.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders, initializationOptions: settings === undefined ? undefined : { settings } });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** The server process is still running. */
  alive(): boolean {
    return this.server.exitCode === null && this.server.signalCode === null;
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    await new Promise((resolve) => this.server.once('exit', resolve));
  }

  async open(uri: string, text: string, languageId = 'odcs'): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Waits (bounded) until `ready()` returns a value; notifications wake it up, no fixed sleeps. */
  async until<T>(ready: () => T | undefined, what: string): Promise<T> {
    const deadline = Date.now() + 15000;
    for (;;) {
      const value = ready();
      if (value !== undefined) return value;
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 250);
      });
    }
  }

  private record<T>(map: Map<string, T[]>, uri: string, value: T): void {
    map.set(uri, [...(map.get(uri) ?? []), value]);
    this.waiters.splice(0).forEach((w) => w());
  }
}
