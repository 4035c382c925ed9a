// Reads what a set of subschemas says about a key: description, types, allowed values, examples.
import { isRecord } from './locate';
import { JsonSchema, MetaSchema } from './metaSchema';
import { resolved, SchemaAt } from './schemaNav';

export interface SchemaFacts {
  description: string | undefined;
  types: string[];
  enumValues: { value: string; description?: string }[];
  examples: string[];
  defaultValue: unknown;
  deprecated: boolean;
  /** Array items are objects (a list of mappings) */
  itemsAreObjects: boolean;
}

export function factsOf(meta: MetaSchema, at: SchemaAt | SchemaAt[]): SchemaFacts {
  const facts: SchemaFacts = { description: undefined, types: [], enumValues: [], examples: [], defaultValue: undefined, deprecated: false, itemsAreObjects: false };
  const seenValues = new Set<string>();
  const starts = Array.isArray(at) ? at : [at];
  for (const start of starts) {
    for (const { schema } of resolved(meta, start)) {
      facts.description ??= text(schema.markdownDescription) ?? text(schema.description);
      for (const t of typesOf(schema)) if (!facts.types.includes(t)) facts.types.push(t);
      const descriptions = Array.isArray(schema.enumDescriptions) ? (schema.enumDescriptions as unknown[]) : [];
      const values = Array.isArray(schema.enum) ? schema.enum : schema.const !== undefined ? [schema.const] : [];
      values.forEach((v, i) => {
        const value = String(v);
        if (seenValues.has(value)) return;
        seenValues.add(value);
        facts.enumValues.push({ value, description: text(descriptions[i]) });
      });
      if (Array.isArray(schema.examples)) for (const ex of schema.examples) if (['string', 'number'].includes(typeof ex) && !facts.examples.includes(String(ex))) facts.examples.push(String(ex));
      if (schema.default !== undefined && facts.defaultValue === undefined) facts.defaultValue = schema.default;
      if (schema.deprecated === true) facts.deprecated = true;
      if (isRecord(schema.items)) {
        const items = resolved(meta, { schema: schema.items as JsonSchema, pointer: '' });
        if (items.some(({ schema: s }) => typesOf(s).includes('object') || isRecord(s.properties))) facts.itemsAreObjects = true;
      }
    }
  }
  return facts;
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type.map(String);
  if (typeof schema.type === 'string') return [schema.type];
  if (isRecord(schema.properties)) return ['object'];
  return [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** `string`, `list of mappings`, `true | false`: the type as a contract author reads it. */
export function typeLabel(facts: SchemaFacts): string {
  if (facts.types.length === 0) return 'any';
  return facts.types.map((t) => (t === 'array' ? (facts.itemsAreObjects ? 'list of mappings' : 'list') : t === 'object' ? 'mapping' : t)).join(' | ');
}
