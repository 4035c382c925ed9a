// Commands around registered versions: Publish, Compare with Registered Version, Show Changelog, Show Migration Rules, credentials.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import {
  CHANGELOG_REQUEST, ChangelogResult, MIGRATION_RULES_REQUEST, MigrationRulesResult, PUBLISH_PLAN_REQUEST, PublishPlan, REGISTERED_REQUEST,
  RegisteredResult, TextReplacement,
} from '../../server/src/shared/protocol';
import { ConfluentRegistry } from '../../server/src/shared/registry/confluent';
import { FolderRegistry } from '../../server/src/shared/registry/folder';
import { publishInOrder } from '../../server/src/shared/registry/publishInOrder';
import { PublishOutcome, Registry } from '../../server/src/shared/registry/types';
import { commandTarget } from './commandTarget';

const REGISTERED_SCHEME = 'streamcontract-registered';
const CHANGELOG_SCHEME = 'streamcontract-changelog';
const MIGRATION_SCHEME = 'streamcontract-migration';
const SECRET_KEY = 'streamcontract.registry.credentials';
const BUMP_AND_PUBLISH = 'Bump and publish';
const BUMP_ONLY = 'Bump only';
const PUBLISH = 'Publish';

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
    // the changes a major version declares are listed once: with the bump, or before publishing it
    let confirmed = false;
    if (!plan.ok && plan.bump) {
      const detail = [relative(plan.refusal ?? ''), declaredChanges(plan, plan.bump.version)].filter(Boolean).join('\n\n');
      const choice = await vscode.window.showWarningMessage(`${plan.contractId ?? 'This contract'} ${plan.version ?? ''} cannot be published as it is: bump it to ${plan.bump.version}?`, { modal: true, detail }, BUMP_AND_PUBLISH, BUMP_ONLY);
      if (choice !== BUMP_AND_PUBLISH && choice !== BUMP_ONLY) return undefined;
      await applyReplacement(uri, plan.bump.edit);
      await doc.save();
      if (choice === BUMP_ONLY) return undefined;
      confirmed = true;
      plan = await lc.sendRequest<PublishPlan>(PUBLISH_PLAN_REQUEST, { uri: uri.toString() });
    }
    if (!plan.ok || !plan.request) {
      const message = relative(plan.refusal ?? 'unknown reason');
      vscode.window.showErrorMessage(`Cannot publish: ${message}`, { modal: true }).then(undefined, () => undefined);
      return { ok: false, reason: 'refused', message, details: [] };
    }
    const request = plan.request;
    if (!confirmed && plan.breaking.length) {
      const choice = await vscode.window.showWarningMessage(`Publish ${request.contractId} ${request.version}, a new major version?`, { modal: true, detail: declaredChanges(plan, request.version) }, PUBLISH);
      if (choice !== PUBLISH) return undefined;
    }
    const registries = await registriesFor(plan, context);
    if (!registries) return undefined;
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Publishing ${request.contractId} ${request.version}` },
      async (progress) => (await publishInOrder(registries, request, (registry) => progress.report({ message: relative(registry.description) }))).outcome,
    );
    if (outcome.ok) {
      const where = relative(outcome.location);
      output.info(`Published ${request.contractId} ${request.version}: ${where}${outcome.details.length ? `\n  ${outcome.details.map(relative).join('\n  ')}` : ''}`);
      void vscode.window.showInformationMessage(`Published ${request.contractId} ${request.version} to ${where}`);
    } else {
      const details = outcome.details.map(relative);
      output.warn(`Publishing ${request.contractId} ${request.version} failed (${outcome.reason}): ${relative(outcome.message)}\n  ${details.join('\n  ')}`);
      void vscode.window.showErrorMessage(`Publishing ${request.contractId} ${request.version} failed: ${relative(outcome.message)}`, { modal: true, detail: details.join('\n') });
    }
    return outcome;
  };

  /** The lens "N breaking changes: bump to X": sets the version, unsaved, for the author to look at before publishing. */
  const bumpVersion = async (arg: unknown, edit: TextReplacement): Promise<boolean> => {
    const uri = commandTarget(arg);
    return uri ? applyReplacement(uri, edit) : false;
  };

  const migrationTexts = new Map<string, string>();
  const migrationChanged = new vscode.EventEmitter<vscode.Uri>();
  const migrationProvider: vscode.TextDocumentContentProvider = { onDidChange: migrationChanged.event, provideTextDocumentContent: (u) => migrationTexts.get(u.toString()) ?? '' };

  /** Opens the UPGRADE/DOWNGRADE rules of the contract against its registered major, read-only, beside it. */
  const showMigrationRules = async (arg?: unknown): Promise<string | undefined> => {
    const uri = commandTarget(arg);
    if (!uri) return void vscode.window.showWarningMessage('Open a data contract to see its migration rules.');
    const result = await (await client()).sendRequest<MigrationRulesResult | null>(MIGRATION_RULES_REQUEST, { uri: uri.toString() });
    if (!result) return void vscode.window.showInformationMessage(`${path.basename(uri.path)} is not a data contract: it has no migration rules.`);
    const view = vscode.Uri.from({ scheme: MIGRATION_SCHEME, path: `/${path.basename(uri.path)} migration rules.md` });
    migrationTexts.set(view.toString(), result.markdown);
    migrationChanged.fire(view);
    const shown = await vscode.workspace.openTextDocument(view);
    await vscode.window.showTextDocument(shown, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return result.markdown;
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
    vscode.workspace.registerTextDocumentContentProvider(MIGRATION_SCHEME, migrationProvider),
    migrationChanged,
    vscode.commands.registerCommand('streamcontract.publish', publish),
    vscode.commands.registerCommand('streamcontract.bumpVersion', bumpVersion),
    vscode.commands.registerCommand('streamcontract.showMigrationRules', showMigrationRules),
    vscode.commands.registerCommand('streamcontract.compareWithRegistered', compare),
    vscode.commands.registerCommand('streamcontract.showChangelog', changelog),
    vscode.commands.registerCommand('streamcontract.setRegistryCredentials', setCredentials),
  );
}

/** The breaking changes a major version declares, for the modal that asks before declaring them. */
function declaredChanges(plan: PublishPlan, version: string): string {
  if (plan.breaking.length === 0) return '';
  const against = plan.previousVersion ? ` against ${plan.previousVersion}` : '';
  return [`${version} declares ${plan.breaking.length === 1 ? 'this breaking change' : `these ${plan.breaking.length} breaking changes`}${against}:`, ...plan.breaking.map((line) => `• ${line}`)].join('\n');
}

async function applyReplacement(uri: vscode.Uri, replacement: TextReplacement): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  const r = replacement.range;
  edit.replace(uri, new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), replacement.newText);
  return vscode.workspace.applyEdit(edit);
}

/** Text shown to the author names files relative to the workspace folder, never by their absolute path. */
function relative(text: string): string {
  let out = text;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const root = folder.uri.fsPath;
    const prefix = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${folder.name}/` : '';
    for (const separator of new Set([path.sep, '/'])) out = out.split(`${root}${separator}`).join(prefix);
  }
  return out;
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
