// The Confluent Schema Registry backend against a local stand-in: what it sends, what it lists, and how each failure reads.
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { deriveStreamSchemas } from '../../server/src/engine/registry/jsonSchema';
import { ConfluentRegistry, credentialsFromEnv } from '../../server/src/shared/registry/confluent';
import { PublishOutcome } from '../../server/src/shared/registry/types';
import { error, FakeSchemaRegistry } from './fakeSchemaRegistry';
import { request as baseRequest } from './support';

const ID = 'customers-public';
const USER = 'sr-api-key';
const PASSWORD = 'S3cr3t-Pa55word';

/** A contract with two streams (one topic from physicalName) and a team. */
function contract(version: string, note = 'first', field = 'ssn'): string {
  return `apiVersion: v3.1.0
kind: DataContract
id: ${ID}
version: ${version}
status: active
description: { purpose: ${note} }
schema:
  - name: customers
    properties:
      - { name: id, logicalType: integer, required: true }
      - { name: ${field}, logicalType: string }
  - name: orders
    physicalName: shop.orders
    properties:
      - { name: order_id, logicalType: string, required: true }
team:
  name: Customer Data
  members: [{ username: maria@example.com, role: owner }]
`;
}

function publishRequest(version: string, extra: Parameters<typeof baseRequest>[3] = {}, note?: string, field?: string) {
  return baseRequest(ID, version, undefined, { text: contract(version, note, field), ...extra });
}

function all(outcome: PublishOutcome | object): string {
  return JSON.stringify(outcome);
}

let fake: FakeSchemaRegistry;
let registry: ConfluentRegistry;
beforeEach(async () => {
  fake = new FakeSchemaRegistry();
  await fake.start();
  fake.authorization = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  registry = new ConfluentRegistry({ url: `${fake.url}/`, auth: { username: USER, password: PASSWORD }, timeoutMs: 5_000 });
});
afterEach(() => fake.stop());

