// Derives the Avro schema of each stream as Flink's avro-confluent format writes it: the sink table's value columns through the rules of Flink's AvroSchemaConverter.
import { Path } from '../types';
import { FlinkType, renderFlinkType } from '../diff';
import { contractStreams, PropertyModel, StreamModel } from '../flink/model';
import { streamsOf } from './contract';

/**
 * The name Flink gives the record it derives from a table (AvroSchemaConverter's default); nested rows are named
 * after their field path (`org.apache.flink.avro.generated.record_address`), which keeps them apart unless two paths
 * join alike (a row `a_b` beside a row `a` holding a row `b`).
 */
export const FLINK_RECORD_NAME = 'org.apache.flink.avro.generated.record';

export type AvroSchema = string | AvroSchema[] | { [keyword: string]: unknown };

export interface AvroStreamSchema {
  /** The stream's name in the contract. */
  stream: string;
  topic: string;
  /** Confluent's TopicNameStrategy: `<topic>-value`, the subject Flink's avro-confluent format writes to. */
  subject: string;
  schema: AvroSchema;
}

export interface DerivedAvroSchemas {
  streams: AvroStreamSchema[];
  /** Columns Flink's avro-confluent format cannot write, in the contract's terms (`orders.created_at: ...`); each leaves its stream out. */
  problems: string[];
}

/** One column of the sink table, as the sink DDL declares it. */
export interface SinkColumn {
  name: string;
  type: FlinkType;
}

/** STRING, the column type the sink DDL gives a property without a type. */
const STRING_COLUMN: FlinkType = { kind: 'varchar', length: 2147483647, notNull: false };
const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The Avro schema of every stream that has a topic, as Flink 1.20's `avro-confluent` format derives it from the sink
 * table (AvroSchemaConverter.convertToSchema of the value columns, with its default, legacy timestamp mapping). A
 * stream with a column Flink cannot write in Avro gets no schema: the job itself would fail at start-up.
 */
export function deriveAvroSchemas(contract: Record<string, unknown>): DerivedAvroSchemas {
  const problems: string[] = [];
  const models = contractStreams(contract);
  const streams: AvroStreamSchema[] = [];
  for (const { index, name, topic } of streamsOf(contract)) {
    const model = models.find((m) => m.index === index);
    if (!model) continue;
    const own: string[] = [];
    const schema = avroRecord(sinkValueColumns(model), FLINK_RECORD_NAME, name, own);
    problems.push(...own);
    if (own.length === 0) streams.push({ stream: name, topic, subject: `${topic}-value`, schema });
  }
  return { streams, problems };
}

/**
 * What Flink's avro-confluent format cannot write, property by property, when the contract's topics are Avro: the
 * problems that would refuse its registration, where the contract can show them.
 */
export function avroColumnProblems(contract: Record<string, unknown>): { path: Path; message: string }[] {
  const out: { path: Path; message: string }[] = [];
  for (const model of contractStreams(contract)) {
    const columns = sinkValueColumns(model);
    const seen = new Set<string>();
    for (const p of model.properties) {
      const column = columns.find((c) => c.name === p.field);
      if (!column) continue;
      const problems: string[] = [];
      avroRecord([column], FLINK_RECORD_NAME, model.name, problems);
      if (seen.has(column.name)) problems.push(`${model.name}.${column.name}: the field name appears twice in one record`);
      seen.add(column.name);
      for (const message of problems) out.push({ path: p.path, message });
    }
  }
  return out;
}

/**
 * The columns Flink serialises as the message value: every sink column in order, with the type the sink DDL gives it
 * (a property without a type is a nullable STRING column there), less the key columns when the stream's
 * `flinkSinkOptions` set `value.fields-include: EXCEPT_KEY`.
 */
export function sinkValueColumns(stream: StreamModel): SinkColumn[] {
  const include = stream.sinkOptions.find((o) => o.key === 'value.fields-include')?.value.trim().toUpperCase();
  const columns = include === 'EXCEPT_KEY' ? stream.properties.filter((p) => !p.primaryKey) : stream.properties;
  return columns.map((p: PropertyModel) => ({ name: p.field, type: p.type ?? STRING_COLUMN }));
}

/**
 * The record of a row: fields in column order, a nullable field as the union `["null", T]` with `"default": null`, a NOT
 * NULL field as T. Spelt as Avro's own `Schema.toString` spells it (the namespace only where it changes), which is the
 * text Flink's serializer registers.
 */
export function avroRecord(columns: readonly SinkColumn[], fullName: string, where: string, problems: string[]): AvroSchema {
  return record(columns, fullName, where, problems, new Set(), true);
}

