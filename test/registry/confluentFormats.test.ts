// Registering in each topic's format (Avro for avro topics, JSON Schema for json ones), the rule names the registry accepts, and how a refused rule set reads.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import * as avro from 'avsc';
import { deriveAvroSchemas } from '../../server/src/engine/registry/avroSchema';
import { deriveStreamSchemas } from '../../server/src/engine/registry/jsonSchema';
import { ruleName } from '../../server/src/engine/registry/migration';
import { ConfluentRegistry } from '../../server/src/shared/registry/confluent';
import { RegistryHttp } from '../../server/src/shared/registry/confluentHttp';
import { PublishOutcome, PublishRequest } from '../../server/src/shared/registry/types';
import { FakeSchemaRegistry } from './fakeSchemaRegistry';
import { accountsContract, renamesBetween, request } from './support';

const ID = 'accounts-public';
const SUBJECT = 'acme.accounts-value';
const LONG_TOPIC = `acme.${'customer-balances.'.repeat(6)}v1`.padEnd(100, 'x');

function publishAccounts(version: string, format: string, previous?: string): PublishRequest {
  const text = accountsContract(version, format);
  const renames = previous ? renamesBetween(accountsContract(previous, format), text) : [];
  return request(ID, version, undefined, { text, renames, previousVersion: previous ?? null });
}

type Body = { schemaType: string; schema: string; metadata: { properties: Record<string, string> }; ruleSet?: { migrationRules: { name: string; mode: string; expr: string }[] } };

function registrations(): Body[] {
  return fake.requests.filter((r) => r.method === 'POST' && r.url.startsWith('/subjects/')).map((r) => r.body as Body);
}

function all(outcome: PublishOutcome): string {
  return JSON.stringify(outcome);
}

let fake: FakeSchemaRegistry;
let registry: ConfluentRegistry;
beforeEach(async () => {
  fake = new FakeSchemaRegistry();
  await fake.start();
  registry = new ConfluentRegistry({ url: fake.url, timeoutMs: 5_000 });
});
afterEach(() => fake.stop());

