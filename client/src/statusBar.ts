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
    const parts = ['ODCS', info.apiVersion ?? '?'];
    if (info.version) parts.push(`· ${info.version}`);
    const health = info.skippedReason
      ? '$(circle-slash)'
      : info.errors > 0
        ? `$(error) ${info.errors}`
        : info.warnings > 0
          ? `$(warning) ${info.warnings}`
          : '$(check)';
    this.item.text = `$(file-code) ${parts.join(' ')} ${health}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**Data contract** \`${info.contractId ?? 'no id'}\`\n\n`);
    tooltip.appendMarkdown(`- apiVersion: \`${info.apiVersion ?? 'missing'}\`\n- version: \`${info.version ?? 'missing'}\`\n`);
    tooltip.appendMarkdown(info.skippedReason ? `- not analysed: ${info.skippedReason}\n` : `- ${info.errors} error(s), ${info.warnings} warning(s)\n`);
    this.item.tooltip = tooltip;
    this.item.backgroundColor = info.errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
