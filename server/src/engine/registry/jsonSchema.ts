// Derives the JSON Schema (draft-07, what Confluent Schema Registry's JSON support speaks) of each public stream of a contract.
import { ContentModel, contentModelFor } from '../diff/contentModel';
import { isRecord } from '../locate';
import { declaredMode, fieldName, streamsOf } from './contract';

export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

export type JsonSchema = { [keyword: string]: unknown };

export type { ContentModel } from '../diff/contentModel';
export { contentModelFor } from '../diff/contentModel';

export interface StreamSchema {
  /** The stream's name in the contract. */
  stream: string;
  topic: string;
  /** Confluent's TopicNameStrategy: `<topic>-value`. */
  subject: string;
  schema: JsonSchema;
}

export interface DerivedSchemas {
  /** The compatibility mode the content model was chosen for. */
  mode: string;
  contentModel: ContentModel;
  streams: StreamSchema[];
  /** What could not be expressed in JSON Schema, in the contract's terms (`customers.email: ...`). */
  notes: string[];
}

export interface DeriveOptions {
  /** `auto` (the default) derives the model from the compatibility mode, see `ContentModel`. */
  contentModel?: ContentModel | 'auto';
  /** The mode when the contract declares none (the workspace setting); FORWARD when absent. */
  defaultMode?: string;
}

export function deriveStreamSchemas(contract: Record<string, unknown>, options: DeriveOptions = {}): DerivedSchemas {
  const mode = declaredMode(contract) ?? options.defaultMode?.toUpperCase() ?? 'FORWARD';
  const contentModel = !options.contentModel || options.contentModel === 'auto' ? contentModelFor(mode) : options.contentModel;
  const notes: string[] = [];
  const streams = streamsOf(contract).map(({ name, topic, stream }) => {
    const schema: JsonSchema = { $schema: DRAFT_07, title: name };
    if (typeof stream.description === 'string') schema.description = stream.description;
    Object.assign(schema, objectSchema(stream.properties, contentModel, name, notes));
    return { stream: name, topic, subject: `${topic}-value`, schema };
  });
  return { mode, contentModel, streams, notes };
}

/** `type: object` with the named fields; `where` names the owner in notes. */
function objectSchema(properties: unknown, model: ContentModel, where: string, notes: string[]): JsonSchema {
  const out: JsonSchema = { type: 'object', properties: {} as Record<string, JsonSchema> };
  const fields = out.properties as Record<string, JsonSchema>;
  const required: string[] = [];
  for (const property of Array.isArray(properties) ? properties : []) {
    if (!isRecord(property)) continue;
    const name = fieldName(property);
    if (!name) {
      notes.push(`${where}: a property without a name is left out`);
      continue;
    }
    // an own-property check: a field may well be called `constructor` or `__proto__`
    if (Object.prototype.hasOwnProperty.call(fields, name)) {
      notes.push(`${where}.${name}: the name appears twice; only the first is used`);
      continue;
    }
    Object.defineProperty(fields, name, { value: valueSchema(property, model, `${where}.${name}`, notes), enumerable: true, writable: true, configurable: true });
    if (property.required === true) required.push(name);
  }
  if (required.length) out.required = required;
  out.additionalProperties = model === 'open';
  return out;
}

/**
 * The schema of one value (a property, an array item or a map value). A value that is not `required` may be
 * null as well: Flink's JSON format writes a missing value as `null` rather than leaving the field out.
 */
