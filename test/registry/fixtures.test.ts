// Data-driven cases for the pure registry code: contract streams → JSON Schemas and Avro schemas, renames → migration rules, contract ids → folder names or refusals (`UPDATE_EXPECT=1` rewrites expectations).
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import jsonata from 'jsonata';
import * as avro from 'avsc';
import { describe, test } from 'node:test';
import { parseYaml } from '../../server/src/engine/parse';
import { AvroSchema, deriveAvroSchemas, FLINK_RECORD_NAME } from '../../server/src/engine/registry/avroSchema';
import { canonicalId, unsafeIdReason } from '../../server/src/engine/registry/contract';
import { deriveStreamSchemas } from '../../server/src/engine/registry/jsonSchema';
import { migrationRules, Rename } from '../../server/src/engine/registry/migration';
import { caseName, expectJson, FIXTURES, fixtureCases } from '../support/fixtures';

describe('JSON Schema of each stream', () => {
  const cases = fixtureCases('registry/json-schema', (dir) => existsSync(path.join(dir, 'input.odcs.yaml')));
  test('fixtures exist', () => assert.ok(cases.length >= 3));
  for (const dir of cases) {
    test(caseName(dir, 'registry/json-schema'), () => {
      const parsed = parseYaml(readFileSync(path.join(dir, 'input.odcs.yaml'), 'utf8'));
      assert.ok(parsed.analysable, 'the fixture contract must parse');
      const derived = deriveStreamSchemas(parsed.value as Record<string, unknown>);
      expectJson(path.join(dir, 'expected.json'), derived);
      // every derived schema must be a valid draft-07 schema, in strict mode (no unknown keywords or formats)
      const ajv = new Ajv({ strict: true, allowUnionTypes: true, validateSchema: true });
      addFormats(ajv);
      for (const stream of derived.streams) assert.doesNotThrow(() => ajv.compile(stream.schema), stream.subject);
    });
  }

  test('a message as Flink writes it (nulls for missing optional values) validates; a wrong one does not', () => {
    const parsed = parseYaml(readFileSync(path.join(FIXTURES, 'registry/json-schema/backward-closed-nested/input.odcs.yaml'), 'utf8'));
    const [orders] = deriveStreamSchemas(parsed.value as Record<string, unknown>).streams;
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    addFormats(ajv);
    const validate = ajv.compile(orders.schema);
    const message = {
      orderId: '0b7e4c1e-8f2a-4d59-9a57-3c2f0f1d2e3a', status: 'NEW', priority: null, amount: 12.5, quantity: null, gift: null,
      ordered_at: '2024-05-01T10:00:00Z', delivery_day: null, cutoff: null, placed_on: '2024-05-02',
      customer: { id: 7, country: 'DE' }, lines: [{ sku: 'A-1', count: null }], tags: null, attributes: { colour: 'red' }, embedding: [0.1, 0.2, 0.3], note: null, legacy: 'anything',
    };
    assert.ok(validate(message), JSON.stringify(validate.errors));
    assert.equal(validate({ ...message, unexpected: 1 }), false, 'the closed model refuses unknown fields');
    assert.equal(validate({ ...message, status: 'LOST' }), false, 'enum values are enforced');
    assert.equal(validate({ ...message, customer: { id: 7 } }), false, 'logicalTypeOptions.required is enforced');
  });
});

describe('Avro schema of each stream, as Flink writes it', () => {
  const cases = fixtureCases('registry/avro-schema', (dir) => existsSync(path.join(dir, 'input.odcs.yaml')));
  test('fixtures exist', () => assert.ok(cases.length >= 5));
  for (const dir of cases) {
    test(caseName(dir, 'registry/avro-schema'), () => {
      const parsed = parseYaml(readFileSync(path.join(dir, 'input.odcs.yaml'), 'utf8'));
      assert.ok(parsed.analysable, 'the fixture contract must parse');
      const derived = deriveAvroSchemas(parsed.value as Record<string, unknown>);
      expectJson(path.join(dir, 'expected.json'), derived);
      for (const stream of derived.streams) {
        // avsc checks names, unions, defaults and logical types' underlying types, as Avro's parser does
        const type = avro.Type.forSchema(stream.schema as avro.Schema);
        assert.equal(type.name, FLINK_RECORD_NAME);
        // a record as Flink writes it, once with every nullable value null and once with every value set, round-trips
        for (const filled of [false, true]) {
          const record = sample(stream.schema, filled) as Record<string, unknown>;
          assert.ok(type.isValid(record), `${stream.subject}: ${JSON.stringify(record)}`);
          assert.deepEqual(plain(type.fromBuffer(type.toBuffer(record))), record, stream.subject);
        }
      }
    });
  }
});

