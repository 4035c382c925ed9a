// What each stream registers in a Schema Registry, by the format of its Kafka server: JSON Schema for json topics, Avro (as Flink's avro-confluent format writes it) for avro topics.
import { kafkaServer } from '../flink/model';
import { deriveAvroSchemas } from './avroSchema';
import { ContentModel, DeriveOptions, deriveStreamSchemas } from './jsonSchema';

export type SchemaType = 'JSON' | 'AVRO';

export interface StreamRegistration {
  stream: string;
  topic: string;
  subject: string;
  schemaType: SchemaType;
  /** The schema text to register. */
  schema: string;
}

export interface DerivedRegistrations {
  /** The compatibility mode the contract declares (or the default it was given). */
  mode: string;
  /** The content model of JSON Schemas; absent for Avro. */
  contentModel?: ContentModel;
  schemaType?: SchemaType;
  streams: StreamRegistration[];
  /** What the schemas do not express; registration goes on. */
  notes: string[];
  /**
   * Why nothing can be registered: a format without a registry schema here, or (for Avro) columns the Flink job cannot
   * write. Registration must not go on when there are any.
   */
  refusals: string[];
}

/** Contract formats of a Kafka server and the schema type their topics are registered with. */
const SCHEMA_TYPES: Record<string, SchemaType> = { json: 'JSON', avro: 'AVRO', 'avro-confluent': 'AVRO' };

/**
 * The schema type of the contract's topics: that of the Kafka server the generated job writes to (the first `type:
 * kafka` server), JSON when there is none or it names no format, as the job's sink does.
 */
export function schemaTypeOf(contract: Record<string, unknown>): { schemaType: SchemaType } | { refusal: string } {
  const server = kafkaServer(contract);
  const format = server?.format?.toLowerCase() ?? 'json';
  const schemaType = SCHEMA_TYPES[format];
  if (schemaType) return { schemaType };
  const where = server && typeof server.path[1] === 'number' ? `servers[${server.path[1]}]` : 'the Kafka server';
  if (format === 'protobuf' || format === 'proto') {
    return { refusal: `its topics are written as Protobuf (${where} has \`format: ${server!.format}\`), and Protobuf schemas are not derived from contracts: register the topics' .proto schemas with the registry's own tools, or publish the streams as json or avro.` };
  }
  return { refusal: `its topics are written as \`${server!.format}\` (${where}), a format without a Schema Registry schema: only json (JSON Schema) and avro or avro-confluent (Avro) topics are registered.` };
}

/** Each stream's registration in the format its topic is written in. */
export function deriveRegistrations(contract: Record<string, unknown>, options: DeriveOptions = {}): DerivedRegistrations {
  const json = deriveStreamSchemas(contract, options);
  const format = schemaTypeOf(contract);
  if ('refusal' in format) return { mode: json.mode, streams: [], notes: [], refusals: [format.refusal] };
  if (format.schemaType === 'JSON') {
    const streams = json.streams.map((s) => ({ stream: s.stream, topic: s.topic, subject: s.subject, schemaType: 'JSON' as const, schema: JSON.stringify(s.schema) }));
    return { mode: json.mode, contentModel: json.contentModel, schemaType: 'JSON', streams, notes: json.notes.map((n) => `Not expressed in the JSON Schema: ${n}.`), refusals: [] };
  }
  const avro = deriveAvroSchemas(contract);
  const streams = avro.streams.map((s) => ({ stream: s.stream, topic: s.topic, subject: s.subject, schemaType: 'AVRO' as const, schema: JSON.stringify(s.schema) }));
  return { mode: json.mode, schemaType: 'AVRO', streams, notes: [], refusals: avro.problems.map((p) => `${p}.`) };
}
