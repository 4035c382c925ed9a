// Settings from the client are taken with care: a size limit below its minimum is raised to it, and a registry URL's
// credentials never come back in an LSP message.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PUBLISH_PLAN_REQUEST, PublishPlan } from '../../server/src/shared/protocol';
import { FIXTURES } from '../support/fixtures';
import { TestClient } from '../support/lspClient';

const client = new TestClient();
let workspace: string;

before(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'streamcontract-settings-'));
  cpSync(path.join(FIXTURES, 'cli', 'check-breaking', 'work'), workspace, { recursive: true });
  await client.start([{ uri: pathToFileURL(workspace).toString(), name: 'ws' }], { maxFileSizeKB: 1, registry: { kind: 'confluent', url: 'https://ci-bot:s3cr3t-token@registry.example:8081/api' } });
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test('maxFileSizeKB below 64 is taken as 64: a 6 KiB contract is analysed', async () => {
  const file = path.join(workspace, 'contracts', 'customers.odcs.yaml');
  const uri = pathToFileURL(file).toString();
  await client.open(uri, readFileSync(file, 'utf8'));
  const info = await client.until(() => client.infos.get(uri)?.find((i) => i.complete), 'the complete check');
  assert.equal(info.skippedReason, null);
  assert.ok(!client.diagnostics.get(uri)!.at(-1)!.diagnostics.some((d) => d.code === 'file-too-large'));
});

test('the publish plan names the Schema Registry without the credentials written into its URL', async () => {
  const uri = pathToFileURL(path.join(workspace, 'contracts', 'customers.odcs.yaml')).toString();
  const plan = (await client.connection.sendRequest(PUBLISH_PLAN_REQUEST, { uri })) as PublishPlan;
  assert.equal(plan.registry.url, 'https://registry.example:8081/api');
  assert.ok(!JSON.stringify(plan).includes('s3cr3t'), 'the plan carries the secret');
});
