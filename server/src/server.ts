// The language server process: wires LSP requests to the engine (over stdio or IPC).
import { CodeActionKind, createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisStore } from './lsp/documents';
import { DiagnosticsPublisher } from './lsp/diagnostics';
import { registerFeatures } from './lsp/features';
import { guard } from './lsp/guard';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const store = new AnalysisStore();
const publisher = new DiagnosticsPublisher(connection, documents, store);
let pullsConfiguration = false;

connection.onInitialize((params) => {
  pullsConfiguration = params.capabilities.workspace?.configuration === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [' ', ':'], resolveProvider: false },
      hoverProvider: true,
      documentSymbolProvider: { label: 'Data contract' },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'streamcontract' },
  };
});

connection.onInitialized(() => {
  if (pullsConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'streamcontract' });
    void loadSettings();
  }
});

connection.onDidChangeConfiguration(
  guard(connection, 'configuration', async () => {
    if (pullsConfiguration) await loadSettings();
  }, undefined),
);

async function loadSettings(): Promise<void> {
  const settings = (await connection.workspace.getConfiguration('streamcontract')) as { maxFileSizeKB?: number } | null;
  const kb = settings?.maxFileSizeKB;
  const maxBytes = typeof kb === 'number' && kb > 0 ? kb * 1024 : undefined;
  if (maxBytes !== store.maxBytes) {
    store.maxBytes = maxBytes;
    store.invalidateAll();
    documents.all().forEach((doc) => publisher.schedule(doc.uri));
  }
}

documents.onDidChangeContent((change) => publisher.schedule(change.document.uri));
documents.onDidClose((event) => {
  store.forget(event.document.uri);
  publisher.clear(event.document.uri);
});
registerFeatures(connection, documents, store);

documents.listen(connection);
connection.listen();
