// The status bar item shown for contract files: apiVersion, contract version and problem counts.
import * as vscode from 'vscode';
import { DocumentInfo } from '../../server/src/shared/protocol';

export class ContractStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('streamcontract.status', vscode.StatusBarAlignment.Right, 100);
  private readonly infos = new Map<string, DocumentInfo>();

  constructor() {
    this.item.name = 'streamcontract';
    this.item.command = 'workbench.actions.view.problems';
  }

  update(info: DocumentInfo): void {
    this.infos.set(info.uri, info);
  }

  show(uri: string | undefined): void {
    const info = uri ? this.infos.get(uri) : undefined;
    if (!info || !info.isContract) {
      this.item.hide();
      return;
    }
    const parts = ['ODCS', label(info.apiVersion ?? '?')];
    if (info.version) parts.push(`· ${label(info.version)}`);
    const health = info.skippedReason
      ? '$(circle-slash)'
      : info.errors > 0
        ? `$(error) ${info.errors}`
        : info.warnings > 0
          ? `$(warning) ${info.warnings}`
          : '$(check)';
    this.item.text = `$(file-code) ${parts.join(' ')} ${health}`;
    // plain text: the id and versions are the contract's own text, never Markdown
    this.item.tooltip = [
      `Data contract ${info.contractId ?? '(no id)'}`,
      `apiVersion: ${info.apiVersion ?? 'missing'}`,
      `version: ${info.version ?? 'missing'}`,
      info.skippedReason ? `not analysed: ${info.skippedReason}` : `${info.errors} error(s), ${info.warnings} warning(s)${info.complete ? '' : ' so far (still reading the registry and source tables)'}`,
    ].join('\n');
    this.item.backgroundColor = info.errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** Contract text in the status bar: short, on one line, and never a `$(icon)`. */
function label(text: string): string {
  const line = text.replace(/\s+/g, ' ').replace(/\$\(/g, '$ (');
  return line.length > 24 ? `${line.slice(0, 23)}…` : line;
}