describe('publishing to a schema registry', () => {
  test('first registration: checks, then registers each stream with its JSON Schema and the contract as metadata', async () => {
    const req = publishRequest('1.0.0');
    const outcome = await registry.publish(req);
    assert.equal(outcome.ok, true, all(outcome));
    assert.deepEqual(fake.paths(), [
      'GET /subjects/customers-value/versions',
      'GET /subjects/shop.orders-value/versions',
      'POST /compatibility/subjects/customers-value/versions/latest?verbose=true',
      'POST /compatibility/subjects/shop.orders-value/versions/latest?verbose=true',
      'POST /subjects/customers-value/versions',
      'POST /subjects/shop.orders-value/versions',
    ]);
    const schemas = deriveStreamSchemas(req.value).streams;
    const registrations = fake.requests.filter((r) => r.method === 'POST' && r.url.startsWith('/subjects/'));
    for (const [i, r] of registrations.entries()) {
      assert.equal(r.contentType, 'application/vnd.schemaregistry.v1+json');
      assert.equal(r.authorization, fake.authorization);
      const body = r.body as { schemaType: string; schema: string; metadata: { properties: Record<string, string> }; ruleSet?: unknown };
      assert.equal(body.schemaType, 'JSON');
      assert.deepEqual(JSON.parse(body.schema), schemas[i].schema);
      assert.equal(JSON.parse(body.schema).$schema, 'http://json-schema.org/draft-07/schema#');
      assert.deepEqual(body.metadata.properties, { contract_id: ID, contract_version: '1.0.0', owner: 'Customer Data', major_version: '1', contract_yaml: req.text });
      assert.equal(body.ruleSet, undefined, 'no migration rules without renames');
    }
    // the compatibility check sends exactly what registration sends
    assert.deepEqual(fake.requests[2].body, registrations[0].body);
    assert.ok(!outcome.ok || outcome.details.some((d) => /Registered customers-value \(schema id 1\)/.test(d)), all(outcome));
  });

  test('lists the registered versions from the subjects’ metadata, with the contract text', async () => {
    assert.equal((await registry.publish(publishRequest('1.0.0'))).ok, true);
    assert.equal((await registry.publish(publishRequest('1.1.0'))).ok, true);
    fake.seed('unrelated-value', { type: 'object' }, { contract_id: 'someone-else', contract_version: '9.0.0' });
    fake.seed('no-metadata-value', { type: 'object' });
    fake.requests.length = 0;

    const listing = await registry.list(ID);
    assert.deepEqual(listing.problems, []);
    assert.deepEqual(listing.versions.map((v) => [v.version, v.location]), [
      ['1.0.0', `${fake.url}/subjects/customers-value/versions/1`],
      ['1.1.0', `${fake.url}/subjects/customers-value/versions/2`],
    ]);
    assert.equal(listing.versions[1].text, contract('1.1.0'));
    assert.ok(!fake.paths().includes('GET /subjects/unrelated-value/versions'), 'a subject of another contract is passed over after its latest version');

    fake.requests.length = 0;
    const hinted = await registry.list(ID, { topics: ['customers'] });
    assert.deepEqual(hinted.versions.map((v) => v.version), ['1.0.0', '1.1.0']);
    assert.ok(fake.paths().every((p) => p.includes('/subjects/customers-value/')), fake.paths().join('\n'));
  });

  test('versions without the contract text are problems, not versions', async () => {
    fake.seed('customers-value', { type: 'object' }, { contract_id: ID, contract_version: '0.9.0' });
    const listing = await registry.list(ID);
    assert.deepEqual(listing.versions, []);
    assert.match(listing.problems[0].message, /Version 0\.9\.0 of customers-public is ignored: .*carry no contract text \(metadata contract_yaml\)/);
  });

  test('the same version again is `exists`; with another text it is a conflict that changes nothing', async () => {
    assert.equal((await registry.publish(publishRequest('1.0.0'))).ok, true);
    const again = await registry.publish(publishRequest('1.0.0'));
    assert.equal(!again.ok && again.reason, 'exists');
    const changed = await registry.publish(publishRequest('1.0.0', {}, 'changed'));
    assert.equal(!changed.ok && changed.reason, 'exists');
    assert.match(!changed.ok ? changed.message : '', /registered already with a different text .*never changed/);
    assert.equal(fake.subjects.get('customers-value')!.length, 1);
  });

  test('a major bump with a rename attaches JSONata migration rules and checks as registration would', async () => {
    assert.equal((await registry.publish(publishRequest('1.0.0'))).ok, true);
    fake.requests.length = 0;
    const renames = [{ stream: 'customers', topic: 'customers', from: 'ssn', to: 'national_id' }];
    const outcome = await registry.publish(publishRequest('2.0.0', { renames, previousVersion: '1.0.0' }, 'second', 'national_id'));
    assert.equal(outcome.ok, true, all(outcome));
    assert.ok(fake.paths().includes('POST /compatibility/subjects/customers-value/versions?verbose=true'), fake.paths().join('\n'));
    const stored = fake.subjects.get('customers-value')![1];
    assert.equal(stored.metadata!.properties!.major_version, '2');
    assert.deepEqual(stored.ruleSet, {
      migrationRules: [
        { name: 'customers_v1_to_v2', doc: 'Upgrades messages of customers written under major version 1 to 2: ssn → national_id.', kind: 'TRANSFORM', mode: 'UPGRADE', type: 'JSONATA', expr: "$merge([$sift($, function($v, $k) {$k != 'ssn'}), {'national_id': $.'ssn'}])" },
        { name: 'customers_v2_to_v1', doc: 'Downgrades messages of customers written under major version 2 to 1: national_id → ssn.', kind: 'TRANSFORM', mode: 'DOWNGRADE', type: 'JSONATA', expr: "$merge([$sift($, function($v, $k) {$k != 'national_id'}), {'ssn': $.'national_id'}])" },
      ],
    });
    assert.equal(fake.subjects.get('shop.orders-value')![1].ruleSet, undefined, 'a stream without renames gets no rules');
  });

  test('an incompatible schema is refused with the registry’s verbose messages, and nothing is registered', async () => {
    assert.equal((await registry.publish(publishRequest('1.0.0'))).ok, true);
    fake.compatibility = (subject) => subject === 'customers-value'
      ? { is_compatible: false, messages: ["Found incompatible change: Difference{jsonPath='#/properties/ssn', type=PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL}", '{oldSchemaVersion: 1}'] }
      : { is_compatible: true, messages: [] };
    const before = fake.subjects.get('customers-value')!.length;
    const outcome = await registry.publish(publishRequest('1.1.0', { previousVersion: '1.0.0' }, 'x', 'national_id'));
    assert.equal(!outcome.ok && outcome.reason, 'refused');
    assert.match(!outcome.ok ? outcome.message : '', /refuses version 1\.1\.0 of customers-public: the new schema of a stream is incompatible .*Nothing was registered/);
    const details = !outcome.ok ? outcome.details : [];
    assert.ok(details.includes('customers-value (stream customers) is incompatible with its registered schema:'), details.join('\n'));
    assert.ok(details.some((d) => d.includes('PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL')));
    assert.ok(details.some((d) => /checks BACKWARD compatibility while the contract declares FORWARD/.test(d)), details.join('\n'));
    assert.equal(fake.subjects.get('customers-value')!.length, before);
    assert.equal(fake.subjects.get('shop.orders-value')!.length, 1, 'no stream is registered when one is refused');
  });

  test('a 409 at registration reads as a refusal', async () => {
    fake.overrides.push((r) => (r.method === 'POST' && r.url === '/subjects/customers-value/versions' ? error(409, 40901, 'Schema being registered is incompatible with an earlier schema for subject "customers-value"') : undefined));
    const outcome = await registry.publish(publishRequest('1.0.0'));
    assert.equal(!outcome.ok && outcome.reason, 'refused');
    assert.match(!outcome.ok ? outcome.message : '', /refuses to register customers-value: the schema is incompatible with the registered ones \(HTTP 409, error 40901: Schema being registered is incompatible/);
  });

  test('422 invalid schema reads as a refusal naming the problem', async () => {
    fake.overrides.push((r) => (r.method === 'POST' && r.url.startsWith('/subjects/') ? error(422, 42201, 'Invalid schema {type=JSON}: unknown keyword') : undefined));
    const outcome = await registry.publish(publishRequest('1.0.0'));
    assert.equal(!outcome.ok && outcome.reason, 'refused');
    assert.match(!outcome.ok ? outcome.message : '', /the schema derived from the stream is not valid \(HTTP 422, error 42201: Invalid schema/);
  });

  test('422 invalid rule set quotes the registry’s reason', async () => {
    fake.overrides.push((r) => (r.method === 'POST' && r.url.startsWith('/subjects/') ? error(422, 42210, 'Invalid rule set') : undefined));
    const renames = [{ stream: 'customers', topic: 'customers', from: 'ssn', to: 'national_id' }];
    const outcome = await registry.publish(publishRequest('2.0.0', { renames, previousVersion: '1.0.0' }, 'x', 'national_id'));
    assert.match(!outcome.ok ? outcome.message : '', /the rule set \(the migration rules\) is not valid \(HTTP 422, error 42210: Invalid rule set\)\.$/);
  });

  test('a server error midway is an error that says what was registered; publishing again completes the version', async () => {
    let fail = true;
    fake.overrides.push((r) => (fail && r.method === 'POST' && r.url === '/subjects/shop.orders-value/versions' ? error(500, 50001, 'Error while registering schema') : undefined));
    const first = await registry.publish(publishRequest('1.0.0'));
    assert.equal(!first.ok && first.reason, 'error');
    assert.match(!first.ok ? first.message : '', /could not store the schema \(HTTP 500, error 50001.*customers-value was registered already; publishing again registers the rest/);
    fail = false;
    fake.requests.length = 0;
    const second = await registry.publish(publishRequest('1.0.0'));
    assert.equal(second.ok, true, all(second));
    assert.ok(!fake.paths().includes('POST /subjects/customers-value/versions'), 'the subject that has the version is left alone');
    assert.equal(fake.subjects.get('shop.orders-value')!.length, 1);
  });
});

describe('credentials and connection failures', () => {
  test('wrong credentials: unauthorized, a hint about where credentials come from, and never the password', async () => {
    const wrong = new ConfluentRegistry({ url: fake.url, auth: { username: USER, password: 'Wr0ng-Pa55word' } });
    const outcome = await wrong.publish(publishRequest('1.0.0'));
    assert.equal(!outcome.ok && outcome.reason, 'unauthorized');
    assert.match(!outcome.ok ? outcome.message : '', /did not accept the credentials \(HTTP 401\).*STREAMCONTRACT_REGISTRY_USER and STREAMCONTRACT_REGISTRY_PASSWORD .*STREAMCONTRACT_REGISTRY_TOKEN/);
    const listing = await wrong.list(ID);
    assert.equal(listing.incomplete?.reason, 'unauthorized');
    for (const text of [all(outcome), all(listing), wrong.description]) {
      assert.ok(!text.includes('Wr0ng-Pa55word') && !text.includes(PASSWORD), text);
      assert.ok(!text.includes(Buffer.from(`${USER}:Wr0ng-Pa55word`).toString('base64')), text);
    }
  });

  test('no credentials at all says so', async () => {
    const outcome = await new ConfluentRegistry({ url: fake.url }).publish(publishRequest('1.0.0'));
    assert.match(!outcome.ok ? outcome.message : '', /requires credentials and none are set/);
  });

  test('a registry that echoes the secret back still never shows it', async () => {
    fake.overrides.push((r) => error(403, 40301, `User cannot access the resource (auth header ${r.authorization})`));
    const outcome = await registry.publish(publishRequest('1.0.0'));
    assert.equal(!outcome.ok && outcome.reason, 'unauthorized');
    assert.ok(!all(outcome).includes(fake.authorization!.slice('Basic '.length)), all(outcome));
    assert.match(!outcome.ok ? outcome.message : '', /not allowed to do this .*HTTP 403.*\*\*\*/);
  });

  test('credentials in the URL are used and never shown; a bearer token works too', async () => {
    const inUrl = new ConfluentRegistry({ url: fake.url.replace('//', `//${USER}:${PASSWORD}@`) });
    assert.equal(inUrl.description, `the schema registry at ${fake.url}`);
    assert.equal((await inUrl.publish(publishRequest('1.0.0'))).ok, true);
    fake.authorization = 'Bearer tok-123456';
    const bearer = new ConfluentRegistry({ url: fake.url, auth: { token: 'tok-123456' } });
    assert.deepEqual((await bearer.list(ID)).versions.map((v) => v.version), ['1.0.0']);
  });

  test('connection refused is an error that names the registry, not a crash', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = new ConfluentRegistry({ url: `http://127.0.0.1:${port}`, auth: { username: USER, password: PASSWORD }, timeoutMs: 5_000 });
    const outcome = await unreachable.publish(publishRequest('1.0.0'));
    assert.equal(!outcome.ok && outcome.reason, 'error');
    assert.match(!outcome.ok ? outcome.message : '', new RegExp(`the schema registry at http://127\\.0\\.0\\.1:${port} could not be reached \\(connection refused\\)`));
    const listing = await unreachable.list(ID);
    assert.equal(listing.incomplete?.reason, 'error');
    assert.ok(!all(outcome).includes(PASSWORD) && !all(listing).includes(PASSWORD));
  });

  test('a registry that never answers is abandoned after the time limit', { timeout: 20_000 }, async () => {
    fake.overrides.push(() => 'hang');
    const slow = new ConfluentRegistry({ url: fake.url, auth: { username: USER, password: PASSWORD }, timeoutMs: 300 });
    const started = Date.now();
    const outcome = await slow.publish(publishRequest('1.0.0'));
    assert.ok(Date.now() - started < 5_000);
    assert.equal(!outcome.ok && outcome.reason, 'error');
    assert.match(!outcome.ok ? outcome.message : '', /could not be reached \(no answer within 0\.3 s\)/);
  });

  test('a URL that does not lead to a registry API is an error, not "nothing registered"', async () => {
    const lost = new ConfluentRegistry({ url: `${fake.url}/not-the-api`, auth: { username: USER, password: PASSWORD } });
    const listing = await lost.list(ID, { topics: ['customers'] });
    assert.equal(listing.incomplete?.reason, 'error');
    assert.match(listing.incomplete?.message ?? '', /has no such resource; is the URL that of a schema registry's REST API\? \(HTTP 404/);
    const outcome = await lost.publish(publishRequest('1.0.0'));
    assert.equal(!outcome.ok && outcome.reason, 'error');
    assert.ok(!fake.paths().some((p) => p.startsWith('POST')), 'nothing is sent for registration');
  });

  test('an invalid URL is an error, not a throw', async () => {
    const outcome = await new ConfluentRegistry({ url: 'registry.example.com:8081' }).publish(publishRequest('1.0.0'));
    assert.equal(!outcome.ok && outcome.reason, 'error');
    assert.match(!outcome.ok ? outcome.message : '', /is not an http\(s\) URL/);
  });

  test('credentialsFromEnv: user and password, else a token, else none', () => {
    assert.deepEqual(credentialsFromEnv({ STREAMCONTRACT_REGISTRY_USER: 'u', STREAMCONTRACT_REGISTRY_PASSWORD: 'p' }), { username: 'u', password: 'p' });
    assert.deepEqual(credentialsFromEnv({ STREAMCONTRACT_REGISTRY_TOKEN: 't' }), { token: 't' });
    assert.deepEqual(credentialsFromEnv({ STREAMCONTRACT_REGISTRY_USER: 'u', STREAMCONTRACT_REGISTRY_TOKEN: 't' }), { token: 't' });
    assert.equal(credentialsFromEnv({ STREAMCONTRACT_REGISTRY_USER: 'u' }), undefined);
    assert.equal(credentialsFromEnv({}), undefined);
  });
});
