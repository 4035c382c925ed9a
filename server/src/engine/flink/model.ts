// Reads what the job generator needs from a contract value: its streams, their properties and customProperties, the Kafka server.
import { FlinkType, propertyFlinkType } from '../diff';
import { isRecord } from '../locate';
import { escapeUnsafe, firstUnsafe } from '../sources/flinkLexer';
import { Path } from '../types';

/** A SQL text written in the contract (transformLogic, flinkSource, ...), with the path of its YAML scalar. */
export interface Fragment {
  text: string;
  path: Path;
  /** The property or stream that problems in it belong to. */
  owner: Path;
  what: 'transformLogic' | 'flinkSource' | 'flinkFilter' | 'flinkGroupBy';
}

export interface PropertyModel {
  path: Path;
  value: Record<string, unknown>;
  /** The field name in the payload: physicalName, else name. */
  field: string;
  logic?: Fragment;
  /** transformSourceObjects entries that are strings, with their index. */
  sources: { ref: string; index: number }[];
  /** The column type; null when neither physicalType nor logicalType gives one. */
  type: FlinkType | null;
  primaryKey: boolean;
  keyPosition: number;
  /** Nested properties (an object or array of objects). */
  nested: boolean;
}

/** A contract value bound for an identifier, a string or a comment of the job that holds a line break or control character. */
export interface UnsafeValue {
  path: Path;
  /** The key it is written under: `name`, `host`, ... */
  key: string;
  /** The first unsafe character. */
  code: number;
}

export interface StreamModel {
  index: number;
  path: Path;
  name: string;
  topic: string;
  source?: Fragment;
  filter?: Fragment;
  groupBy: Fragment[];
  sinkOptions: { key: string; value: string; path: Path }[];
  properties: PropertyModel[];
  /** customProperties entries whose value has the wrong shape. */
  invalid: { name: string; path: Path; expected: string }[];
  /** Values of the stream and its properties that held unsafe characters: the model keeps them escaped. */
  unsafe: UnsafeValue[];
}

export interface KafkaServer {
  path: Path;
  host?: string;
  format?: string;
  registryUrl?: string;
  unsafe: UnsafeValue[];
}

export function contractStreams(contract: unknown): StreamModel[] {
  const schema = isRecord(contract) && Array.isArray(contract.schema) ? contract.schema : [];
  const streams: StreamModel[] = [];
  schema.forEach((stream, index) => {
    if (isRecord(stream)) streams.push(streamModel(stream, index));
  });
  return streams;
}

function streamModel(stream: Record<string, unknown>, index: number): StreamModel {
  const path: Path = ['schema', index];
  const unsafe: UnsafeValue[] = [];
  const line = lineOf(unsafe);
  const name = line(text(stream.name), [...path, 'name']) ?? line(text(stream.physicalName), [...path, 'physicalName']) ?? `stream_${index + 1}`;
  const topic = line(text(stream.physicalName), [...path, 'physicalName']) ?? name;
  const model: StreamModel = { index, path, name, topic, groupBy: [], sinkOptions: [], properties: [], invalid: [], unsafe };
  for (const { property, value, at } of customEntries(stream, path)) {
    const valuePath = [...at, 'value'];
    if (property === 'flinkSource' || property === 'flinkFilter') {
      if (typeof value === 'string' && value.trim()) model[property === 'flinkSource' ? 'source' : 'filter'] = { text: value, path: valuePath, owner: path, what: property };
      else model.invalid.push({ name: property, path: valuePath, expected: property === 'flinkSource' ? 'a FROM clause' : 'a WHERE condition' });
    } else if (property === 'flinkGroupBy') {
      const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
      list.forEach((item, k) => {
        if (typeof item === 'string' && item.trim()) model.groupBy.push({ text: item, path: typeof value === 'string' ? valuePath : [...valuePath, k], owner: path, what: 'flinkGroupBy' });
      });
      if (model.groupBy.length === 0) model.invalid.push({ name: property, path: valuePath, expected: 'a GROUP BY list (text, or a list of expressions)' });
    } else if (property === 'flinkSinkOptions') {
      if (!isRecord(value)) model.invalid.push({ name: property, path: valuePath, expected: 'a mapping of connector options' });
      else
        for (const [key, option] of Object.entries(value)) {
          if (typeof option === 'string' || typeof option === 'number' || typeof option === 'boolean') {
            const at = [...valuePath, key];
            model.sinkOptions.push({ key: line(key, at, property)!, value: line(String(option), at, property)!, path: at });
          } else model.invalid.push({ name: `${property}.${key}`, path: [...valuePath, key], expected: 'a single value (text, number or boolean)' });
        }
    }
  }
  const properties = Array.isArray(stream.properties) ? stream.properties : [];
  properties.forEach((property, j) => {
    if (isRecord(property)) model.properties.push(propertyModel(property, [...path, 'properties', j], line));
  });
  return model;
}