describe('the schema registered for each format', () => {
  for (const format of ['avro', 'avro-confluent']) {
    test(`format ${format}: the Avro schema Flink's avro-confluent format writes, with the contract as metadata`, async () => {
      const req = publishAccounts('1.0.0', format);
      const outcome = await registry.publish(req);
      assert.equal(outcome.ok, true, all(outcome));
      const [body] = registrations();
      assert.equal(body.schemaType, 'AVRO');
      assert.equal(body.schema, JSON.stringify(deriveAvroSchemas(req.value).streams[0].schema));
      const type = avro.Type.forSchema(JSON.parse(body.schema) as avro.Schema) as avro.types.RecordType;
      assert.equal(type.name, 'org.apache.flink.avro.generated.record');
      assert.deepEqual(type.fields.map((f) => f.name), ['account_id', 'ssn', 'balance', 'opened_at', 'opened_on', 'address']);
      assert.deepEqual(body.metadata.properties, { contract_id: ID, contract_version: '1.0.0', owner: 'Accounts', major_version: '1', contract_yaml: req.text });
      assert.equal(fake.subjects.get(SUBJECT)![0].schemaType, 'AVRO');
    });
  }

  test('format json: the JSON Schema of the stream', async () => {
    const req = publishAccounts('1.0.0', 'json');
    assert.equal((await registry.publish(req)).ok, true);
    const [body] = registrations();
    assert.equal(body.schemaType, 'JSON');
    assert.equal(body.schema, JSON.stringify(deriveStreamSchemas(req.value).streams[0].schema));
    assert.equal(body.metadata.properties.major_version, '1');
  });

  test('Protobuf and other formats without a registry schema are refused before anything is sent', async () => {
    for (const [format, reason] of [['protobuf', /written as Protobuf \(servers\[0\] has `format: protobuf`\), and Protobuf schemas are not derived from contracts/], ['csv', /written as `csv` \(servers\[0\]\), a format without a Schema Registry schema/]] as const) {
      const outcome = await registry.publish(publishAccounts('1.0.0', format));
      assert.equal(!outcome.ok && outcome.reason, 'refused', all(outcome));
      assert.match(!outcome.ok ? outcome.message : '', reason);
    }
    assert.deepEqual(fake.requests, [], 'nothing is asked of the registry');
  });

  test('an Avro topic with a column Flink cannot write in Avro is refused, naming the column', async () => {
    const text = accountsContract('1.0.0', 'avro').replace('logicalType: timestamp, required: true', 'physicalType: TIMESTAMP(6), required: true');
    const outcome = await registry.publish(request(ID, '1.0.0', undefined, { text }));
    assert.equal(!outcome.ok && outcome.reason, 'refused');
    assert.match(!outcome.ok ? outcome.message : '', /cannot be registered: its topics are Avro, and a column of the Flink job cannot be written in Avro \(accounts\.opened_at: TIMESTAMP\(6\) cannot be written by Flink's avro-confluent format, .*declare `physicalType: TIMESTAMP\(3\)`\)\. Nothing was registered\./);
    assert.deepEqual(fake.requests, []);
  });
});

describe('migration rules across a major bump', () => {
  test('Avro: the rule set goes with the new version, and renames its nested field too', async () => {
    assert.equal((await registry.publish(publishAccounts('1.0.0', 'avro'))).ok, true);
    const outcome = await registry.publish(publishAccounts('2.0.0', 'avro', '1.0.0'));
    assert.equal(outcome.ok, true, all(outcome));
    const [first, second] = fake.subjects.get(SUBJECT)!;
    assert.equal(first.ruleSet, undefined);
    assert.equal(second.schemaType, 'AVRO');
    assert.equal(second.metadata!.properties!.major_version, '2');
    const fields = (avro.Type.forSchema(JSON.parse(second.schema) as avro.Schema) as avro.types.RecordType).fields.map((f) => f.name);
    assert.ok(fields.includes('national_id') && !fields.includes('ssn'), fields.join());
    const rules = (second.ruleSet as Body['ruleSet'])!.migrationRules;
    assert.deepEqual(rules.map((r) => [r.name, r.mode]), [[ruleName('acme.accounts', 1, 2), 'UPGRADE'], [ruleName('acme.accounts', 2, 1), 'DOWNGRADE']]);
    assert.match(rules[0].expr, /'national_id': \$\.'ssn'/);
    assert.match(rules[0].expr, /'town': \$x1\.'city'/);
  });

  test('rule names of a dotted topic and a 100-character topic: valid, unique, stable, and accepted by the registry', async () => {
    for (const topic of ['acme.accounts', LONG_TOPIC]) {
      const text = (version: string) => accountsContract(version, 'json').replace('physicalName: acme.accounts', `physicalName: ${topic}`);
      assert.equal((await registry.publish(request(ID, '1.0.0', undefined, { text: text('1.0.0') }))).ok, true);
      const renames = renamesBetween(text('1.0.0'), text('2.0.0'));
      const outcome = await registry.publish(request(ID, '2.0.0', undefined, { text: text('2.0.0'), renames, previousVersion: '1.0.0' }));
      assert.equal(outcome.ok, true, all(outcome));
      const names = (fake.subjects.get(`${topic}-value`)![1].ruleSet as Body['ruleSet'])!.migrationRules.map((r) => r.name);
      for (const name of names) assert.match(name, /^[A-Za-z_][A-Za-z0-9_]{0,63}$/, name);
      assert.notEqual(names[0], names[1]);
      assert.deepEqual(names, [ruleName(topic, 1, 2), ruleName(topic, 2, 1)], 'the same topic always gets the same names');
      fake.subjects.clear();
    }
    assert.notEqual(ruleName('acme.accounts', 1, 2), ruleName('acme_accounts', 1, 2), 'topics that sanitise alike keep apart');
  });

  test('the registry refuses rule names outside its grammar with 42210, and the message quotes its reason', async () => {
    const http = new RegistryHttp({ url: fake.url });
    const rule = (name: string) => ({ name, kind: 'TRANSFORM', mode: 'UPGRADE', type: 'JSONATA', expr: '$' });
    const cases: [string, string][] = [
      ['acme.accounts-v1-to-v2', 'Illegal character in rule name: acme.accounts-v1-to-v2'],
      [`${LONG_TOPIC}-v1-to-v2`, 'Rule name too long'],
      ['1st-rule', 'Illegal initial character in rule name: 1st-rule'],
    ];
    for (const [name, reason] of cases) {
      const result = await http.request('POST', `/subjects/${encodeURIComponent(SUBJECT)}/versions`, { schemaType: 'JSON', schema: '{}', ruleSet: { migrationRules: [rule(name)] } });
      assert.equal(!result.ok && result.errorCode, 42210);
      const { message } = http.describe(result as Extract<typeof result, { ok: false }>, `register ${SUBJECT}`);
      assert.equal(message, `The registry refuses to register ${SUBJECT}: the rule set (the migration rules) is not valid (HTTP 422, error 42210: ${reason}).`);
    }
    const duplicate = await http.request('POST', `/subjects/${encodeURIComponent(SUBJECT)}/versions`, { schemaType: 'JSON', schema: '{}', ruleSet: { migrationRules: [rule('a'), rule('a')] } });
    assert.equal(!duplicate.ok && duplicate.message, "Found rule with duplicate name 'a'");
  });

  test('a registry without rule-set support: its reason, then what rule sets need', async () => {
    assert.equal((await registry.publish(publishAccounts('1.0.0', 'avro'))).ok, true);
    fake.ruleSetsUnavailable = 'Rule sets are not supported: data contracts require a Confluent Enterprise license';
    const outcome = await registry.publish(publishAccounts('2.0.0', 'avro', '1.0.0'));
    assert.equal(!outcome.ok && outcome.reason, 'refused');
    assert.equal(!outcome.ok && outcome.message, `The registry refuses to register ${SUBJECT}: the rule set (the migration rules) is not valid (HTTP 422, error 42210: Rule sets are not supported: data contracts require a Confluent Enterprise license). Rule sets (data contracts) need Confluent Enterprise, or the Stream Governance Advanced package on Confluent Cloud.`);
  });
});
