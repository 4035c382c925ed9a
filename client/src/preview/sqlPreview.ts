// "Preview Flink SQL": a webview beside a contract showing the Flink job the language server generates from it,
// kept up to date as the contract is edited.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { isContractDocument } from '../../../server/src/shared/documents';
import { DocumentInfo, GENERATED_SQL_REQUEST, GeneratedSqlResult } from '../../../server/src/shared/protocol';
import { commandTarget } from '../commandTarget';
import { HostMessage, isWebviewMessage, WebviewMessage } from './messages';

export const PREVIEW_SQL_COMMAND = 'streamcontract.previewSql';
const VIEW_TYPE = 'streamcontract.sqlPreview';
/** JSON-RPC "method not found": a server without SQL generation. */
const METHOD_NOT_FOUND = -32601;

/**
 * Registers the command and keeps one preview per contract. `documentAnalyzed` fires after each analysis of a
 * document (the server's documentInfo notification): an open preview of that document then asks for its SQL again.
 */
export function registerPreview(
  context: vscode.ExtensionContext,
  client: () => Promise<LanguageClient>,
  documentAnalyzed: vscode.Event<DocumentInfo>,
): void {
  const previews = new Map<string, SqlPreview>();
  const webviewRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');

  const open = async (arg?: unknown): Promise<void> => {
    const uri = commandTarget(arg);
    if (!uri) return void vscode.window.showWarningMessage('Open a data contract to preview the Flink SQL generated from it.');
    const key = uri.toString();
    const existing = previews.get(key);
    if (existing) return existing.reveal();
    // A file picked in the explorer may not be open yet: opening it hands it to the language server.
    const document = await vscode.workspace.openTextDocument(uri);
    if (!isContractDocument(document.languageId, () => document.getText())) {
      return void vscode.window.showWarningMessage(`${fileName(uri)} is not a data contract: there is no Flink SQL to preview.`);
    }
    // the contract's own editor: the active one, or one in sight when a walkthrough button ran the command
    const shown = [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors].find((e) => e?.document.uri.toString() === key);
    const contractColumn = shown?.viewColumn;
    const preview = new SqlPreview(uri, webviewRoot, client, contractColumn, () => previews.delete(key));
    previews.set(key, preview);
    void preview.refresh();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(PREVIEW_SQL_COMMAND, open),
    documentAnalyzed((info) => void previews.get(info.uri)?.refresh()),
    // The preview outlives its contract's editor: it keeps the last SQL and says so, and follows it again once reopened.
    vscode.workspace.onDidCloseTextDocument((doc) => previews.get(doc.uri.toString())?.setAttached(false)),
    vscode.workspace.onDidOpenTextDocument((doc) => previews.get(doc.uri.toString())?.setAttached(true)),
    { dispose: () => [...previews.values()].forEach((p) => p.dispose()) },
  );
}

function fileName(uri: vscode.Uri): string {
  return path.posix.basename(uri.path) || uri.toString();
}

class SqlPreview {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly name: string;
  private result: GeneratedSqlResult | undefined;
  private status: Extract<HostMessage, { type: 'status' }> | undefined;
  /** False once the contract is closed: the preview keeps its last SQL until the contract is opened again. */
  private attached = true;
  private requesting = false;
  private requestAgain = false;
  private disposed = false;

