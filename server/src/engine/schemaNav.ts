// Walks the meta-schema along a document path: which subschemas apply here, which keys and values are allowed.
import { isRecord, valueAt } from './locate';
import { JsonSchema, MetaSchema } from './metaSchema';
import { Path } from './types';

export interface SchemaAt {
  schema: JsonSchema;
  pointer: string;
}

/**
 * All subschemas that apply to the value at `path`, with $ref, allOf, if/then and matching oneOf/anyOf branches expanded.
 * `everyBranch`: at the value itself, every conditional and composite branch, as if its discriminator were unknown.
 */
export function schemasAt(meta: MetaSchema, root: unknown, path: Path, everyBranch = false): SchemaAt[] {
  let current = expand(meta, [{ schema: meta.root, pointer: '#' }], root, everyBranch && path.length === 0);
  for (let i = 0; i < path.length && current.length > 0; i++) {
    const seg = path[i];
    const next: SchemaAt[] = [];
    for (const { schema, pointer } of current) {
      if (typeof seg === 'string' || !Array.isArray(valueAt(root, path.slice(0, i)))) {
        const key = String(seg);
        const props = schema.properties as Record<string, JsonSchema> | undefined;
        if (props && isRecord(props[key])) next.push({ schema: props[key], pointer: `${pointer}/properties/${escape(key)}` });
        else if (isRecord(schema.additionalProperties)) next.push({ schema: schema.additionalProperties as JsonSchema, pointer: `${pointer}/additionalProperties` });
        const patterns = schema.patternProperties as Record<string, JsonSchema> | undefined;
        for (const [pattern, sub] of Object.entries(patterns ?? {})) {
          if (safeTest(pattern, key)) next.push({ schema: sub, pointer: `${pointer}/patternProperties/${escape(pattern)}` });
        }
      } else if (isRecord(schema.items)) {
        next.push({ schema: schema.items as JsonSchema, pointer: `${pointer}/items` });
      }
    }
    current = expand(meta, next, valueAt(root, path.slice(0, i + 1)), everyBranch && i === path.length - 1);
  }
  return current;
}

/** The keys the schemas allow at `path`, each with the subschema that describes it (`everyBranch`: see `schemasAt`). */
export function keysAt(meta: MetaSchema, root: unknown, path: Path, everyBranch = false): Map<string, SchemaAt> {
  const keys = new Map<string, SchemaAt>();
  for (const { schema, pointer } of schemasAt(meta, root, path, everyBranch)) {
    const props = schema.properties as Record<string, JsonSchema> | undefined;
    for (const [key, sub] of Object.entries(props ?? {})) {
      if (!isRecord(sub)) continue;
      const known = keys.get(key);
      // prefer the definition that carries a description (the others only constrain)
      if (!known || (!known.schema.description && sub.description)) keys.set(key, { schema: sub, pointer: `${pointer}/properties/${escape(key)}` });
    }
  }
  return keys;
}

/** A subschema with its `$ref` followed, for reading descriptions, enums and types. */
export function resolved(meta: MetaSchema, at: SchemaAt): SchemaAt[] {
  return expand(meta, [at], undefined);
}

function expand(meta: MetaSchema, start: SchemaAt[], value: unknown, everyBranch = false): SchemaAt[] {
  const out: SchemaAt[] = [];
  const seen = new Set<string>();
  const stack = [...start].reverse();
  while (stack.length > 0 && out.length < 200) {
    const item = stack.pop()!;
    if (seen.has(item.pointer)) continue;
    seen.add(item.pointer);
    const { schema, pointer } = item;
    out.push(item);
    const push = (sub: unknown, subPointer: string) => {
      if (isRecord(sub)) stack.push({ schema: sub, pointer: subPointer });
    };
    if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#')) {
      const target = meta.resolve(schema.$ref);
      push(target, schema.$ref);
    }
    (schema.allOf as unknown[] | undefined)?.forEach((sub, i) => push(sub, `${pointer}/allOf/${i}`));
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const branches = schema[keyword] as unknown[] | undefined;
      if (!Array.isArray(branches)) continue;
      const fitting = branches.map((b, i) => [b, i] as const).filter(([b]) => everyBranch || value === undefined || typeFits(meta, b, value));
      (fitting.length ? fitting : branches.map((b, i) => [b, i] as const)).forEach(([b, i]) => push(b, `${pointer}/${keyword}/${i}`));
    }
    if (isRecord(schema.if) && everyBranch) {
      push(schema.then, `${pointer}/then`);
      push(schema.else, `${pointer}/else`);
    } else if (isRecord(schema.if)) {
      const holds = value !== undefined && meta.validatorAt(`${pointer}/if`)?.(value) === true;
      if (holds) push(schema.then, `${pointer}/then`);
      else if (value !== undefined) push(schema.else, `${pointer}/else`);
    }
  }
  return out;
}

function typeFits(meta: MetaSchema, branch: unknown, value: unknown): boolean {
  let schema = branch;
  for (let hops = 0; hops < 5 && isRecord(schema) && typeof schema.$ref === 'string'; hops++) schema = meta.resolve(schema.$ref);
  if (!isRecord(schema) || schema.type === undefined) return true;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.some((t) => jsonType(value) === t || (t === 'number' && jsonType(value) === 'integer'));
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function safeTest(pattern: string, key: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(key);
  } catch {
    return false;
  }
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
