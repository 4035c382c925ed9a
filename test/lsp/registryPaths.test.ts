// LSP round trip: messages name registry files relative to the workspace folder; related information links to them in full.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FIXTURES } from '../support/fixtures';
import { TestClient } from '../support/lspClient';

const client = new TestClient();
let workspace: string;

before(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'streamcontract-lsp-'));
  cpSync(path.join(FIXTURES, 'cli', 'check-breaking', 'work'), workspace, { recursive: true });
  // an entry the registry cannot use, beside the usable 1.0.0
  writeFileSync(path.join(workspace, 'contract-registry', 'customers-public', '1.0.odcs.yaml'), 'not a version\n');
  await client.start([{ uri: pathToFileURL(workspace).toString(), name: 'ws' }]);
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test('registry problems name their files relative to the workspace folder', async () => {
  const file = path.join(workspace, 'contracts', 'customers.odcs.yaml');
  const uri = pathToFileURL(file).toString();
  // version 1.0.0 again, with a renamed property: registered already, with different content
  await client.open(uri, readFileSync(file, 'utf8').replace('version: 1.1.0', 'version: 1.0.0'));
  const published = await client.until(
    () => client.diagnostics.get(uri)?.find((p) => p.diagnostics.some((d) => d.code === 'version-already-registered') && p.diagnostics.some((d) => d.code === 'registry-entry-unusable')),
    'the registry diagnostics',
  );
  const byCode = (code: string) => published.diagnostics.find((d) => d.code === code)!;
  assert.match(byCode('version-already-registered').message, /already registered with different content \(contract-registry\/customers-public\/1\.0\.0\.odcs\.yaml\)/);
  assert.match(byCode('registry-entry-unusable').message, /not usable \(contract-registry\/customers-public\/1\.0\.odcs\.yaml\)/);
  for (const d of published.diagnostics) assert.ok(!d.message.includes(workspace), `${d.code} prints an absolute path: ${d.message}`);
  const related = byCode('property-renamed').relatedInformation?.[0]?.location.uri;
  assert.equal(related, pathToFileURL(path.join(workspace, 'contract-registry', 'customers-public', '1.0.0.odcs.yaml')).toString());
});
