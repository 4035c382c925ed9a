// The extension entry point: starts the language server when a contract is open and registers the UI.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { CONTRACT_LANGUAGE_ID, isContractDocument as isContract } from '../../server/src/shared/documents';
import { DOCUMENT_INFO_NOTIFICATION, DocumentInfo, GENERATED_SQL_REQUEST, GeneratedSqlResult } from '../../server/src/shared/protocol';
import { registerPreview } from './preview/sqlPreview';
import { registerRegistryCommands } from './registryCommands';
import { registerSourceCommands } from './sourceCommands';
import { ContractStatusBar } from './statusBar';

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;
/** Fired after each analysis of a document. The client keeps one handler per notification method, so the one
 * registered in startServer fans the notification out through this event instead of features registering their own. */
const documentAnalyzed = new vscode.EventEmitter<DocumentInfo>();

/** Public API returned from activate(): used by the editor tests to wait for the server. */
export interface StreamcontractApi {
  ensureServerStarted(): Promise<void>;
  isServerRunning(): boolean;
  /** The Flink job the preview shows for a contract, as the language server generates it from the current text. */
  generatedSql(uri: vscode.Uri): Promise<GeneratedSqlResult | null>;
}

export function activate(context: vscode.ExtensionContext): StreamcontractApi {
  const output = vscode.window.createOutputChannel('streamcontract', { log: true });
  const statusBar = new ContractStatusBar();
  context.subscriptions.push(output, statusBar, documentAnalyzed);

  const ensureServerStarted = (): Promise<void> => {
    starting ??= startServer(context, output, statusBar).catch((err: unknown) => {
      starting = undefined;
      output.error(`The language server did not start: ${String(err)}`);
    });
    return starting;
  };

  // The extension activates for every YAML file, but it only starts the server once a contract is open (or a
  // .sql file in a workspace that has contracts), so unrelated YAML files cost nothing and see no diagnostics.
  let workspaceHasContracts: Thenable<boolean> | undefined;
  const consider = (doc: vscode.TextDocument): void => {
    if (isContractDocument(doc)) void ensureServerStarted();
    else if (doc.languageId === 'sql' && doc.uri.scheme === 'file') {
      workspaceHasContracts ??= vscode.workspace.findFiles('**/*.odcs.{yaml,yml}', '**/node_modules/**', 1).then((found) => found.length > 0);
      workspaceHasContracts.then((yes) => {
        if (yes) void ensureServerStarted();
      });
    }
  };
  vscode.workspace.textDocuments.forEach(consider);
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(consider),
    vscode.window.onDidChangeActiveTextEditor((editor) => statusBar.show(editor?.document.uri.toString())),
    vscode.commands.registerCommand('streamcontract.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('streamcontract.restartServer', async () => {
      if (!client) return ensureServerStarted();
      output.info('Restarting the language server');
      await client.restart();
    }),
  );
  const getClient = async (): Promise<LanguageClient> => {
    await ensureServerStarted();
    if (!client) throw new Error('the streamcontract language server is not running');
    return client;
  };
  registerRegistryCommands(context, getClient, output);
  registerPreview(context, getClient, documentAnalyzed.event);
  registerSourceCommands(context, getClient);
  const generatedSql = async (uri: vscode.Uri) => (await getClient()).sendRequest<GeneratedSqlResult | null>(GENERATED_SQL_REQUEST, { uri: uri.toString() });
  return { ensureServerStarted, isServerRunning: () => client?.isRunning() ?? false, generatedSql };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/**
 * The server's heap limit: a limit of a few GiB also makes V8 grow the heap less between collections (on a machine
 * with much memory it would otherwise let a fast edit loop hold several times the live heap).
 */
function serverMemoryMB(): number {
  const value = vscode.workspace.getConfiguration('streamcontract').get<number>('server.maxMemoryMB');
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(256, Math.round(value)) : 1536;
}

function isContractDocument(doc: vscode.TextDocument): boolean {
  return isContract(doc.languageId, () => doc.getText());
}

async function startServer(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, statusBar: ContractStatusBar): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const heap = `--max-old-space-size=${serverMemoryMB()}`;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [heap] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [heap, '--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: CONTRACT_LANGUAGE_ID },
      { scheme: 'untitled', language: CONTRACT_LANGUAGE_ID },
      { scheme: 'file', language: 'yaml' },
      // source tables: links from columns to the contracts that read them
      { scheme: 'file', language: 'sql' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel: output,
    // registered versions are contract files too: the server re-checks open contracts when they change
    synchronize: { configurationSection: 'streamcontract', fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{odcs.yaml,odcs.yml,sql}') },
  };
  client = new LanguageClient('streamcontract', 'streamcontract', serverOptions, clientOptions);
  client.onNotification(DOCUMENT_INFO_NOTIFICATION, (info: DocumentInfo) => {
    statusBar.update(info);
    statusBar.show(vscode.window.activeTextEditor?.document.uri.toString());
    documentAnalyzed.fire(info);
  });
  await client.start();
  output.info('Language server started');
}