  constructor(
    private readonly uri: vscode.Uri,
    private readonly webviewRoot: vscode.Uri,
    private readonly client: () => Promise<LanguageClient>,
    private contractColumn: vscode.ViewColumn | undefined,
    onDispose: () => void,
  ) {
    this.name = fileName(uri);
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, `SQL: ${this.name}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableCommandUris: false,
      // Monaco has its own find widget.
      enableFindWidget: false,
      localResourceRoots: [webviewRoot],
    });
    this.panel.webview.html = this.html();
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((message: unknown) => {
        if (!isWebviewMessage(message)) return;
        this.onMessage(message).catch((err: unknown) => {
          void vscode.window.showErrorMessage(`Flink SQL preview: ${err instanceof Error ? err.message : String(err)}`);
        });
      }),
      this.panel.onDidDispose(() => {
        this.dispose();
        onDispose();
      }),
    );
  }

  reveal(): void {
    this.panel.reveal(this.panel.viewColumn, true);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.panel.dispose();
    this.disposables.forEach((d) => d.dispose());
  }

  setAttached(attached: boolean): void {
    if (this.attached === attached) return;
    this.attached = attached;
    if (attached) void this.refresh();
    else this.postState();
  }

  /** Asks the server for the SQL; calls made while a request runs are folded into one more request after it. */
  async refresh(): Promise<void> {
    if (this.requesting) {
      this.requestAgain = true;
      return;
    }
    this.requesting = true;
    try {
      do {
        this.requestAgain = false;
        await this.request();
      } while (this.requestAgain && !this.disposed);
    } finally {
      this.requesting = false;
    }
  }

  private async request(): Promise<void> {
    let result: GeneratedSqlResult | null;
    try {
      const lc = await this.client();
      result = await lc.sendRequest<GeneratedSqlResult | null>(GENERATED_SQL_REQUEST, { uri: this.uri.toString() });
    } catch (err) {
      if (this.disposed) return;
      const code = (err as { code?: unknown }).code;
      this.status = {
        type: 'status',
        kind: 'error',
        message: code === METHOD_NOT_FOUND
          ? 'This language server does not generate Flink SQL.'
          : `The Flink SQL could not be generated: ${err instanceof Error ? err.message : String(err)}`,
      };
      this.postState();
      return;
    }
    if (this.disposed) return;
    if (!result) {
      // The server no longer has the document (closed meanwhile) or does not take it for a contract: keep what is shown.
      if (!this.result) this.status = { type: 'status', kind: 'info', message: `The language server generates no Flink SQL for ${this.name}.` };
      this.postState();
      return;
    }
    if (!result.sql && this.result?.sql) {
      // Nothing could be generated (typically YAML broken halfway through an edit): rather than blanking the preview
      // and losing the reader's place, keep the last SQL and show why it is not current.
      this.result = { ...this.result, problems: result.problems };
      this.status = { type: 'status', kind: 'info', message: 'No SQL can be generated from the current text: this is the SQL last generated.' };
    } else {
      this.result = result;
      this.status = undefined;
    }
    this.postState();
  }

  /** Sends what the webview should show: the last SQL, then any status line over it. */
  private postState(): void {
    if (this.result) {
      this.post({
        type: 'update',
        fileName: this.name,
        version: this.result.version,
        sql: this.result.sql,
        fields: this.result.fields.map(({ line, stream, field }) => ({ line, stream, field })),
        problems: this.result.problems,
        detached: !this.attached,
      });
    }
    if (this.status) this.post(this.status);
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // Also after the webview was rebuilt (a hidden panel's webview is discarded).
        this.postState();
        return;
      case 'reveal':
        return this.revealField(message.line);
      case 'copy':
      case 'saveAs':
      case 'openUntitled': {
        const sql = this.result?.sql;
        if (!sql) return void vscode.window.showInformationMessage('No Flink SQL has been generated yet.');
        if (message.type === 'copy') {
          await vscode.env.clipboard.writeText(sql);
          vscode.window.setStatusBarMessage('$(check) Flink SQL copied to the clipboard', 3000);
        } else if (message.type === 'saveAs') {
          await this.saveAs(sql);
        } else {
          const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: sql });
          await vscode.window.showTextDocument(doc, { viewColumn: this.panel.viewColumn ?? vscode.ViewColumn.Beside });
        }
      }
    }
  }

  private async saveAs(sql: string): Promise<void> {
    const base = this.name.replace(/(\.odcs)?\.ya?ml$/i, '') || 'job';
    const folder = this.uri.scheme === 'file'
      ? vscode.Uri.joinPath(this.uri, '..')
      : vscode.workspace.getWorkspaceFolder(this.uri)?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'Save the Flink SQL',
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}.sql`) : undefined,
      filters: { 'Flink SQL': ['sql'] },
      saveLabel: 'Save',
    });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(sql));
    } catch (err) {
      return void vscode.window.showErrorMessage(`Could not save ${fileName(target)}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const choice = await vscode.window.showInformationMessage(`Saved the Flink SQL to ${vscode.workspace.asRelativePath(target)}`, 'Open');
    if (choice === 'Open') await vscode.window.showTextDocument(target, { viewColumn: this.panel.viewColumn });
  }

  /** Shows the property of a generated SELECT line in the contract's editor, keeping the focus in the preview. */
  private async revealField(line: number): Promise<void> {
    const field = this.result?.fields.find((f) => f.line === line);
    if (!field) return;
    const key = this.uri.toString();
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
    // The contract's editor, else the column it was in, else beside the preview (never over it).
    const column = visible?.viewColumn
      ?? (this.contractColumn !== undefined && this.contractColumn !== this.panel.viewColumn ? this.contractColumn : vscode.ViewColumn.Beside);
    let document: vscode.TextDocument;
    try {
      document = visible?.document ?? await vscode.workspace.openTextDocument(this.uri);
    } catch {
      return void vscode.window.showWarningMessage(`${this.name} cannot be opened any more.`);
    }
    const r = field.range;
    // The contract may have changed since this SQL was generated: keep the range inside the document.
    const range = document.validateRange(new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character));
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: true, selection: range });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.contractColumn = editor.viewColumn ?? column;
  }

  private html(): string {
    const webview = this.panel.webview;
    const asset = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(this.webviewRoot, file)).toString();
    const nonce = randomBytes(18).toString('base64');
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      // 'unsafe-inline' for styles only: Monaco writes <style> elements at run time (theme colours, decorations, the
      // codicon glyph rules) and renders its view lines with style attributes, which a nonce cannot cover. A style
      // cannot run script, and the other directives keep it from loading anything but the extension's own files.
      `style-src ${webview.cspSource} 'unsafe-inline'`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      // the worker script is fetched, then started from a blob: URL
      `connect-src ${webview.cspSource}`,
      'worker-src blob:',
    ].join('; ');
    const attr = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    // Static markup only: the file name, the SQL and the problems are set by the script, as text.
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(asset('main.css'))}">
<title>Flink SQL</title>
</head>
<body data-worker-uri="${attr(asset('editor.worker.js'))}">
<header class="toolbar" role="toolbar" aria-label="Flink SQL preview">
<span id="source" class="source"></span>
<button type="button" class="action" data-action="copy" title="Copy the SQL to the clipboard"><span class="codicon codicon-copy" aria-hidden="true"></span><span class="label">Copy</span></button>
<button type="button" class="action" data-action="saveAs" title="Save the SQL as a .sql file"><span class="codicon codicon-save-as" aria-hidden="true"></span><span class="label">Save As…</span></button>
<button type="button" class="action" data-action="openUntitled" title="Open the SQL in a new untitled editor"><span class="codicon codicon-new-file" aria-hidden="true"></span><span class="label">Open as Untitled</span></button>
</header>
<details id="problems" class="problems" hidden><summary><span class="codicon codicon-chevron-right chevron" aria-hidden="true"></span><span class="codicon codicon-warning" aria-hidden="true"></span><span id="problems-summary"></span></summary><ul id="problems-list"></ul></details>
<div id="status" class="status" role="status" hidden><span id="status-icon" class="codicon codicon-info" aria-hidden="true"></span><span id="status-text"></span></div>
<main class="editor-host"><div id="editor"></div><div id="empty" class="empty">Generating the Flink SQL…</div></main>
<script nonce="${nonce}" src="${attr(asset('main.js'))}"></script>
</body>
</html>`;
  }
}
