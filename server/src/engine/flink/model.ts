// Reads what the job generator needs from a contract value: its streams, their properties and customProperties, the Kafka server.
import { FlinkType, propertyFlinkType } from '../diff';
import { isRecord } from '../locate';
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
}

export interface KafkaServer {
  path: Path;
  host?: string;
  format?: string;
  registryUrl?: string;
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
  const name = text(stream.name) ?? text(stream.physicalName) ?? `stream_${index + 1}`;
  const model: StreamModel = { index, path, name, topic: text(stream.physicalName) ?? name, groupBy: [], sinkOptions: [], properties: [], invalid: [] };
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
          if (typeof option === 'string' || typeof option === 'number' || typeof option === 'boolean') model.sinkOptions.push({ key, value: String(option), path: [...valuePath, key] });
          else model.invalid.push({ name: `${property}.${key}`, path: [...valuePath, key], expected: 'a single value (text, number or boolean)' });
        }
    }
  }
  const properties = Array.isArray(stream.properties) ? stream.properties : [];
  properties.forEach((property, j) => {
    if (isRecord(property)) model.properties.push(propertyModel(property, [...path, 'properties', j]));
  });
  return model;
}

function propertyModel(value: Record<string, unknown>, path: Path): PropertyModel {
  const field = text(value.physicalName) ?? text(value.name) ?? `field_${Number(path[path.length - 1]) + 1}`;
  const objects = Array.isArray(value.transformSourceObjects) ? value.transformSourceObjects : [];
  const sources = objects.flatMap((ref, index) => (typeof ref === 'string' && ref.trim() ? [{ ref: ref.trim(), index }] : []));
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
  const registry = customEntries(server, path).find((e) => e.property === 'schemaRegistryUrl');
  return { path, host: text(server.host), format: text(server.format), registryUrl: registry ? text(registry.value) : undefined };
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
