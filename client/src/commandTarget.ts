// The contract a command acts on when it is given none: the active editor's, else the one contract in sight.
import * as vscode from 'vscode';
import { isContractDocument } from '../../server/src/shared/documents';

/**
 * A URI argument (from a menu, a CodeLens, the explorer), else the active editor's document, else the only
 * contract shown in an editor. The last is for buttons outside a text editor: a walkthrough step or the preview
 * has the focus, and the contract beside it is what the user means. Several contracts in sight: none is chosen.
 */
export function commandTarget(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  const active = vscode.window.activeTextEditor;
  if (active) return active.document.uri;
  const shown = new Map<string, vscode.Uri>();
  for (const { document } of vscode.window.visibleTextEditors) {
    if (isContractDocument(document.languageId, () => document.getText())) shown.set(document.uri.toString(), document.uri);
  }
  return shown.size === 1 ? [...shown.values()][0] : undefined;
}
