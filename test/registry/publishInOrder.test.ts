// Publishing to the Schema Registry, then the folder: an interrupted publish is completed by publishing the same text again.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { link } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, test } from 'node:test';
import { ConfluentRegistry } from '../../server/src/shared/registry/confluent';
import { FolderRegistry } from '../../server/src/shared/registry/folder';
import { publishInOrder } from '../../server/src/shared/registry/publishInOrder';
import { FakeSchemaRegistry } from './fakeSchemaRegistry';
import { contractText, request } from './support';

const ID = 'customers-public';
const scratch: string[] = [];
after(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

let fake: FakeSchemaRegistry;
beforeEach(async () => {
  fake = new FakeSchemaRegistry();
  await fake.start();
});
afterEach(() => fake.stop());

/** A folder registry whose first `n` attempts to name a version file fail, as a full or read-only disk would. */
function failingFolder(n: number): FolderRegistry {
  const root = mkdtempSync(path.join(tmpdir(), 'streamcontract-in-order-'));
  scratch.push(root);
  let failures = n;
  return new FolderRegistry(root, {
    fs: { link: async (from, to) => (failures-- > 0 ? Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })) : link(from, to)) },
  });
}

const subjectsPosted = () => fake.paths().filter((p) => /^POST \/subjects\//.test(p));

test('the Schema Registry accepted the version, the folder write failed: publishing the same text again writes the folder copy', async () => {
  const folder = failingFolder(1);
  const registries = [new ConfluentRegistry({ url: fake.url, timeoutMs: 5_000 }), folder];
  const req = request(ID, '1.0.0');

  const first = await publishInOrder(registries, req);
  assert.equal(first.steps[0].outcome.ok, true);
  assert.equal(!first.outcome.ok && first.outcome.reason, 'error');
  assert.match(!first.outcome.ok ? first.outcome.message : '', /could not be written .*ENOSPC/);
  assert.deepEqual(readdirSync(path.join(folder.rootDir, ID)), [], 'no folder copy yet');
  assert.equal(fake.subjects.get('customers-value')!.length, 1);

  fake.requests.length = 0;
  const second = await publishInOrder(registries, req);
  assert.equal(second.outcome.ok, true, JSON.stringify(second.outcome));
  const held = second.steps[0].outcome;
  assert.equal(!held.ok && held.reason, 'exists');
  assert.equal(!held.ok && held.sameText, true);
  assert.deepEqual(subjectsPosted(), [], 'nothing is registered twice');
  assert.equal(readFileSync(path.join(folder.rootDir, ID, '1.0.0.odcs.yaml'), 'utf8'), req.text);
  assert.ok(second.outcome.ok && second.outcome.details[0] === `the schema registry at ${fake.url} held version 1.0.0 with this text already.`, JSON.stringify(second.outcome));

  const third = await publishInOrder(registries, req);
  assert.equal(!third.outcome.ok && third.outcome.reason, 'exists', 'once both hold it, publishing again is `exists`');
});

test('another text under a version the Schema Registry holds is refused there, and no folder copy is written', async () => {
  const folder = failingFolder(1);
  const registries = [new ConfluentRegistry({ url: fake.url, timeoutMs: 5_000 }), folder];
  await publishInOrder(registries, request(ID, '1.0.0'));
  const other = await publishInOrder(registries, request(ID, '1.0.0', 'changed'));
  assert.equal(!other.outcome.ok && other.outcome.reason, 'exists');
  assert.equal(!other.outcome.ok && other.outcome.sameText, undefined);
  assert.match(!other.outcome.ok ? other.outcome.message : '', /registered already with a different text/);
  assert.equal(other.steps.length, 1, 'the folder is not tried');
  assert.deepEqual(readdirSync(path.join(folder.rootDir, ID)), []);
});

test('the folder says whether an existing version holds the same text', async () => {
  const folder = failingFolder(0);
  assert.equal((await folder.publish(request(ID, '1.0.0'))).ok, true);
  const same = await folder.publish(request(ID, '1.0.0'));
  assert.equal(!same.ok && same.reason === 'exists' && same.sameText, true);
  assert.match(!same.ok ? same.message : '', /registered already with this text/);
  const other = await folder.publish(request(ID, '1.0.0', 'other'));
  assert.equal(!other.ok && other.sameText, undefined);
  assert.equal(readFileSync(path.join(folder.rootDir, ID, '1.0.0.odcs.yaml'), 'utf8'), contractText(ID, '1.0.0'));
});