function valueSchema(property: Record<string, unknown>, model: ContentModel, where: string, notes: string[]): JsonSchema {
  const out: JsonSchema = {};
  if (typeof property.businessName === 'string') out.title = property.businessName;
  if (typeof property.description === 'string') out.description = property.description;
  const options = isRecord(property.logicalTypeOptions) ? property.logicalTypeOptions : {};
  const logicalType = property.logicalType ?? (Array.isArray(property.properties) ? 'object' : undefined);
  switch (logicalType) {
    case 'string':
      out.type = 'string';
      copy(options, out, ['minLength', 'maxLength', 'pattern']);
      if (typeof options.format === 'string') {
        if (STRING_FORMATS.has(options.format)) out.format = options.format;
        else notes.push(`${where}: format \`${options.format}\` is not a JSON Schema format and is not checked`);
      }
      break;
    case 'date':
    case 'timestamp':
    case 'time':
      out.type = 'string';
      temporalFormat(String(logicalType), options.format, out, where, notes);
      break;
    case 'integer':
    case 'number':
      out.type = String(logicalType);
      copy(options, out, ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']);
      break;
    case 'boolean':
      out.type = 'boolean';
      break;
    case 'object':
      Object.assign(out, objectSchema(property.properties, model, where, notes));
      copy(options, out, ['minProperties', 'maxProperties']);
      if (Array.isArray(options.required)) {
        const names = [...((out.required as string[] | undefined) ?? [])];
        for (const name of options.required) if (typeof name === 'string' && !names.includes(name)) names.push(name);
        if (names.length) out.required = names;
        moveAfter(out, 'required', 'properties');
      }
      break;
    case 'array':
      out.type = 'array';
      out.items = isRecord(property.items) ? valueSchema(property.items, model, `${where}[]`, notes) : {};
      copy(options, out, ['minItems', 'maxItems', 'uniqueItems']);
      break;
    case 'map':
      // JSON object keys are always text, so only the value type can be expressed; any key is allowed
      out.type = 'object';
      out.additionalProperties = isRecord(property.map) && isRecord(property.map.value) ? valueSchema(property.map.value, model, `${where}{}`, notes) : {};
      break;
    case 'vector': {
      out.type = 'array';
      const elementType = typeof options.elementType === 'string' ? options.elementType : 'float32';
      out.items = { type: /^u?int/.test(elementType) || elementType === 'binary' ? 'integer' : 'number' };
      if (typeof options.dimensions === 'number') {
        out.minItems = options.dimensions;
        out.maxItems = options.dimensions;
      }
      break;
    }
    default:
      notes.push(logicalType === undefined ? `${where}: no logicalType, so any value is accepted` : `${where}: logicalType \`${String(logicalType)}\` is unknown, so any value is accepted`);
  }
  const values = enumValues(property.enum);
  if (values) out.enum = values;
  if (property.required !== true) nullable(out);
  return out;
}

/** Draft-07 formats (plus `uuid`, which validators commonly know); any other format text is documentation only. */
const STRING_FORMATS = new Set(['date-time', 'date', 'time', 'email', 'idn-email', 'hostname', 'idn-hostname', 'ipv4', 'ipv6', 'uri', 'uri-reference', 'iri', 'iri-reference', 'uri-template', 'json-pointer', 'relative-json-pointer', 'regex', 'uuid']);

const JSON_FORMAT: Record<string, string> = { date: 'date', timestamp: 'date-time', time: 'time' };

/**
 * Dates and times travel as text. The JSON Schema format applies when the contract names no text format or
 * names the ISO 8601 one; a custom format such as `dd-MM-yyyy` cannot be expressed, so the value is plain text.
 * Date limits (`minimum: 2020-01-01`) have no draft-07 keyword and are left out.
 */
function temporalFormat(logicalType: string, format: unknown, out: JsonSchema, where: string, notes: string[]): void {
  if (format === undefined || (typeof format === 'string' && isIsoPattern(logicalType, format))) out.format = JSON_FORMAT[logicalType];
  else notes.push(`${where}: text format \`${String(format)}\` has no JSON Schema equivalent; values are checked as plain text`);
}

function isIsoPattern(logicalType: string, format: string): boolean {
  const f = format.trim();
  if (logicalType === 'date') return /^(yyyy-MM-dd|YYYY-MM-DD)$/.test(f);
  if (logicalType === 'time') return /^HH:mm:ss(\.S+)?(XXX|Z)?$/.test(f);
  return /^(yyyy-MM-dd'T'HH:mm:ss(\.S+)?(XXX|Z|'Z')?|iso-?8601|date-time)$/i.test(f);
}

/** ODCS 3.2 `enum`: a list of `{value, label?, description?}`; JSON Schema wants the bare values. */
function enumValues(list: unknown): unknown[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const values = list.filter(isRecord).filter((e) => 'value' in e).map((e) => e.value);
  return values.length ? values : undefined;
}

/** Lets a value be null too: the type becomes `[type, "null"]`, and an enum gains `null`. */
function nullable(out: JsonSchema): void {
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
}

function copy(from: Record<string, unknown>, to: JsonSchema, keys: string[]): void {
  for (const key of keys) if (from[key] !== undefined && from[key] !== null && typeof from[key] !== 'object') to[key] = from[key];
}

/** Keeps `required` next to `properties`, as people write schemas, so registered schemas read naturally. */
function moveAfter(out: JsonSchema, key: string, after: string): void {
  const entries = Object.entries(out).filter(([k]) => k !== key);
  const at = entries.findIndex(([k]) => k === after);
  entries.splice(at + 1, 0, [key, out[key]]);
  for (const k of Object.keys(out)) delete out[k];
  Object.assign(out, Object.fromEntries(entries));
}
