// LSP round trips for contract evolution: breaking changes against the registry folder, quick fixes, CodeLens, publish plan.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CodeAction, CodeActionRequest, CodeLens, CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { CHANGELOG_REQUEST, ChangelogResult, PUBLISH_PLAN_REQUEST, PublishPlan } from '../../server/src/shared/protocol';
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
  assert.deepEqual(actions.map((a) => a.title), ['Bump the version to 2.0.0 (a breaking change needs a new major)']);
  assert.equal(actions[0].edit?.changes?.[uri]?.[0].newText, '2.0.0');

  const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
  assert.deepEqual(lenses.map((l) => l.command?.title), ['$(history) registered 1.0.0 · 1 breaking change vs 1.0.0 (FORWARD)', 'Compare with registered', 'Publish 1.1.0']);

  const plan = (await client.connection.sendRequest(PUBLISH_PLAN_REQUEST, { uri })) as PublishPlan;
  assert.equal(plan.ok, false);
  assert.equal(plan.bump?.version, '2.0.0');
  assert.equal(plan.registry.folder, path.join(workspace, 'contract-registry'));
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
  assert.deepEqual(actions.map((a) => a.title), ['Bump the version to 2.0.0 (a breaking change needs a new major)']);
  assert.equal(actions[0].isPreferred, true);
  assert.deepEqual(actions[0].diagnostics?.map((d) => d.range.start.line), renames.map((d) => d.range.start.line));
  assert.equal(actions[0].edit?.changes?.[uri]?.length, 1);
});

test('the changelog is titled with the contract, the registered version and the working copy', async () => {
  // opened by the first test, unchanged: 1.1.0 renames a property of registered 1.0.0
  const uri = pathToFileURL(path.join(workspace, 'contracts', 'customers.odcs.yaml')).toString();
  const changelog = (await client.connection.sendRequest(CHANGELOG_REQUEST, { uri })) as ChangelogResult;
  assert.equal(changelog.title, 'customers-public: 1.0.0 → 1.1.0 (working copy)');
  assert.equal(changelog.markdown.split('\n')[0], '## customers-public: 1.0.0 → 1.1.0 (working copy)');
  assert.match(changelog.markdown, /`property-renamed`/);
});
