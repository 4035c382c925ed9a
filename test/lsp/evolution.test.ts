// LSP round trips for contract evolution: breaking changes against the registry folder, quick fixes, CodeLens, publish plan.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CodeAction, CodeActionRequest, CodeLens, CodeLensRequest, DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { CHANGELOG_REQUEST, ChangelogResult, MIGRATION_RULES_REQUEST, MigrationRulesResult, PUBLISH_PLAN_REQUEST, PublishPlan } from '../../server/src/shared/protocol';
import { FIXTURES } from '../support/fixtures';
import { TestClient } from '../support/lspClient';

const client = new TestClient();
let workspace: string;

before(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'streamcontract-lsp-'));
  cpSync(path.join(FIXTURES, 'cli', 'check-breaking', 'work'), workspace, { recursive: true });
  await client.start([{ uri: pathToFileURL(workspace).toString(), name: 'ws' }]);
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test('a breaking rename is flagged on its line, with the registered line and the fixes', async () => {
  const file = path.join(workspace, 'contracts', 'customers.odcs.yaml');
  const uri = pathToFileURL(file).toString();
  await client.open(uri, readFileSync(file, 'utf8'));
  const published = await client.until(() => client.diagnostics.get(uri)?.find((p) => p.diagnostics.some((d) => d.code === 'property-renamed')), 'the breaking-change diagnostic');
  const rename = published.diagnostics.find((d) => d.code === 'property-renamed')!;
  assert.equal(rename.range.start.line, 70);
  assert.equal(rename.severity, 2, 'breaking changes are warnings by default');
  assert.match(rename.codeDescription?.href ?? '', /docs\/rules\.md#property-renamed$/);
  const related = rename.relatedInformation?.[0];
  assert.match(related?.location.uri ?? '', /contract-registry\/customers-public\/1\.0\.0\.odcs\.yaml$/);
  assert.equal(related?.location.range.start.line, 70);
  const bump = published.diagnostics.find((d) => d.code === 'version-major-bump-required');
  assert.equal(bump?.range.start.line, 5);

  const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: rename.range, context: { diagnostics: [rename] } })) as CodeAction[];
  assert.deepEqual(actions.map((a) => a.title), ['Bump the version to 2.0.0 (a breaking change needs a new major)', 'Keep the old payload name: `physicalName: last_name`']);
  assert.equal(actions[0].edit?.changes?.[uri]?.[0].newText, '2.0.0');
  const keep = actions[1].edit?.changes?.[uri]?.[0];
  assert.equal(keep?.range.start.line, 70, 'physicalName goes after the renamed property\'s name');
  assert.equal(keep?.newText, '\n        physicalName: last_name');

  // publishing would be refused: the lens says why, and a click bumps the version
  const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
  assert.deepEqual(lenses.map((l) => l.command?.title), ['$(history) registered 1.0.0 · 1 breaking change vs 1.0.0 (FORWARD)', 'Compare with registered', '$(warning) 1 breaking change: bump to 2.0.0']);
  const bumpLens = lenses[2].command!;
  assert.equal(bumpLens.command, 'streamcontract.bumpVersion');
  assert.deepEqual(bumpLens.arguments, [uri, { range: { start: { line: 5, character: 9 }, end: { line: 5, character: 14 } }, newText: '2.0.0' }]);

  const plan = (await client.connection.sendRequest(PUBLISH_PLAN_REQUEST, { uri })) as PublishPlan;
  assert.equal(plan.ok, false);
  assert.equal(plan.bump?.version, '2.0.0');
  assert.deepEqual(plan.breaking, ['customers: `last_name` renamed to `surname`'], 'the bump would declare the rename');
  assert.equal(plan.registry.folder, path.join(workspace, 'contract-registry'));

  // within major 1 the rules are those a bump to 2.0.0 would register
  const rules = (await client.connection.sendRequest(MIGRATION_RULES_REQUEST, { uri })) as MigrationRulesResult;
  assert.match(rules.markdown, /^# Migration rules of customers-public: 1\.0\.0 → 2\.0\.0$/m);
  assert.match(rules.markdown, /Version 1\.1\.0 is still in major version 1/);
  assert.match(rules.markdown, /### `customers_v1_to_v2` \(UPGRADE\)\n\n.*\n\n```jsonata\n\$merge\(\[\$sift\(\$, function\(\$v, \$k\) \{\$k != 'last_name'\}\), \{'surname': \$\.'last_name'\}\]\)\n```/);
  assert.match(rules.markdown, /### `customers_v2_to_v1` \(DOWNGRADE\)/);
});

test('across the major bump: Publish is offered, the consumers are told what they will see, and the rules are those of the bump', async () => {
  const file = path.join(workspace, 'contracts', 'customers.odcs.yaml');
  const uri = pathToFileURL(file).toString();
  const bumped = readFileSync(file, 'utf8').replace(/^version: 1\.1\.0$/m, 'version: 2.0.0');
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: bumped }] });
  const published = await client.until(() => client.diagnostics.get(uri)?.find((p) => p.diagnostics.some((d) => d.code === 'major-version-consumers')), 'the major version information');
  const consumers = published.diagnostics.find((d) => d.code === 'major-version-consumers')!;
  assert.equal(consumers.range.start.line, 5);
  assert.equal(consumers.severity, 3, 'information');
  assert.match(consumers.message, /consumers of topic `customers` will see 1 breaking change since 1\.0\.0: `last_name` renamed to `surname`/);
  assert.match(consumers.message, /`customers_v1_to_v2` \(UPGRADE\), `customers_v2_to_v1` \(DOWNGRADE\)/);

  const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: consumers.range, context: { diagnostics: [consumers] } })) as CodeAction[];
  assert.equal(actions.length, 2);
  assert.match(actions[0].title, /^Publish 2\.x on `customers_v2`/);
  assert.ok(actions[0].edit?.changes?.[uri]?.some((e) => e.newText === 'customers_v2'), 'the stream moves to customers_v2');
  assert.equal(actions[1].edit, undefined, 'keeping the topic edits nothing');
  assert.deepEqual(actions[1].command, { title: 'Show Migration Rules', command: 'streamcontract.showMigrationRules', arguments: [uri] });

  const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
  assert.deepEqual(lenses.map((l) => l.command?.title), ['$(history) registered 1.0.0 · no breaking changes vs 1.0.0 (FORWARD)', 'Compare with registered', 'Publish 2.0.0']);
  assert.deepEqual(lenses[2].command?.arguments, [uri]);

  const plan = (await client.connection.sendRequest(PUBLISH_PLAN_REQUEST, { uri })) as PublishPlan;
  assert.equal(plan.ok, true, plan.refusal);
  assert.equal(plan.previousVersion, '1.0.0');
  assert.deepEqual(plan.breaking, ['customers: `last_name` renamed to `surname`']);
  assert.deepEqual(plan.request?.renames, [{ stream: 'customers', topic: 'customers', from: 'last_name', to: 'surname' }]);

  const rules = (await client.connection.sendRequest(MIGRATION_RULES_REQUEST, { uri })) as MigrationRulesResult;
  assert.match(rules.markdown, /^# Migration rules of customers-public: 1\.0\.0 → 2\.0\.0$/m);
  assert.doesNotMatch(rules.markdown, /still in major version/);
  assert.match(rules.markdown, /keeps no migration rules: with `streamcontract\.registry\.kind: confluent`/);
});

