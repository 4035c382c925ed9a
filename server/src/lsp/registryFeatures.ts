// CodeLens over contracts and the requests behind Publish, Compare with Registered Version, Show Changelog and Show Migration Rules.
import { CodeLens, Command, Connection, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from '../engine/analyze';
import { spanAt } from '../engine/check';
import { renderChangelog } from '../engine/diff';
import { migrationReport } from '../engine/migrationReport';
import { publishVerdict } from '../engine/publishGate';
import {
  CHANGELOG_REQUEST, ChangelogResult, DocumentParams, MIGRATION_RULES_REQUEST, MigrationRulesResult, PUBLISH_PLAN_REQUEST, PublishPlan,
  REGISTERED_REQUEST, RegisteredResult, TextReplacement,
} from '../shared/protocol';
import { toRange } from './convert';
import { ContractChecks } from './checks';
import { AnalysisStore } from './documents';
import { filePath } from './paths';
import { guard } from './guard';
import { Settings } from './settings';

export function registerRegistryFeatures(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  store: AnalysisStore,
  checks: ContractChecks,
  settings: () => Settings,
): (params: { textDocument: { uri: string } }) => Promise<CodeLens[]> {
  /** The check of an open contract once its registry listing is read; `found` when it was compared with a registry. */
  const evolutionOf = async (uri: string, breakingSeverity?: Settings['breakingSeverity']) => {
    const doc = documents.get(uri);
    const analysis = doc && store.get(doc);
    const file = filePath(uri);
    if (!doc || !analysis?.isContract || !file) return undefined;
    const check = await checks.settled(doc, breakingSeverity);
    const evolution = check.result.evolution;
    const found = check.entry && evolution ? { entry: check.entry, evolution } : undefined;
    return { doc, analysis: check.result.analysis, file, check, found };
  };

  const contractLenses = async (params: { textDocument: { uri: string } }): Promise<CodeLens[]> => {
    const state = await evolutionOf(params.textDocument.uri);
    if (!state?.analysis.facts.id || !state.analysis.parsed?.analysable) return [];
    const { doc, analysis, found } = state;
    const uri = doc.uri;
    const anchor = toRange(doc, spanAt(analysis, ['id'], 'key'));
    const versions = found?.entry.listing.versions ?? [];
    const result = found?.evolution.result;
    const lenses: CodeLens[] = [];
    if (!found) return [];
    if (versions.length === 0) {
      lenses.push({ range: anchor, command: { title: '$(circle-outline) not registered yet', command: '' } });
    } else {
      const latest = versions[versions.length - 1].version;
      const breaking = result?.changes.filter((c) => c.breaking).length ?? 0;
      const against = result?.compared.map((c) => c.version).join(', ') || latest;
      const title = result?.relation === 'registered'
        ? `$(check) registered ${analysis.facts.version}`
        : `$(history) registered ${latest} · ${breaking === 0 ? 'no breaking changes' : `${breaking} breaking change${breaking === 1 ? '' : 's'}`} vs ${against} (${found.evolution.mode})`;
      lenses.push({ range: anchor, command: { title, command: 'streamcontract.showChangelog', arguments: [uri] } });
      lenses.push({ range: anchor, command: { title: 'Compare with registered', command: 'streamcontract.compareWithRegistered', arguments: [uri] } });
    }
    if (result?.relation !== 'registered') lenses.push({ range: anchor, command: await publishLens(doc) });
    return lenses;
  };

  /** "Publish" only when the publish gate would let it through; otherwise why not, and a click that helps. */
  const publishLens = async (doc: TextDocument): Promise<Command> => {
    // the gate judges the check publish runs: breaking changes as errors
    const gate = await checks.settled(doc, 'error');
    const verdict = publishVerdict(gate.result);
    const analysis = gate.result.analysis;
    const version = analysis.facts.version ?? '';
    if (verdict.ok) {
      // a Schema Registry without an address is refused before anything is published
      const s = settings();
      if (s.registryKind === 'confluent' && !s.registryUrl) return { title: '$(warning) set streamcontract.registry.url to publish', command: 'workbench.action.openSettings', arguments: ['streamcontract.registry.url'] };
      return { title: `Publish ${version}`.trim(), command: 'streamcontract.publish', arguments: [doc.uri] };
    }
    if (verdict.ownErrors) return { title: `$(error) ${plural(verdict.ownErrors, 'error')}: fix ${verdict.ownErrors === 1 ? 'it' : 'them'} to publish`, command: 'workbench.actions.view.problems' };
    if (verdict.bumpTo) {
      const breaking = gate.result.evolution?.result?.changes.filter((c) => c.breaking).length ?? 0;
      const why = breaking ? plural(breaking, 'breaking change') : `${version} cannot be published`;
      return { title: `$(warning) ${why}: bump to ${verdict.bumpTo}`, command: 'streamcontract.bumpVersion', arguments: [doc.uri, versionEdit(doc, analysis, verdict.bumpTo)] };
    }
    return { title: '$(warning) cannot be published: see the changelog', command: 'streamcontract.showChangelog', arguments: [doc.uri] };
  };

  connection.onRequest(
    PUBLISH_PLAN_REQUEST,
    guard(connection, 'publish plan', async (params: DocumentParams): Promise<PublishPlan | null> => {
      // publish refuses whatever `check` calls an error: breaking changes count as errors here, as in CI
      const state = await evolutionOf(params.uri, 'error');
      if (!state) return null;
      const { doc, analysis, file, found } = state;
      const s = settings();
      const registry = { kind: s.registryKind, folder: checks.registry.registryDirFor(file), url: withoutCredentials(s.registryUrl), defaultMode: s.compatibility };
      const base = { contractId: analysis.facts.id ?? undefined, version: analysis.facts.version ?? undefined, registry };
      if (!found) {
        const reason = analysis.facts.id ? 'The contract could not be compared with the registry.' : 'The contract has no `id`: the registry files versions under it.';
        return { ok: false, refusal: reason, summary: '', breaking: [], ...base };
      }
      const verdict = publishVerdict(state.check.result);
      const plan: PublishPlan = { ok: verdict.ok, refusal: verdict.refusal, summary: verdict.summary, breaking: verdict.breaking, ...base };
      if (verdict.previousVersion) plan.previousVersion = verdict.previousVersion;
      if (verdict.bumpTo) plan.bump = { version: verdict.bumpTo, edit: versionEdit(doc, analysis, verdict.bumpTo) };
      if (verdict.ok && analysis.facts.id && analysis.facts.version) {
        plan.request = { contractId: analysis.facts.id, version: analysis.facts.version, text: doc.getText(), value: analysis.parsed!.value as Record<string, unknown>, renames: verdict.renames, previousVersion: verdict.previousVersion };
      }
      return plan;
    }, null),
  );

  connection.onRequest(
    CHANGELOG_REQUEST,
    guard(connection, 'changelog', async (params: DocumentParams): Promise<ChangelogResult | null> => {
      const state = await evolutionOf(params.uri);
      const result = state?.found?.evolution.result;
      // a working copy that is a registered version has no changes since it
      const registered = result?.relation === 'registered' ? result.currentVersion : null;
      if (!state || !result || (result.compared.length === 0 && !registered)) return null;
      const from = registered ?? result.compared.map((c) => c.version).join(', ');
      const version = state.analysis.facts.version;
      // the changes are those of the working copy, whatever version it declares (it may be a registered one)
      const title = `${state.analysis.facts.id}: ${from} → ${version ? `${version} (working copy)` : 'working copy'}`;
      return { title, markdown: renderChangelog(from, version ?? 'working copy', result.changes.map((c) => c.change), result.mode, title) };
    }, null),
  );

  connection.onRequest(
    REGISTERED_REQUEST,
    guard(connection, 'registered version', async (params: DocumentParams): Promise<RegisteredResult | null> => {
      const state = await evolutionOf(params.uri);
      const versions = state?.found?.entry.listing.versions ?? [];
      const compared = state?.found?.evolution.result?.compared[0]?.version;
      const chosen = versions.find((v) => v.version === compared) ?? versions[versions.length - 1];
      return chosen ? { contractId: chosen.contractId, version: chosen.version, text: chosen.text, location: chosen.location } : null;
    }, null),
  );
  connection.onRequest(
    MIGRATION_RULES_REQUEST,
    guard(connection, 'migration rules', async (params: DocumentParams): Promise<MigrationRulesResult | null> => {
      const state = await evolutionOf(params.uri);
      if (!state) return null;
      const { analysis, found } = state;
      return migrationReport(analysis.facts.id ?? '(no id)', analysis.facts.version, found?.evolution.result ?? null, settings().registryKind);
    }, null),
  );
  return contractLenses;
}

/** The edit that sets the document's `version`. */
function versionEdit(doc: TextDocument, analysis: Analysis, version: string): TextReplacement {
  return { range: toRange(doc, spanAt(analysis, ['version'])), newText: version };
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** The URL without user info: credentials live in the editor's secret storage and never travel in LSP messages. */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
  }
}
