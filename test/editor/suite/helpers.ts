// Shared helpers of the editor tests: opening workspace files, bounded polling, reading diagnostics and completions.
import * as assert from 'node:assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'streamcontract.streamcontract';
export const SOURCE = 'streamcontract';

/** The API the extension's activate() returns. */
export interface StreamcontractApi {
  ensureServerStarted(): Promise<void>;
  isServerRunning(): boolean;
  generatedSql(uri: vscode.Uri): Promise<{ version: number; sql: string; problems: string[] } | null>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until `done(value)` holds or `timeoutMs` passes; returns the last value.
 * Failing probes count as "not yet" until the deadline, then the last error is thrown.
 */
export async function poll<T>(probe: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined;
    let error: unknown;
    try {
      value = await probe();
      if (done(value)) return value;
    } catch (err) {
      error = err;
    }
    if (Date.now() >= deadline) {
      if (error !== undefined) throw error;
      return value as T;
    }
    await sleep(intervalMs);
  }
}

export function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function openInEditor(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** The activated extension's API, with its language server started. */
export async function activeExtension(): Promise<StreamcontractApi> {
  const ext = vscode.extensions.getExtension<StreamcontractApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  await poll(() => ext.isActive, (active) => active, 30_000);
  assert.ok(ext.isActive, `extension ${EXTENSION_ID} did not activate`);
  await ext.exports.ensureServerStarted();
  return ext.exports;
}

export function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (!diagnostics.length) return '(none)';
  return diagnostics.map((d) => `line ${d.range.start.line} [${d.source ?? '-'}/${codeOf(d) ?? '-'}] ${d.message}`).join('\n  ');
}

/** Waits (bounded) until the document has a diagnostic with `code`, and returns all of its diagnostics. */
export async function diagnosticsWithCode(uri: vscode.Uri, code: string, timeoutMs = 30_000): Promise<readonly vscode.Diagnostic[]> {
  return poll(() => vscode.languages.getDiagnostics(uri), (ds) => ds.some((d) => codeOf(d) === code), timeoutMs);
}

/** The 0-based number of the first line matching `pattern`. */
export function lineOf(doc: vscode.TextDocument, pattern: RegExp): number {
  for (let line = 0; line < doc.lineCount; line++) if (pattern.test(doc.lineAt(line).text)) return line;
  throw new Error(`no line matches ${pattern} in ${doc.uri.fsPath}`);
}

/** Replaces the whole text of an open document (unsaved). */
export async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), `could not edit ${doc.uri.fsPath}`);
}

/** Inserts text at the end of a line and returns the position at the end of the insertion. */
export async function insertAfterLine(doc: vscode.TextDocument, line: number, text: string): Promise<vscode.Position> {
  const at = doc.lineAt(line).range.end;
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, at, text);
  assert.ok(await vscode.workspace.applyEdit(edit), `could not edit ${doc.uri.fsPath}`);
  return doc.positionAt(doc.offsetAt(at) + text.length);
}

/** Discards unsaved edits of a document by reverting it from disk. */
export async function revert(doc: vscode.TextDocument): Promise<void> {
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Completion labels at a position, retried (bounded) until they include all of `expected`. */
export async function completionLabels(uri: vscode.Uri, position: vscode.Position, expected: string[], timeoutMs = 20_000): Promise<string[]> {
  return poll(
    async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
      return (list?.items ?? []).map(labelOf);
    },
    (labels) => expected.every((label) => labels.includes(label)),
    timeoutMs,
    250,
  );
}

export function hoverText(hovers: readonly vscode.Hover[]): { text: string; markdown: boolean } {
  let text = '';
  let markdown = false;
  for (const hover of hovers) {
    for (const content of hover.contents) {
      if (content instanceof vscode.MarkdownString) markdown = true;
      text += `${typeof content === 'string' ? content : content.value}\n`;
    }
  }
  return { text, markdown };
}

/** A modal question the extension asked: its message, detail and buttons. */
export interface ModalQuestion {
  message: string;
  detail: string;
  choices: string[];
}

/**
 * Answers the extension's modal warnings (`showWarningMessage` with `modal: true`) as the author would click, since
 * the test host refuses modal dialogs itself: `answer` picks a button (or undefined to cancel). Other messages pass
 * through. The extension and its tests share one `vscode` API object, so the extension's calls come here. Call
 * `restore` when done (in a `finally`).
 */
export function answerModals(answer: (question: ModalQuestion) => string | undefined): { asked: ModalQuestion[]; restore(): void } {
  const asked: ModalQuestion[] = [];
  const window = vscode.window as unknown as { showWarningMessage: (...args: unknown[]) => Thenable<unknown> };
  const original = window.showWarningMessage;
  window.showWarningMessage = (message: unknown, ...rest: unknown[]) => {
    const options = rest[0] as vscode.MessageOptions | undefined;
    if (typeof options !== 'object' || options === null || !options.modal) return original.call(vscode.window, message, ...rest);
    const choices = rest.slice(1).map((c) => (typeof c === 'string' ? c : (c as vscode.MessageItem).title));
    const question = { message: String(message), detail: options.detail ?? '', choices };
    asked.push(question);
    const picked = answer(question);
    assert.ok(picked === undefined || choices.includes(picked), `the answer "${picked}" is not among the buttons ${JSON.stringify(choices)}`);
    return Promise.resolve(picked);
  };
  assert.strictEqual(vscode.window.showWarningMessage as unknown, window.showWarningMessage, 'vscode.window.showWarningMessage cannot be replaced');
  return { asked, restore: () => { window.showWarningMessage = original; } };
}
