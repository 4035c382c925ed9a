// LSP round trips for source links: definition, references and hover between a contract and its .sql file, and the SQL preview.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CodeAction, CodeActionRequest, CodeLens, CodeLensRequest, DefinitionRequest, DidChangeTextDocumentNotification, Hover, HoverRequest, Location, ReferencesRequest,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { GENERATED_SQL_REQUEST, GeneratedSqlResult } from '../../server/src/shared/protocol';
import { REPO_ROOT } from '../support/fixtures';
import { TestClient } from '../support/lspClient';

const client = new TestClient();
let workspace: string;
let contractUri: string;
let contractText: string;
let sqlUri: string;

before(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'streamcontract-lineage-'));
  cpSync(path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
  await client.start([{ uri: pathToFileURL(workspace).toString(), name: 'examples' }]);
  contractUri = pathToFileURL(path.join(workspace, 'customers.odcs.yaml')).toString();
  contractText = readFileSync(path.join(workspace, 'customers.odcs.yaml'), 'utf8');
  sqlUri = pathToFileURL(path.join(workspace, 'sources', 'inventory.customers.sql')).toString();
  await client.open(contractUri, contractText);
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

/** The position of the n-th occurrence of `needle` in the contract, plus `shift` characters. */
function positionOf(text: string, needle: string, shift = 0): { line: number; character: number } {
  const offset = text.indexOf(needle) + shift;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

test('go to definition from a transformSourceObjects entry lands on the column in the .sql file', async () => {
  const position = positionOf(contractText, 'inventory.customers.fname', 22);
  const location = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: contractUri }, position })) as Location;
  assert.equal(location.uri, sqlUri);
  const sql = readFileSync(path.join(workspace, 'sources', 'inventory.customers.sql'), 'utf8').split('\n');
  assert.match(sql[location.range.start.line].slice(location.range.start.character), /^fname\b/);
});

test('hover on a column inside transformLogic describes the source column', async () => {
  const position = positionOf(contractText, "DATE_FORMAT(registered", 13);
  const hover = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: contractUri }, position })) as Hover;
  const value = (hover.contents as { value: string }).value;
  assert.match(value, /inventory\.customers\.registered/);
  assert.match(value, /TIMESTAMP/);
  assert.match(value, /postgres-cdc/);
});

test('references from a column in the .sql file find the contract fields that read it', async () => {
  const sqlText = readFileSync(path.join(workspace, 'sources', 'inventory.customers.sql'), 'utf8');
  await client.open(sqlUri, sqlText, 'sql');
  const position = positionOf(sqlText, '  status', 2);
  const refs = (await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: sqlUri }, position, context: { includeDeclaration: false } })) as Location[];
  const contractRefs = refs.filter((r) => r.uri === contractUri).map((r) => r.range.start.line + 1);
  assert.ok(contractRefs.length >= 2, `expected the transformSourceObjects entry and the CASE to read status: ${JSON.stringify(refs)}`);
  const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: sqlUri } })) as CodeLens[];
  const statusLens = lenses.find((l) => l.range.start.line === position.line);
  assert.match(statusLens?.command?.title ?? '', /^used by 1 contract \(customers-public\.status\)/);
});

test('the generated SQL preview request returns the job and where each field landed', async () => {
  const result = (await client.connection.sendRequest(GENERATED_SQL_REQUEST, { uri: contractUri })) as GeneratedSqlResult;
  assert.match(result.sql, /INSERT INTO `customers_sink`/);
  assert.deepEqual(result.problems, []);
  const lastName = result.fields.find((f) => f.field === 'last_name');
  assert.ok(lastName);
  assert.match(result.sql.split('\n')[lastName.line], /`lname` AS `last_name`/);
  assert.equal(contractText.split('\n')[lastName.range.start.line].trim(), 'name: last_name');
});

test('the COALESCE fix of a rename, unsaved: one information in the contract, none in the migration, and a job that reads both columns', async () => {
  const fixture = path.join(REPO_ROOT, 'test', 'fixtures', 'quickfix', 'rename-coalesce');
  const dir = mkdtempSync(path.join(tmpdir(), 'streamcontract-rename-'));
  cpSync(fixture, dir, { recursive: true, filter: (src) => !/(expected|fix\.json)$/.test(src) });
  const renames = new TestClient();
  try {
    await renames.start([{ uri: pathToFileURL(dir).toString(), name: 'renames' }]);
    const uri = pathToFileURL(path.join(dir, 'customers.odcs.yaml')).toString();
    const migration = pathToFileURL(path.join(dir, 'sources', 'V2__rename_fname.sql')).toString();
    const before = TextDocument.create(uri, 'odcs', 1, readFileSync(path.join(dir, 'customers.odcs.yaml'), 'utf8'));
    await renames.open(uri, before.getText());
    await renames.open(migration, readFileSync(path.join(dir, 'sources', 'V2__rename_fname.sql'), 'utf8'), 'sql');
    const codes = (u: string, version?: number) => renames.diagnostics.get(u)?.filter((p) => version === undefined || p.version === version).at(-1)?.diagnostics;
    const broken = await renames.until(() => codes(uri)?.find((d) => d.code === 'source-column-renamed'), 'the rename error');
    await renames.until(() => codes(migration)?.find((d) => d.code === 'source-rename-breaks-contract'), 'the migration warning');

    const actions = (await renames.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: broken.range, context: { diagnostics: [broken] } })) as CodeAction[];
    const coalesce = actions.find((a) => a.title.startsWith('Read COALESCE(`fname`, `first_name`)'));
    assert.ok(coalesce?.edit?.changes?.[uri], `no COALESCE fix: ${JSON.stringify(actions.map((a) => a.title))}`);
    const fixed = TextDocument.applyEdits(before, coalesce.edit.changes[uri]);
    await renames.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });

    const after = await renames.until(() => codes(uri, 2), 'the fixed contract checked');
    assert.deepEqual(after.map((d) => `${d.code} ${d.severity}`), ['source-rename-transition 3'], 'the rename is one information');
    // the migration's warning goes with the unsaved fix: nothing reads `fname` alone any more
    await renames.until(() => (codes(migration)?.length === 0 ? true : undefined), 'the migration without its warning');

    const job = (await renames.connection.sendRequest(GENERATED_SQL_REQUEST, { uri })) as GeneratedSqlResult;
    assert.deepEqual(job.problems, []);
    assert.match(job.sql, /^ {2}`fname` STRING,$/m, 'the source table declares the old column, nullable');
    assert.match(job.sql, /COALESCE\(`fname`, `first_name`\) AS `first_name`/);
    const hover = (await renames.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: after[0].range.start })) as Hover;
    assert.match((hover.contents as { value: string }).value, /Renamed to `first_name` in `V2__rename_fname\.sql`/);
  } finally {
    await renames.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
