// Commands around source tables: New Contract from Source Table, and the references behind "used by N contracts".
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { DRAFT_CONTRACT_REQUEST, DraftContractResult, SOURCE_TABLES_REQUEST, SourceTableSummary } from '../../server/src/shared/protocol';

export function registerSourceCommands(context: vscode.ExtensionContext, client: () => Promise<LanguageClient>): void {
  const newContract = async (tableName?: string): Promise<vscode.Uri | undefined> => {
    const lc = await client();
    let name = tableName;
    if (!name) {
      const tables = await lc.sendRequest<SourceTableSummary[]>(SOURCE_TABLES_REQUEST);
      if (tables.length === 0) return void vscode.window.showInformationMessage('No source tables found: declare them in .sql files (Flink or PostgreSQL DDL) in the workspace.');
      const picked = await vscode.window.showQuickPick(
        tables.map((t) => ({ label: t.qualifiedName, description: `${t.columns} columns · ${t.dialect === 'flink' ? 'Flink DDL' : 'PostgreSQL DDL'}`, detail: vscode.workspace.asRelativePath(t.file), table: t.name })),
        { title: 'New Contract from Source Table', placeHolder: 'Pick the table the public stream is produced from' },
      );
      if (!picked) return undefined;
      name = picked.table;
    }
    const draft = await lc.sendRequest<DraftContractResult | null>(DRAFT_CONTRACT_REQUEST, { table: name });
    if (!draft) return void vscode.window.showErrorMessage(`No source table ${name}.`);
    const folder = vscode.workspace.workspaceFolders?.[0];
    const target = folder ? await freeFile(folder.uri.fsPath, draft.fileName) : undefined;
    const doc = target
      ? await vscode.workspace.openTextDocument(target.with({ scheme: 'untitled' }))
      : await vscode.workspace.openTextDocument({ language: 'odcs', content: draft.text });
    if (target) {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), draft.text);
      await vscode.workspace.applyEdit(edit);
    }
    await vscode.window.showTextDocument(doc);
    if (draft.omitted.length) void vscode.window.showInformationMessage(`Left out as secrets: ${draft.omitted.join(', ')}.`);
    return doc.uri;
  };

  const showReferences = async (uri: string, line: number, character: number): Promise<void> => {
    const resource = vscode.Uri.parse(uri);
    const position = new vscode.Position(line, character);
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', resource, position);
    await vscode.commands.executeCommand('editor.action.showReferences', resource, position, locations ?? []);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('streamcontract.newContractFromTable', newContract),
    vscode.commands.registerCommand('streamcontract.showReferences', showReferences),
  );
}

/**
 * `<table>.odcs.yaml` in the folder, else the first of `<table>-2.odcs.yaml`, `-3`, ... that is neither a file nor an
 * unsaved draft already open under that name (which running the command again would otherwise write into).
 */
async function freeFile(folder: string, fileName: string): Promise<vscode.Uri | undefined> {
  const stem = fileName.replace(/\.odcs\.ya?ml$/i, '');
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.with({ scheme: 'file' }).toString()));
  for (let n = 1; n < 100; n++) {
    const uri = vscode.Uri.file(path.join(folder, n === 1 ? fileName : `${stem}-${n}.odcs.yaml`));
    if (!open.has(uri.toString()) && !(await exists(uri))) return uri;
  }
  return undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