test('with the confluent registry kind but no registry URL, the lens asks for the URL instead of offering Publish', async () => {
  const confluent = new TestClient();
  await confluent.start([{ uri: pathToFileURL(workspace).toString(), name: 'ws' }], { registry: { kind: 'confluent' } });
  try {
    const uri = pathToFileURL(path.join(workspace, 'contracts', 'customers.odcs.yaml')).toString();
    const text = readFileSync(path.join(workspace, 'contracts', 'customers.odcs.yaml'), 'utf8').replace(/^version: 1\.1\.0$/m, 'version: 2.0.0');
    await confluent.open(uri, text);
    await confluent.until(() => confluent.infos.get(uri)?.find((i) => i.complete), 'the complete check');
    const lenses = (await confluent.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
    const last = lenses.at(-1)?.command;
    assert.equal(last?.title, '$(warning) set streamcontract.registry.url to publish');
    assert.deepEqual([last?.command, last?.arguments], ['workbench.action.openSettings', ['streamcontract.registry.url']]);
  } finally {
    await confluent.stop();
  }
});

test('breaking changes that offer the same new major give one quick fix for all of them', async () => {
  const registered = readFileSync(path.join(workspace, 'contract-registry', 'customers-public', '1.0.0.odcs.yaml'), 'utf8');
  const text = registered.replace('version: 1.0.0', 'version: 1.1.0').replace('name: last_name', 'name: surname').replace('name: first_name', 'name: given_name');
  const uri = pathToFileURL(path.join(workspace, 'contracts', 'two-renames.odcs.yaml')).toString();
  await client.open(uri, text);
  const published = await client.until(() => client.diagnostics.get(uri)?.find((p) => p.diagnostics.filter((d) => d.code === 'property-renamed').length === 2), 'two breaking renames');
  const renames = published.diagnostics.filter((d) => d.code === 'property-renamed');
  const range = { start: renames[0].range.start, end: renames[1].range.end };
  const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: renames } })) as CodeAction[];
  assert.deepEqual(actions.map((a) => a.title), ['Bump the version to 2.0.0 (a breaking change needs a new major)', 'Keep the old payload name: `physicalName: first_name`', 'Keep the old payload name: `physicalName: last_name`'], 'one bump for both renames, one keep per rename');
  assert.equal(actions[0].isPreferred, true);
  assert.deepEqual(actions[0].diagnostics?.map((d) => d.range.start.line), renames.map((d) => d.range.start.line));
  assert.equal(actions[0].edit?.changes?.[uri]?.length, 1);
});

test('the changelog is titled with the contract, the registered version and the working copy', async () => {
  // opened by the first test and bumped to 2.0.0 by the second: it renames a property of registered 1.0.0
  const uri = pathToFileURL(path.join(workspace, 'contracts', 'customers.odcs.yaml')).toString();
  const changelog = (await client.connection.sendRequest(CHANGELOG_REQUEST, { uri })) as ChangelogResult;
  assert.equal(changelog.title, 'customers-public: 1.0.0 → 2.0.0 (working copy)');
  assert.equal(changelog.markdown.split('\n')[0], '## customers-public: 1.0.0 → 2.0.0 (working copy)');
  assert.match(changelog.markdown, /`property-renamed`/);
});
