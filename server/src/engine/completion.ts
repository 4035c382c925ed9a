// Completion: keys allowed at the cursor (with descriptions), allowed values, and snippets for streams and properties.
import { cursorContext, CursorContext } from './cursor';
import { ParsedYaml } from './parse';
import { isRecord, valueAt } from './locate';
import { familyFor, LATEST_FAMILY, MetaSchema, metaSchema } from './metaSchema';
import { COMPATIBILITY_MODES } from './rules/streaming';
import { factsOf, SchemaFacts, typeLabel } from './schemaFacts';
import { keysAt, schemasAt } from './schemaNav';
import { Span } from './types';

export interface CompletionEntry {
  label: string;
  kind: 'key' | 'value' | 'snippet';
  detail?: string;
  documentation?: string;
  insertText: string;
  /** insertText uses snippet syntax ($1, ${1|a,b|}). */
  snippet: boolean;
  replace: Span;
  sortText?: string;
  deprecated?: boolean;
}

const STREAM_CUSTOM_PROPERTIES: Record<string, string> = {
  flinkSource: 'The FROM clause of the generated Flink job: one source table, or tables joined.',
  flinkFilter: 'A WHERE condition: only matching rows are published.',
  flinkGroupBy: 'A GROUP BY list, for streams that aggregate.',
  flinkSinkOptions: 'Extra WITH options of the upsert-kafka sink, as a mapping.',
};
const CONTRACT_CUSTOM_PROPERTIES: Record<string, string> = {
  compatibility: 'How the contract may evolve: FORWARD (default), BACKWARD, FULL, their _TRANSITIVE forms, or NONE.',
};

/** Completions at `offset`; `parsed`: the editor's parse of the same text, so that only the list item around the cursor is parsed again. */
export function complete(text: string, offset: number, parsed?: ParsedYaml | null): CompletionEntry[] {
  const ctx = cursorContext(text, offset, parsed);
  if (!ctx) return [];
  const root = ctx.value;
  const meta = metaSchema((isRecord(root) && familyFor(root.apiVersion)) || LATEST_FAMILY);
  return ctx.kind === 'key' ? completeKeys(meta, ctx) : completeValues(meta, ctx);
}

function completeKeys(meta: MetaSchema, ctx: CursorContext): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  const here = valueAt(ctx.value, ctx.path);
  const present = new Set(isRecord(here) ? Object.keys(here) : []);
  const required = new Set<string>();
  for (const { schema } of schemasAt(meta, ctx.value, ctx.path)) if (Array.isArray(schema.required)) schema.required.forEach((k) => required.add(String(k)));
  const indent = ' '.repeat(ctx.itemIndent + 2);
  for (const [key, at] of keysAt(meta, ctx.value, ctx.path)) {
    if (present.has(key) && key !== ctx.prefix) continue;
    const facts = factsOf(meta, at);
    entries.push({
      label: key,
      kind: 'key',
      detail: `${typeLabel(facts)}${required.has(key) ? ' · required' : ''}`,
      documentation: facts.description,
      insertText: keySnippet(key, facts, indent),
      snippet: true,
      replace: ctx.replace,
      sortText: `${required.has(key) ? 0 : 1}${key}`,
      deprecated: facts.deprecated,
    });
  }
  entries.push(...structureSnippets(ctx, meta));
  return entries;
}

function keySnippet(key: string, facts: SchemaFacts, indent: string): string {
  if (facts.enumValues.length > 0 && facts.enumValues.length <= 40) return `${key}: \${1|${facts.enumValues.map((v) => escapeChoice(v.value)).join(',')}|}`;
  if (facts.types.length === 1) {
    switch (facts.types[0]) {
      case 'boolean':
        return `${key}: \${1|true,false|}`;
      case 'object':
        return `${key}:\n${indent}$0`;
      case 'array':
        return `${key}:\n${indent}- $0`;
    }
  }
  return `${key}: $0`;
}

function escapeChoice(value: string): string {
  return value.replace(/[,|\\$}]/g, (c) => `\\${c}`);
}