function propertyModel(value: Record<string, unknown>, path: Path, line: SingleLine): PropertyModel {
  const field = line(text(value.physicalName), [...path, 'physicalName']) ?? line(text(value.name), [...path, 'name']) ?? `field_${Number(path[path.length - 1]) + 1}`;
  const objects = Array.isArray(value.transformSourceObjects) ? value.transformSourceObjects : [];
  const sources = objects.flatMap((ref, index) => (typeof ref === 'string' && ref.trim() ? [{ ref: line(ref.trim(), [...path, 'transformSourceObjects', index], 'transformSourceObjects')!, index }] : []));
  const logic = typeof value.transformLogic === 'string' && value.transformLogic.trim() ? { text: value.transformLogic, path: [...path, 'transformLogic'], owner: path, what: 'transformLogic' as const } : undefined;
  let type = propertyFlinkType(value).type;
  // a physicalType that is not a Flink type (`text`, `topic`...) still leaves the logical type to derive from
  if (!type && value.physicalType !== undefined) type = propertyFlinkType({ ...value, physicalType: undefined }).type;
  const primaryKey = value.primaryKey === true;
  if (type && primaryKey && !type.notNull) type = { ...type, notNull: true };
  const position = typeof value.primaryKeyPosition === 'number' ? value.primaryKeyPosition : Number.MAX_SAFE_INTEGER;
  const nested = Array.isArray(value.properties) && value.properties.length > 0;
  return { path, value, field, logic, sources, type, primaryKey, keyPosition: position, nested };
}

/** The Kafka server the sink writes to: the one named, else the first `type: kafka` server. */
export function kafkaServer(contract: unknown, name?: string): KafkaServer | undefined {
  const servers = isRecord(contract) && Array.isArray(contract.servers) ? contract.servers : [];
  const index = servers.findIndex((s) => isRecord(s) && s.type === 'kafka' && (name === undefined || s.server === name || s.id === name));
  if (index < 0) return undefined;
  const server = servers[index] as Record<string, unknown>;
  const path: Path = ['servers', index];
  const unsafe: UnsafeValue[] = [];
  const line = lineOf(unsafe);
  const registry = customEntries(server, path).find((e) => e.property === 'schemaRegistryUrl');
  return {
    path,
    host: line(text(server.host), [...path, 'host']),
    format: line(text(server.format), [...path, 'format']),
    registryUrl: registry ? line(text(registry.value), [...registry.at, 'value'], 'schemaRegistryUrl') : undefined,
    unsafe,
  };
}

type SingleLine = (value: string | undefined, path: Path, key?: string) => string | undefined;

/**
 * Names, topics, hosts and options are one line of plain text in the job: a value with a line break or control
 * character is recorded (the generator reports it) and kept with the character escaped, so the job never holds it.
 */
function lineOf(unsafe: UnsafeValue[]): SingleLine {
  return (value, path, key = String(path[path.length - 1])) => {
    if (value === undefined) return undefined;
    const found = firstUnsafe(value);
    if (!found) return value;
    if (!unsafe.some((u) => u.path.join('\u0000') === path.join('\u0000'))) unsafe.push({ path, key, code: found.code });
    return escapeUnsafe(value);
  };
}

function customEntries(owner: Record<string, unknown>, path: Path): { property: string; value: unknown; at: Path }[] {
  const list = Array.isArray(owner.customProperties) ? owner.customProperties : [];
  return list.flatMap((entry, i) => (isRecord(entry) && typeof entry.property === 'string' ? [{ property: entry.property, value: entry.value, at: [...path, 'customProperties', i] }] : []));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The contract's id and version, for the header. */
export function contractIdentity(contract: unknown): { id: string; version: string } {
  const c = isRecord(contract) ? contract : {};
  return { id: text(c.id) ?? '(no id)', version: text(c.version) ?? '(no version)' };
}
