// Commands around registered versions: Publish, Compare with Registered Version, Show Changelog, credentials.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import {
  CHANGELOG_REQUEST, ChangelogResult, PUBLISH_PLAN_REQUEST, PublishPlan, REGISTERED_REQUEST, RegisteredResult,
} from '../../server/src/shared/protocol';
import { ConfluentRegistry } from '../../server/src/shared/registry/confluent';
import { FolderRegistry } from '../../server/src/shared/registry/folder';
import { publishInOrder } from '../../server/src/shared/registry/publishInOrder';
import { PublishOutcome, Registry } from '../../server/src/shared/registry/types';
import { commandTarget } from './commandTarget';

const REGISTERED_SCHEME = 'streamcontract-registered';
const CHANGELOG_SCHEME = 'streamcontract-changelog';
const SECRET_KEY = 'streamcontract.registry.credentials';

export function registerRegistryCommands(context: vscode.ExtensionContext, client: () => Promise<LanguageClient>, output: vscode.LogOutputChannel): void {
  const registeredTexts = new Map<string, string>();
  const provider: vscode.TextDocumentContentProvider = { provideTextDocumentContent: (uri) => registeredTexts.get(uri.toString()) ?? '' };
  const changelogs = new Map<string, string>();
  const changelogChanged = new vscode.EventEmitter<vscode.Uri>();
  const changelogProvider: vscode.TextDocumentContentProvider = { onDidChange: changelogChanged.event, provideTextDocumentContent: (uri) => changelogs.get(uri.toString()) ?? '' };

  const publish = async (arg?: unknown): Promise<PublishOutcome | undefined> => {
    const uri = commandTarget(arg);
    if (!uri) return void vscode.window.showWarningMessage('Open a data contract to publish it.');
    if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage('Publishing needs a trusted workspace.');
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.isDirty) await doc.save();
    const lc = await client();
    let plan = await lc.sendRequest<PublishPlan>(PUBLISH_PLAN_REQUEST, { uri: uri.toString() });
    if (!plan.ok && plan.bump) {
      const bump = `Bump to ${plan.bump.version}`;
      const choice = await vscode.window.showWarningMessage(`Cannot publish ${plan.contractId ?? 'this contract'} ${plan.version ?? ''}`, { modal: true, detail: plan.refusal }, bump);
      if (choice !== bump) return undefined;
      const edit = new vscode.WorkspaceEdit();
      const r = plan.bump.edit.range;
      edit.replace(uri, new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), plan.bump.edit.newText);
      await vscode.workspace.applyEdit(edit);
      await doc.save();
      plan = await lc.sendRequest<PublishPlan>(PUBLISH_PLAN_REQUEST, { uri: uri.toString() });
    }
    if (!plan.ok || !plan.request) {
      const message = plan.refusal ?? 'unknown reason';
      vscode.window.showErrorMessage(`Cannot publish: ${message}`, { modal: true }).then(undefined, () => undefined);
      return { ok: false, reason: 'refused', message, details: [] };
    }
    const request = plan.request;
    const registries = await registriesFor(plan, context);
    if (!registries) return undefined;
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Publishing ${request.contractId} ${request.version}` },
      async (progress) => (await publishInOrder(registries, request, (registry) => progress.report({ message: registry.description }))).outcome,
    );
    const details = outcome.details.map(inWorkspace);
    if (outcome.ok) {
      output.info(`Published ${request.contractId} ${request.version}: ${inWorkspace(outcome.location)}${details.length ? `\n  ${details.join('\n  ')}` : ''}`);
      void vscode.window.showInformationMessage(`Published ${request.contractId} ${request.version} to ${inWorkspace(outcome.location)}`);
    } else {
      output.warn(`Publishing ${request.contractId} ${request.version} failed (${outcome.reason}): ${inWorkspace(outcome.message)}\n  ${details.join('\n  ')}`);
      void vscode.window.showErrorMessage(`Publishing ${request.contractId} ${request.version} failed: ${inWorkspace(outcome.message)}`, { modal: true, detail: details.join('\n') });
    }
    return outcome;
  };

  const compare = async (arg?: unknown): Promise<void> => {
    const uri = commandTarget(arg);
    if (!uri) return;
    const registered = await (await client()).sendRequest<RegisteredResult | null>(REGISTERED_REQUEST, { uri: uri.toString() });
    if (!registered) return void vscode.window.showInformationMessage('This contract has no registered version yet.');
    const left = vscode.Uri.from({ scheme: REGISTERED_SCHEME, path: `/${registered.contractId}/${registered.version}.odcs.yaml` });
    registeredTexts.set(left.toString(), registered.text);
    await vscode.commands.executeCommand('vscode.diff', left, uri, `${registered.contractId}: registered ${registered.version} ↔ working copy`);
  };

  const changelog = async (arg?: unknown): Promise<void> => {
    const uri = commandTarget(arg);
    if (!uri) return;
    const result = await (await client()).sendRequest<ChangelogResult | null>(CHANGELOG_REQUEST, { uri: uri.toString() });
    if (!result) return void vscode.window.showInformationMessage('This contract has no registered version to compare with.');
    // one read-only document per contract: run again, it is refreshed and shown where it is, not opened twice
    const target = vscode.Uri.from({ scheme: CHANGELOG_SCHEME, path: `/${path.posix.basename(uri.path).replace(/\.odcs\.ya?ml$/i, '')} changelog.md`, query: uri.toString() });
    changelogs.set(target.toString(), result.markdown);
    changelogChanged.fire(target);
    const doc = await vscode.workspace.openTextDocument(target);
    const shownIn = vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === target.toString()));
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: shownIn?.viewColumn ?? vscode.ViewColumn.Beside });
  };

  const setCredentials = async (): Promise<void> => {
    const username = await vscode.window.showInputBox({ title: 'Schema Registry credentials (1/2)', prompt: 'User or API key (leave empty to use a bearer token)', ignoreFocusOut: true });
    if (username === undefined) return;
    const secret = await vscode.window.showInputBox({ title: 'Schema Registry credentials (2/2)', prompt: username ? 'Password or API secret' : 'Bearer token', password: true, ignoreFocusOut: true });
    if (secret === undefined) return;
    await context.secrets.store(SECRET_KEY, JSON.stringify(username ? { username, password: secret } : { token: secret }));
    void vscode.window.showInformationMessage('Schema Registry credentials saved in secret storage.');
  };

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(REGISTERED_SCHEME, provider),
    vscode.workspace.registerTextDocumentContentProvider(CHANGELOG_SCHEME, changelogProvider),
    changelogChanged,
    vscode.commands.registerCommand('streamcontract.publish', publish),
    vscode.commands.registerCommand('streamcontract.compareWithRegistered', compare),
    vscode.commands.registerCommand('streamcontract.showChangelog', changelog),
    vscode.commands.registerCommand('streamcontract.setRegistryCredentials', setCredentials),
  );
}

/** The Schema Registry first (it may refuse), then the workspace folder, which every comparison reads. */
async function registriesFor(plan: PublishPlan, context: vscode.ExtensionContext): Promise<Registry[] | undefined> {
  const folder = new FolderRegistry(plan.registry.folder);
  if (plan.registry.kind === 'folder') return [folder];
  if (!plan.registry.url) {
    void vscode.window.showErrorMessage('Set streamcontract.registry.url to publish to a Schema Registry.');
    return undefined;
  }
  const stored = await context.secrets.get(SECRET_KEY);
  const auth = stored ? (JSON.parse(stored) as { username: string; password: string } | { token: string }) : undefined;
  // the content model registered follows the mode the editor judged the contract under
  return [new ConfluentRegistry({ url: plan.registry.url, auth, defaultMode: plan.registry.defaultMode }), folder];
}

/** Paths in a registry's words, relative to the workspace folders (registry URLs are left as they are). */
function inWorkspace(text: string): string {
  return (vscode.workspace.workspaceFolders ?? []).reduce((t, f) => (f.uri.scheme === 'file' ? t.split(f.uri.fsPath + path.sep).join('') : t), text);
}