/** New stream / new property snippets, offered where a list item of `schema` or `properties` starts. */
function structureSnippets(ctx: CursorContext, meta: MetaSchema): CompletionEntry[] {
  const path = ctx.path;
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  const itemStarted = typeof last === 'number' && ctx.newItem && isRecord(valueAt(ctx.value, path)) && Object.keys(valueAt(ctx.value, path) as object).length === 1;
  const list = itemStarted ? parent : undefined;
  const out: CompletionEntry[] = [];
  if (list === 'schema' && path.length === 2) {
    out.push({
      label: 'New stream',
      kind: 'snippet',
      detail: 'A public stream (Kafka topic) with a key property',
      documentation: 'Adds a schema object published as a Kafka topic, with a first primary-key property.',
      insertText: indentLines(ctx, `id: \${1:stream_id}\nname: \${2:stream_name}\nphysicalName: \${3:\${2}}\nphysicalType: topic\ndescription: \${4:What one message of this stream means.}\nproperties:\n  - id: \${5:\${2}_id}\n    name: \${6:id}\n    logicalType: integer\n    physicalType: BIGINT\n    primaryKey: true\n    primaryKeyPosition: 1\n    required: true\n    transformSourceObjects:\n      - \${7:schema.table.column}$0`),
      snippet: true,
      replace: ctx.replace,
      sortText: '00stream',
    });
  }
  if (list === 'properties') {
    out.push({
      label: 'New property',
      kind: 'snippet',
      detail: 'A payload field with its source column',
      documentation: 'Adds a property with its logical and Flink types and the source column it is read from.',
      insertText: indentLines(ctx, `id: \${1:property_id}\nname: \${2:name}\nlogicalType: \${3|string,integer,number,boolean,date,timestamp,time,object,array|}\nphysicalType: \${4:STRING}\ndescription: \${5:What the field means for consumers.}\nrequired: \${6|false,true|}\ntransformSourceObjects:\n  - \${7:schema.table.column}$0`),
      snippet: true,
      replace: ctx.replace,
      sortText: '00property',
    });
  }
  // stable ids arrived with ODCS 3.1
  if (meta.family === 'v3.0') for (const entry of out) entry.insertText = entry.insertText.replace(/^( *(?:- )?)id: [^\n\r\u2028\u2029]*\n( *)/gm, '$1');
  return out;
}

function indentLines(ctx: CursorContext, snippet: string): string {
  return snippet.replace(/\n/g, `\n${' '.repeat(ctx.itemIndent)}`);
}

function completeValues(meta: MetaSchema, ctx: CursorContext): CompletionEntry[] {
  const key = ctx.path[ctx.path.length - 1];
  const parentPath = ctx.path.slice(0, -1);
  const owner = valueAt(ctx.value, parentPath);
  const custom = customPropertyValues(ctx, key, owner, parentPath.length);
  if (custom) return custom;
  const facts = factsOf(meta, schemasAt(meta, ctx.value, ctx.path));
  const entries: CompletionEntry[] = facts.enumValues.map((v, i) => ({
    label: v.value,
    kind: 'value' as const,
    detail: `${String(key)} value`,
    documentation: v.description,
    insertText: v.value,
    snippet: false,
    replace: ctx.replace,
    sortText: String(i).padStart(3, '0'),
  }));
  if (facts.types.includes('boolean') && entries.length === 0) {
    for (const b of ['true', 'false']) entries.push({ label: b, kind: 'value', insertText: b, snippet: false, replace: ctx.replace });
  }
  if (entries.length === 0) {
    facts.examples.forEach((ex, i) => entries.push({ label: ex, kind: 'value', detail: 'example', insertText: ex, snippet: false, replace: ctx.replace, sortText: `1${String(i).padStart(3, '0')}` }));
  }
  return entries;
}

/** The streaming customProperties: their names under `property:`, and the compatibility modes under `value:`. */
function customPropertyValues(ctx: CursorContext, key: string | number | undefined, owner: unknown, ownerDepth: number): CompletionEntry[] | undefined {
  const inCustom = ctx.path[ctx.path.length - 3] === 'customProperties';
  if (!inCustom || !isRecord(owner)) return undefined;
  const atTop = ownerDepth === 2;
  if (key === 'property') {
    const names = atTop ? CONTRACT_CUSTOM_PROPERTIES : ctx.path[0] === 'schema' && ownerDepth === 4 ? STREAM_CUSTOM_PROPERTIES : {};
    return Object.entries(names).map(([name, doc]) => ({ label: name, kind: 'value' as const, detail: 'streamcontract custom property', documentation: doc, insertText: name, snippet: false, replace: ctx.replace }));
  }
  if (key === 'value' && owner.property === 'compatibility') {
    return COMPATIBILITY_MODES.map((mode, i) => ({ label: mode, kind: 'value' as const, detail: 'compatibility mode', insertText: mode, snippet: false, replace: ctx.replace, sortText: String(i) }));
  }
  return undefined;
}