/** `names`: the record names used so far in the schema, which Avro requires to be unique. */
function record(columns: readonly SinkColumn[], fullName: string, where: string, problems: string[], names: Set<string>, top: boolean): AvroSchema {
  if (names.has(fullName)) problems.push(`${where}: Flink would name two records \`${fullName}\`, which Avro does not allow; rename one of the fields`);
  names.add(fullName);
  const dot = fullName.lastIndexOf('.');
  const out: Record<string, unknown> = { type: 'record', name: fullName.slice(dot + 1) };
  // nested records share the namespace, which Avro then leaves out
  if (top) out.namespace = fullName.slice(0, dot);
  const fields: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    const at = `${where}.${column.name}`;
    if (!AVRO_NAME.test(column.name)) {
      problems.push(`${at}: \`${column.name}\` is not an Avro name (letters, digits and \`_\`, not starting with a digit), so Flink's avro-confluent format cannot write the field; give it one as its \`physicalName\``);
      continue;
    }
    if (seen.has(column.name)) {
      problems.push(`${at}: the field name appears twice in one record`);
      continue;
    }
    seen.add(column.name);
    const type = avroType(column.type, `${fullName}_${column.name}`, at, problems, names);
    if (type === null) continue;
    fields.push(column.type.notNull ? { name: column.name, type } : { name: column.name, type, default: null });
  }
  out.fields = fields;
  return out;
}

/** The Avro schema of one Flink type, or null (with a problem) when Flink's converter refuses it. */
function avroType(type: FlinkType, recordName: string, where: string, problems: string[], names: Set<string>): AvroSchema | null {
  const plain = plainType(type, recordName, where, problems, names);
  if (plain === null) return null;
  return type.notNull ? plain : ['null', plain];
}

function plainType(type: FlinkType, recordName: string, where: string, problems: string[], names: Set<string>): AvroSchema | null {
  const refuse = (why: string) => {
    problems.push(`${where}: ${renderFlinkType({ ...type, notNull: false })} ${why}`);
    return null;
  };
  switch (type.kind) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return type.name === 'BIGINT' ? 'long' : 'int';
    case 'float':
      return type.name === 'FLOAT' ? 'float' : 'double';
    case 'char':
    case 'varchar':
      return 'string';
    case 'binary':
    case 'varbinary':
      return 'bytes';
    case 'decimal':
      return { type: 'bytes', logicalType: 'decimal', precision: type.precision, scale: type.scale };
    case 'date':
      return { type: 'int', logicalType: 'date' };
    case 'time':
      if (type.precision > 3) return refuse("cannot be written by Flink's avro-confluent format, which writes TIME as Avro time-millis (precision 0 to 3); declare `physicalType: TIME(3)`");
      return { type: 'int', logicalType: 'time-millis' };
    case 'timestamp':
      // Flink 1.20's avro-confluent format keeps the legacy timestamp mapping: timestamp-millis, and nothing finer
      if (type.precision > 3) return refuse("cannot be written by Flink's avro-confluent format, which writes TIMESTAMP as Avro timestamp-millis (precision 0 to 3); declare `physicalType: TIMESTAMP(3)`");
      return { type: 'long', logicalType: 'timestamp-millis' };
    case 'timestamp_ltz':
      return refuse("cannot be written by Flink's avro-confluent format (Flink derives no Avro type for TIMESTAMP_LTZ under its default timestamp mapping); declare `physicalType: TIMESTAMP(3)` for UTC instants, or publish the stream as JSON");
    case 'array': {
      const items = avroType(type.element, recordName, `${where}[]`, problems, names);
      return items === null ? null : { type: 'array', items };
    }
    case 'map': {
      if (type.key.kind !== 'varchar' && type.key.kind !== 'char') return refuse('cannot be written in Avro: Avro map keys are text, so the key type must be STRING, VARCHAR or CHAR');
      const values = avroType(type.value, recordName, `${where}{}`, problems, names);
      return values === null ? null : { type: 'map', values };
    }
    case 'multiset': {
      // Flink writes a multiset as a map from element to count
      if (type.element.kind !== 'varchar' && type.element.kind !== 'char') return refuse('cannot be written in Avro: Flink writes a multiset as a map from element to count, and Avro map keys are text');
      return { type: 'map', values: ['null', 'int'] };
    }
    case 'row':
      return record(type.fields, recordName, where, problems, names, false);
    case 'interval':
      return refuse("has no Avro type in Flink's avro-confluent format");
  }
}
