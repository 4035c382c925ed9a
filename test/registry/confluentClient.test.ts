// What publish registers, read by Confluent's own JavaScript client: messages written under one major version arrive in the other's shape through the JSONata migration rules, for Avro and for JSON.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AvroDeserializer, AvroSerializer, JsonataExecutor, JsonDeserializer, JsonSerializer, MockClient, SerdeType } from '@confluentinc/schemaregistry';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';
import * as avro from 'avsc';
import { ConfluentRegistry, META } from '../../server/src/shared/registry/confluent';
import { FakeSchemaRegistry, StoredVersion } from './fakeSchemaRegistry';
import { accountsContract, renamesBetween, request } from './support';

const TOPIC = 'acme.accounts';
const SUBJECT = `${TOPIC}-value`;

/** Publishes major 1 and major 2 (with its renames) as the editor and the CLI do, and returns what the registry stored. */
async function published(format: string): Promise<StoredVersion[]> {
  const fake = new FakeSchemaRegistry();
  await fake.start();
  try {
    const registry = new ConfluentRegistry({ url: fake.url, timeoutMs: 5_000 });
    const v1 = accountsContract('1.0.0', format);
    const v2 = accountsContract('2.0.0', format);
    assert.equal((await registry.publish(request('accounts-public', '1.0.0', undefined, { text: v1 }))).ok, true);
    const outcome = await registry.publish(request('accounts-public', '2.0.0', undefined, { text: v2, renames: renamesBetween(v1, v2), previousVersion: '1.0.0' }));
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    return fake.subjects.get(SUBJECT)!;
  } finally {
    await fake.stop();
  }
}

/** Confluent's in-memory client holding exactly those versions: the same schema text, metadata and rule set. */
async function clientWith(versions: StoredVersion[]): Promise<MockClient> {
  const client = new MockClient();
  for (const v of versions) await client.register(SUBJECT, { schemaType: v.schemaType, schema: v.schema, metadata: v.metadata, ruleSet: v.ruleSet as never });
  return client;
}

/** A consumer or producer pinned to one major version, as Confluent documents for migration rules. */
const pinned = (major: number) => ({ useLatestWithMetadata: { [META.major]: String(major) } });

before(() => {
  // migration rules run only when the JSONata executor is registered
  JsonataExecutor.register();
});

describe('Avro, through AvroSerializer and AvroDeserializer', () => {
  let versions: StoredVersion[];
  let client: MockClient;
  before(async () => {
    versions = await published('avro');
    client = await clientWith(versions);
  });
  after(() => client.close());

  // as Flink writes them: decimals as their unscaled bytes, timestamps as epoch milliseconds, dates as epoch days
  const common = { account_id: 42, balance: Buffer.from([0x30, 0x39]), opened_at: 1_714_557_600_000, opened_on: 19_844 };
  const major1 = { ...common, ssn: '123-45-6789', address: { street: 'Hauptstraße 1', city: 'Berlin' } };
  const major2 = { ...common, national_id: '123-45-6789', address: { street: 'Hauptstraße 1', town: 'Berlin' } };

  test('what publish registered is what the client reads: Avro, with the major version and the rules', () => {
    assert.deepEqual(versions.map((v) => [v.schemaType, v.metadata?.properties?.[META.major], Boolean(v.ruleSet)]), [['AVRO', '1', false], ['AVRO', '2', true]]);
  });

  test('written as major 1, read as major 2: the renamed fields arrive under their new names', async () => {
    const bytes = await new AvroSerializer(client, SerdeType.VALUE, pinned(1)).serialize(TOPIC, major1);
    const read = await new AvroDeserializer(client, SerdeType.VALUE, pinned(2)).deserialize(TOPIC, bytes);
    assert.deepEqual(plain(read), major2);
    assert.ok(avro.Type.forSchema(JSON.parse(versions[1].schema) as avro.Schema).isValid(read), 'a valid major-2 record');
  });

  test('written as major 2, read as major 1: the old names again', async () => {
    const bytes = await new AvroSerializer(client, SerdeType.VALUE, pinned(2)).serialize(TOPIC, major2);
    const read = await new AvroDeserializer(client, SerdeType.VALUE, pinned(1)).deserialize(TOPIC, bytes);
    assert.deepEqual(plain(read), major1);
    assert.ok(avro.Type.forSchema(JSON.parse(versions[0].schema) as avro.Schema).isValid(read), 'a valid major-1 record');
  });

  test('nulls travel too: an absent address and national id stay null', async () => {
    const bytes = await new AvroSerializer(client, SerdeType.VALUE, pinned(1)).serialize(TOPIC, { ...major1, ssn: null, address: null });
    const read = await new AvroDeserializer(client, SerdeType.VALUE, pinned(2)).deserialize(TOPIC, bytes);
    assert.deepEqual(plain(read), { ...major2, national_id: null, address: null });
  });
});

describe('JSON, through JsonSerializer and JsonDeserializer', () => {
  let versions: StoredVersion[];
  let client: MockClient;
  before(async () => {
    versions = await published('json');
    client = await clientWith(versions);
  });
  after(() => client.close());

  const common = { account_id: 42, balance: 123.45, opened_at: '2024-05-01T10:00:00Z', opened_on: '2024-05-01' };
  const major1 = { ...common, ssn: '123-45-6789', address: { street: 'Hauptstraße 1', city: 'Berlin' } };
  const major2 = { ...common, national_id: '123-45-6789', address: { street: 'Hauptstraße 1', town: 'Berlin' } };
  /** The producer validates what it writes against the registered schema; its validator is told the string formats. */
  const producer = (major: number) => new JsonSerializer(client, SerdeType.VALUE, { ...pinned(major), validate: true, formats: fullFormats });
  /** The registered JSON Schema of a version, to check that a migrated message is one of that version. */
  const validator = (version: StoredVersion) => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    addFormats(ajv);
    return ajv.compile(JSON.parse(version.schema));
  };

  test('what publish registered is what the client reads: JSON Schema, with the major version and the rules', () => {
    assert.deepEqual(versions.map((v) => [v.schemaType, v.metadata?.properties?.[META.major], Boolean(v.ruleSet)]), [['JSON', '1', false], ['JSON', '2', true]]);
  });

  test('written as major 1, read as major 2: the renamed fields arrive under their new names', async () => {
    const bytes = await producer(1).serialize(TOPIC, major1);
    const read = await new JsonDeserializer(client, SerdeType.VALUE, pinned(2)).deserialize(TOPIC, bytes);
    assert.deepEqual(plain(read), major2);
    const valid = validator(versions[1]);
    assert.ok(valid(read), JSON.stringify(valid.errors));
  });

  test('written as major 2, read as major 1: the old names again', async () => {
    const bytes = await producer(2).serialize(TOPIC, major2);
    const read = await new JsonDeserializer(client, SerdeType.VALUE, pinned(1)).deserialize(TOPIC, bytes);
    assert.deepEqual(plain(read), major1);
    const valid = validator(versions[0]);
    assert.ok(valid(read), JSON.stringify(valid.errors));
  });
});

/** The client hands over objects without a prototype (JSONata's) or avsc's record classes: compared as plain values. */
function plain(value: unknown): unknown {
  if (Buffer.isBuffer(value) || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(plain);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}
