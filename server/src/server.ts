// The language server process: wires LSP requests to the engine (over stdio or IPC).
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind, CodeLensRefreshRequest, createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocuments, TextDocumentSyncKind, WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { providePrecompiledValidators } from './engine/metaSchema';
import { RegistryIndex } from './io/registryIndex';
import { ContractChecks } from './lsp/checks';
import { DiagnosticsPublisher } from './lsp/diagnostics';
import { AnalysisStore } from './lsp/documents';
import { filePath } from './lsp/paths';
import { registerFeatures } from './lsp/features';
import { guard } from './lsp/guard';
import { LineageFeatures } from './lsp/lineageFeatures';
import { registerPreviewFeatures } from './lsp/previewFeatures';
import { registerRegistryFeatures } from './lsp/registryFeatures';
import { SourceService } from './lsp/sources';
import { DEFAULT_SETTINGS, readSettings, Settings } from './lsp/settings';

// the meta-schemas' validators, precompiled into dist/validators.js, are read on first validation (not at start)
providePrecompiledValidators(() => require(path.join(__dirname, 'validators.js')).PRECOMPILED);

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const store = new AnalysisStore();
let settings: Settings = DEFAULT_SETTINGS;
let folders: string[] = [];
let pullsConfiguration = false;
let refreshesLenses = false;
let tracksFolders = false;

const registry = new RegistryIndex(() => folders, () => settings.registryPath);
// the rules documentation ships next to the bundle (dist/ → docs/rules.md)
const docsUrl = pathToFileURL(path.resolve(__dirname, '..', 'docs', 'rules.md')).toString();
const roots = () => folders.map((dir) => ({ dir, registryDir: registry.registryDirOf(dir) }));
const sources = new SourceService(
  documents,
  roots,
  (uri, text) => {
    const doc = documents.get(uri);
    return doc && doc.getText() === text ? (store.get(doc).parsed ?? undefined) : undefined;
  },
  () => recheckAll(),
);
const checks = new ContractChecks(store, registry, sources, () => settings, (uri) => publisher.schedule(uri));
const lineage = new LineageFeatures(documents, sources);
const publisher = new DiagnosticsPublisher(connection, documents, store, checks, sources, docsUrl);

const toPaths = (list: readonly WorkspaceFolder[] | null | undefined) => (list ?? []).map((f) => filePath(f.uri)).filter((p): p is string => !!p);

connection.onInitialize((params) => {
  pullsConfiguration = params.capabilities.workspace?.configuration === true;
  refreshesLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  tracksFolders = params.capabilities.workspace?.workspaceFolders === true;
  folders = toPaths(params.workspaceFolders);
  if (folders.length === 0 && params.rootUri) folders = toPaths([{ uri: params.rootUri, name: 'root' }]);
  settings = readSettings(params.initializationOptions?.settings);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [' ', ':'], resolveProvider: false },
      hoverProvider: true,
      documentSymbolProvider: { label: 'Data contract' },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      codeLensProvider: { resolveProvider: false },
      definitionProvider: true,
      referencesProvider: true,
      documentLinkProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'streamcontract' },
  };
});

connection.onInitialized(() => {
  if (pullsConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'streamcontract' });
    void loadSettings();
  }
  // the grammars build their tables on first use (seconds): the catalog thread's with its first catalog, this thread's
  // Flink expression grammar with the first lineage check, after the first diagnostics
  setImmediate(() => void sources.ready().then(recheckAll, () => undefined));
  // only a client that declares workspace folders sends their changes (asking otherwise throws)
  if (tracksFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(async () => {
      folders = toPaths(await connection.workspace.getWorkspaceFolders());
      sources.invalidate();
      refreshAll();
    });
  }
});

connection.onDidChangeConfiguration(
  guard(connection, 'configuration', async (change) => {
    if (pullsConfiguration) await loadSettings();
    else applySettings(readSettings((change.settings as { streamcontract?: unknown } | undefined)?.streamcontract));
  }, undefined),
);

// a contract or .sql file changed on disk: a version may have been registered, a source table changed
connection.onDidChangeWatchedFiles(() => {
  sources.invalidate();
  refreshAll();
});

async function loadSettings(): Promise<void> {
  applySettings(readSettings(await connection.workspace.getConfiguration('streamcontract')));
}

function applySettings(next: Settings): void {
  const before = settings;
  settings = next;
  if (next.registryPath !== before.registryPath) sources.invalidate();
  if (next.maxBytes !== before.maxBytes) {
    store.maxBytes = next.maxBytes;
    store.invalidateAll();
  }
  refreshAll();
}

function refreshAll(): void {
  registry.invalidate();
  recheckAll();
}

/** Every open document again (a newer catalog or registry listing is in place), and the lenses. */
function recheckAll(): void {
  documents.all().forEach((doc) => publisher.schedule(doc.uri));
  if (refreshesLenses) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
}

let lensRefreshQueued = false;
documents.onDidChangeContent((change) => {
  publisher.schedule(change.document.uri);
  if (/\.sql$/i.test(change.document.uri)) return;
  // an open .sql file's diagnostics (which migrations break a contract) and "used by" lenses depend on the contracts' unsaved text too
  const sqlDocuments = documents.all().filter((d) => /\.sql$/i.test(d.uri));
  sqlDocuments.forEach((d) => publisher.schedule(d.uri));
  if (!refreshesLenses || lensRefreshQueued || sqlDocuments.length === 0) return;
  lensRefreshQueued = true;
  setImmediate(() => {
    lensRefreshQueued = false;
    connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  });
});
documents.onDidClose((event) => {
  store.forget(event.document.uri);
  checks.forget(event.document.uri);
  sources.forget(event.document.uri);
  publisher.clear(event.document.uri);
});
registerFeatures(connection, documents, store, (uri, offset) => lineage.hover(uri, offset));
const contractLenses = registerRegistryFeatures(connection, documents, store, checks, () => settings);
lineage.register(connection);
registerPreviewFeatures(connection, documents, sources);
connection.onCodeLens(
  guard(connection, 'code lens', (params) => (/\.sql$/i.test(params.textDocument.uri) ? lineage.sqlLenses(params.textDocument.uri) : contractLenses(params)), []),
);

connection.onShutdown(() => sources.dispose());
documents.listen(connection);
connection.listen();