/** A value of the schema as avsc reads and writes it without logical type hooks: decimals as Buffers, dates, times and timestamps as numbers. */
function sample(schema: AvroSchema, filled: boolean): unknown {
  if (Array.isArray(schema)) return filled ? sample(schema[1], filled) : null;
  if (typeof schema === 'string') return PRIMITIVES[schema];
  const s = schema as Record<string, unknown>;
  switch (s.logicalType) {
    case 'decimal':
      return Buffer.from([0x30, 0x39]); // unscaled 12345
    case 'date':
      return 19_844; // 2024-05-01
    case 'time-millis':
      return 36_000_000; // 10:00
    case 'timestamp-millis':
      return 1_714_557_600_000; // 2024-05-01T10:00:00Z
  }
  switch (s.type) {
    case 'record':
      return Object.fromEntries((s.fields as { name: string; type: AvroSchema }[]).map((f) => [f.name, sample(f.type, filled)]));
    case 'array':
      return [sample(s.items as AvroSchema, filled), sample(s.items as AvroSchema, filled)];
    case 'map':
      return { first: sample(s.values as AvroSchema, filled) };
    default:
      return PRIMITIVES[String(s.type)];
  }
}

const PRIMITIVES: Record<string, unknown> = { boolean: true, int: 7, long: 1_234_567_890_123, float: 0.5, double: 2.25, string: 'text', bytes: Buffer.from([1, 2, 3]) };

/** Decoded values (avsc's record classes, JSONata's objects without a prototype) as plain objects, for a deep comparison. */
function plain(value: unknown): unknown {
  if (Buffer.isBuffer(value) || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(plain);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

describe('migration rules for renames', () => {
  const cases = fixtureCases('registry/migration', (dir) => existsSync(path.join(dir, 'input.json')));
  test('fixtures exist', () => assert.ok(cases.length >= 3));
  for (const dir of cases) {
    test(caseName(dir, 'registry/migration'), async () => {
      const input = JSON.parse(readFileSync(path.join(dir, 'input.json'), 'utf8')) as { renames: Rename[]; fromMajor: number; toMajor: number; messages?: Record<string, { old: unknown; new: unknown }[]> };
      const plan = migrationRules(input.renames, input.fromMajor, input.toMajor);
      expectJson(path.join(dir, 'expected.json'), plan);
      for (const [topic, rules] of Object.entries(plan.rulesByTopic)) {
        // what Confluent accepts as a rule name, unique within the rule set
        for (const rule of rules) assert.match(rule.name, /^[A-Za-z_][A-Za-z0-9_]{0,63}$/, `${topic}: ${rule.name}`);
        assert.equal(new Set(rules.map((r) => r.name)).size, rules.length, topic);
        // each pair of messages is one message in the old and the new shape: upgrade and downgrade turn one into the other
        const upgrade = jsonata(rules.find((r) => r.mode === 'UPGRADE')!.expr);
        const downgrade = jsonata(rules.find((r) => r.mode === 'DOWNGRADE')!.expr);
        for (const pair of input.messages?.[topic] ?? []) {
          assert.deepEqual(plain(await upgrade.evaluate(pair.old)), pair.new, `${topic} upgrade of ${JSON.stringify(pair.old)}`);
          assert.deepEqual(plain(await downgrade.evaluate(pair.new)), pair.old, `${topic} downgrade of ${JSON.stringify(pair.new)}`);
        }
      }
    });
  }
});

describe('contract ids as folder names', () => {
  /** Everything outside printable ASCII as `\\uXXXX`, so that the expected files show what cannot be seen. */
  const ascii = (text: string) => text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const cases = fixtureCases('registry/ids', (dir) => existsSync(path.join(dir, 'input.json')));
  test('fixtures exist', () => assert.ok(cases.length >= 3));
  for (const dir of cases) {
    test(caseName(dir, 'registry/ids'), () => {
      const input = JSON.parse(readFileSync(path.join(dir, 'input.json'), 'utf8')) as { ids: string[]; lookalikes: [string, string][] };
      const verdict = (id: string) => ({ id: ascii(id), folder: unsafeIdReason(id) ? null : ascii(canonicalId(id)), refused: unsafeIdReason(id) });
      const pairs = input.lookalikes.map(([a, b]) => {
        const same = !unsafeIdReason(a) && !unsafeIdReason(b) && canonicalId(a) === canonicalId(b);
        const oneRefused = Boolean(unsafeIdReason(a) || unsafeIdReason(b));
        return { pair: [ascii(a), ascii(b)], verdict: same ? 'same folder' : oneRefused ? 'one refused' : 'two folders' };
      });
      expectJson(path.join(dir, 'expected.json'), { ids: input.ids.map(verdict), lookalikes: pairs });
      // ids that look the same must never become two registry folders
      for (const p of pairs) assert.notEqual(p.verdict, 'two folders', p.pair.join(' / '));
    });
  }
});
