// Checks the ODCS meta-schemas are usable by the tooling: they compile, every field is documented, every $ref resolves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { loadOurSchemas, VERSIONS, type Version } from './oracle';

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keywords whose value is a subschema, a list of subschemas, or a map of subschemas. */
const SINGLE = ['items', 'additionalItems', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'contains', 'propertyNames', 'if', 'then', 'else', 'not'];
const LISTS = ['allOf', 'anyOf', 'oneOf', 'items'];
const MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];

interface Visit {
  schema: Node;
  pointer: string;
  /** True inside `if` or `not`: those only state conditions and carry no documentation. */
  condition: boolean;
}

function* walk(schema: Node, pointer = '', condition = false): Generator<Visit> {
  yield { schema, pointer, condition };
  for (const key of SINGLE) {
    const sub = schema[key];
    if (isNode(sub)) yield* walk(sub, `${pointer}/${key}`, condition || key === 'if' || key === 'not');
  }
  for (const key of LISTS) {
    const subs = schema[key];
    if (Array.isArray(subs)) for (const [i, sub] of subs.entries()) if (isNode(sub)) yield* walk(sub, `${pointer}/${key}/${i}`, condition);
  }
  for (const key of MAPS) {
    const map = schema[key];
    if (isNode(map)) for (const [name, sub] of Object.entries(map)) if (isNode(sub)) yield* walk(sub, `${pointer}/${key}/${name}`, condition);
  }
}

function resolvePointer(root: Node, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isNode(node) ? node[segment] : Array.isArray(node) ? node[Number(segment)] : undefined;
  }
  return node;
}

function newAjv(): Ajv2019 {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

const schemas = loadOurSchemas();

/** Definitions the language server looks up by name. */
const NAMED_DEFS = [
  'SchemaObject',
  'SchemaProperty',
  'Server',
  'Team',
  'TeamMember',
  'Role',
  'SupportItem',
  'CustomProperty',
  'CustomProperties',
  'DataQuality',
  'AuthoritativeDefinition',
  'AuthoritativeDefinitions',
];

for (const v of VERSIONS) {
  const schema = schemas[v] as Node;

  test(`v${v}: compiles with Ajv (draft 2019-09) and has a URN $id`, () => {
    assert.equal(schema['$schema'], 'https://json-schema.org/draft/2019-09/schema');
    assert.equal(schema['$id'], `urn:streamcontract:schema:odcs:v${v}`);
    assert.equal(typeof newAjv().compile(schema), 'function');
  });

  test(`v${v}: every property and every definition has a description`, () => {
    const missing: string[] = [];
    for (const { schema: node, pointer, condition } of walk(schema)) {
      if (condition) continue;
      const described = (s: unknown): boolean => isNode(s) && typeof s['description'] === 'string' && s['description'].trim() !== '';
      for (const key of ['properties', '$defs'] as const) {
        const map = node[key];
        if (!isNode(map)) continue;
        for (const [name, sub] of Object.entries(map)) if (!described(sub)) missing.push(`${pointer}/${key}/${name}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  test(`v${v}: enumDescriptions, where present, match the enum one to one`, () => {
    const wrong: string[] = [];
    for (const { schema: node, pointer } of walk(schema)) {
      const descriptions = node['enumDescriptions'];
      if (descriptions === undefined) continue;
      const values = node['enum'];
      if (!Array.isArray(values) || !Array.isArray(descriptions) || values.length !== descriptions.length) wrong.push(pointer);
    }
    assert.deepEqual(wrong, []);
  });

  test(`v${v}: every $ref resolves inside the document`, () => {
    const unresolved: string[] = [];
    let count = 0;
    for (const { schema: node, pointer } of walk(schema)) {
      const ref = node['$ref'];
      if (typeof ref !== 'string') continue;
      count++;
      if (!ref.startsWith('#/$defs/') || !isNode(resolvePointer(schema, ref))) unresolved.push(`${pointer}: ${ref}`);
    }
    assert.ok(count > 0);
    assert.deepEqual(unresolved, []);
  });

  test(`v${v}: named definitions exist and validate on their own`, () => {
    const ajv = newAjv();
    ajv.addSchema(schema);
    const names = [...NAMED_DEFS, ...(v === '3.0' ? [] : ['Relationship', 'RelationshipSchemaLevel', 'RelationshipPropertyLevel'])];
    for (const name of names) {
      const validate = ajv.getSchema(`${String(schema['$id'])}#/$defs/${name}`);
      assert.ok(validate, `$defs/${name} is missing`);
    }
    const defs = schema['$defs'] as Node;
    for (const name of Object.keys(defs)) {
      assert.ok(ajv.getSchema(`${String(schema['$id'])}#/$defs/${name}`), `$defs/${name} does not compile on its own`);
    }
  });
}

test('apiVersion values are split between the schemas as documented', () => {
  const own: Record<Version, string[]> = { '3.0': ['v3.0.0', 'v3.0.1', 'v3.0.2'], '3.1': ['v3.1.0'], '3.2': ['v3.2.0'] };
  for (const v of VERSIONS) {
    const apiVersion = ((schemas[v] as Node)['properties'] as Node)['apiVersion'] as Node;
    for (const value of own[v]) assert.ok((apiVersion['enum'] as string[]).includes(value), `v${v} must accept ${value}`);
  }
});
