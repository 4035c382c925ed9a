// LSP round trips against the bundled server over stdio: the editor gets exactly what the engine fixtures expect.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CodeAction, CodeActionRequest, CompletionItem, CompletionList, CompletionRequest, Diagnostic, DidChangeTextDocumentNotification,
  DocumentSymbol, DocumentSymbolRequest, HoverRequest,
} from 'vscode-languageserver-protocol/node';
import { FIXTURES, withCursor } from '../support/fixtures';
import { TestClient } from '../support/lspClient';

const client = new TestClient();
const { diagnostics, infos } = client;
const until = client.until.bind(client);
const open = client.open.bind(client);
let connection: TestClient['connection'];

before(async () => {
  await client.start();
  connection = client.connection;
});

after(() => client.stop());

const fixture = (rel: string) => readFileSync(path.join(FIXTURES, rel), 'utf8');
const summary = (d: Diagnostic) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`;

test('diagnostics for a broken contract match its lint fixture', async () => {
  for (const name of ['schema/enum-did-you-mean', 'rules/duplicate-property-name', 'yaml/duplicate-key']) {
    const uri = `file:///work/${name.replace('/', '-')}.odcs.yaml`;
    await open(uri, fixture(`lint/${name}/input.odcs.yaml`));
    const published = await until(() => diagnostics.get(uri)?.at(-1), `diagnostics of ${name}`);
    const expected = JSON.parse(fixture(`lint/${name}/expected.json`)).problems.map((p: { code: string; range: string }) => `${p.code} ${p.range}`);
    assert.deepEqual(published.diagnostics.map(summary), expected, name);
    assert.ok(published.diagnostics.every((d) => d.source === 'streamcontract'));
  }
});

test('an edit updates the diagnostics and the status facts', async () => {
  const uri = 'file:///work/edited.odcs.yaml';
  const valid = fixture('lint/valid/minimal-v3.1/input.odcs.yaml');
  await open(uri, valid);
  assert.deepEqual((await until(() => diagnostics.get(uri)?.at(-1), 'first diagnostics')).diagnostics, []);
  const at = valid.indexOf('logicalType: string') + 'logicalType: '.length;
  const line = valid.slice(0, at).split('\n').length - 1;
  const character = at - valid.lastIndexOf('\n', at - 1) - 1;
  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 6 } }, text: 'strng' }],
  });
  const second = await until(() => diagnostics.get(uri)?.find((p) => p.version === 2), 'diagnostics after the edit');
  assert.deepEqual(second.diagnostics.map((d) => d.code), ['schema-invalid-value']);
  assert.match(second.diagnostics[0].message, /did you mean `string`/);
  const actions = (await connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: second.diagnostics[0].range, context: { diagnostics: second.diagnostics } })) as CodeAction[];
  assert.deepEqual(actions.map((a) => [a.title, a.kind, a.edit?.changes?.[uri]?.[0].newText]), [['Change to `string`', 'quickfix', 'string']]);
  assert.deepEqual(actions[0].edit?.changes?.[uri]?.[0].range, second.diagnostics[0].range);
  const info = await until(() => infos.get(uri)?.at(-1)?.errors === 1 ? infos.get(uri)!.at(-1) : undefined, 'status facts');
  assert.deepEqual([info.isContract, info.apiVersion, info.version, info.contractId], [true, 'v3.1.0', '1.2.0', 'orders-public']);
});

test('completion and hover at marked positions', async () => {
  const uri = 'file:///work/complete.odcs.yaml';
  const { text, offset } = withCursor(fixture('completion/logical-type-values/input.odcs.yaml'));
  await open(uri, text);
  const lines = text.slice(0, offset).split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const result = (await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as CompletionItem[] | CompletionList;
  const labels = (Array.isArray(result) ? result : result.items).map((i) => i.label);
  assert.ok(labels.includes('string') && labels.includes('integer'), labels.join(','));

  const hoverDoc = withCursor(fixture('hover/property-logical-type/input.odcs.yaml'));
  await open('file:///work/hover.odcs.yaml', hoverDoc.text);
  const hoverLines = hoverDoc.text.slice(0, hoverDoc.offset).split('\n');
  const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///work/hover.odcs.yaml' }, position: { line: hoverLines.length - 1, character: hoverLines[hoverLines.length - 1].length } });
  const markdown = (hover?.contents as { value: string }).value;
  assert.equal(markdown + '\n', readFileSync(path.join(FIXTURES, 'hover/property-logical-type/expected.md'), 'utf8').replace(/\n\n<!-- span: .* -->\n$/, '\n'));
});

test('outline lists streams and properties', async () => {
  const uri = 'file:///work/outline.odcs.yaml';
  await open(uri, fixture('symbols/nested/input.odcs.yaml'));
  const symbols = (await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
  const schema = symbols.find((s) => s.name === 'schema');
  assert.deepEqual(schema?.children?.map((s) => s.name), ['orders', 'customers']);
  assert.deepEqual(schema?.children?.[0].children?.map((s) => s.name), ['order_id', 'address', 'lines']);
});

test('other YAML files are left alone, while kind: DataContract YAML is checked', async () => {
  const plain = 'file:///work/docker-compose.yaml';
  await open(plain, fixture('lint/files/plain-yaml-ignored/input.yaml'), 'yaml');
  const info = await until(() => infos.get(plain)?.at(-1), 'status facts of the plain YAML file');
  assert.equal(info.isContract, false);
  assert.equal(diagnostics.get(plain), undefined);

  const byContent = 'file:///work/contract.yaml';
  await open(byContent, fixture('lint/files/kind-datacontract-in-plain-yaml/input.yaml'), 'yaml');
  const published = await until(() => diagnostics.get(byContent)?.at(-1), 'diagnostics of a kind: DataContract file');
  assert.deepEqual(published.diagnostics.map((d) => d.code), ['unknown-status']);
});

test('requests for unknown documents are answered, and the server keeps serving', async () => {
  const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///nowhere.odcs.yaml' }, position: { line: 0, character: 0 } });
  assert.equal(hover, null);
  const uri = 'file:///work/after.odcs.yaml';
  await open(uri, fixture('lint/yaml/alias-bomb/input.odcs.yaml'));
  const published = await until(() => diagnostics.get(uri)?.at(-1), 'diagnostics after a hostile document');
  assert.deepEqual(published.diagnostics.map((d) => d.code), ['yaml-alias-limit']);
});
