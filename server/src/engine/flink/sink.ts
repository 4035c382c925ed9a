// The sink table of a stream: an upsert-kafka table on the stream's topic, keyed by the contract's primary key.
import { PendingProblem } from './types';
import { KafkaServer, PropertyModel, StreamModel } from './model';
import { ident, isCredentialOption, isPlaceholder, placeholderFor, renderOptions, renderType } from './sqlText';

/** Contract formats and the Flink format that writes them; Avro goes through a Confluent-compatible schema registry. */
const FORMATS: Record<string, string> = { json: 'json', avro: 'avro-confluent', 'avro-confluent': 'avro-confluent', csv: 'csv', raw: 'raw' };
/** Options the contract itself decides: flinkSinkOptions cannot change them. */
const CONTRACT_OPTIONS = ['topic', 'properties.bootstrap.servers', 'key.format', 'value.format'];

/** The sink's CREATE TABLE lines (without the final `;`); with `problemsOnly`, its problems and no column lines. */
export function sinkDdl(stream: StreamModel, tableName: string, server: KafkaServer | undefined, problems: PendingProblem[], problemsOnly = false): string[] {
  const columns = problemsOnly ? [] : stream.properties.map((p) => `  ${ident(p.field)} ${p.type ? renderType(p.type, true) : 'STRING'}`);
  const key = primaryKey(stream.properties);
  const userConnector = stream.sinkOptions.find((o) => o.key === 'connector')?.value;
  const connector = userConnector ?? 'upsert-kafka';
  if (key.length && connector !== 'kafka') columns.push(`  PRIMARY KEY (${key.map((p) => ident(p.field)).join(', ')}) NOT ENFORCED`);
  if (!key.length && connector === 'upsert-kafka') {
    problems.push({ code: 'flink-no-primary-key', severity: 'error', path: stream.path, message: `Stream \`${stream.name}\` has no key: an upsert-kafka topic needs one. Mark the key properties with \`primaryKey: true\` (and \`primaryKeyPosition\`).` });
  }
  const options: [string, string][] = [['connector', connector]];
  if (connector === 'upsert-kafka' || connector === 'kafka') options.push(...kafkaOptions(stream, key, connector, server, problems));
  for (const option of stream.sinkOptions) {
    if (option.key === 'connector') continue;
    if (CONTRACT_OPTIONS.includes(option.key) && options.some(([k]) => k === option.key)) {
      problems.push({ code: 'flink-sink-option-conflict', severity: 'warning', path: option.path, message: `Sink option \`${option.key}\` is decided by the contract (the stream's topic and the Kafka server's host and format); this value is ignored.` });
      continue;
    }
    let value = option.value;
    if (isCredentialOption(option.key) && !isPlaceholder(value)) {
      value = placeholderFor('kafka', option.key);
      problems.push({ code: 'flink-literal-credential', severity: 'warning', path: option.path, message: `Sink option \`${option.key}\` holds a literal credential: the generated job uses \`${value}\` instead. Keep credentials out of the contract.` });
    }
    const at = options.findIndex(([k]) => k === option.key);
    if (at >= 0) options[at] = [option.key, value];
    else options.push([option.key, value]);
  }
  return [`CREATE TABLE ${ident(tableName)} (`, ...columns.map((c, i) => (i < columns.length - 1 ? `${c},` : c)), ') WITH (', ...renderOptions(options), ')'];
}

function kafkaOptions(stream: StreamModel, key: PropertyModel[], connector: string, server: KafkaServer | undefined, problems: PendingProblem[]): [string, string][] {
  const written = server?.format?.toLowerCase() ?? 'json';
  let format = FORMATS[written];
  if (!format) {
    format = written;
    problems.push({ code: 'flink-unsupported-format', severity: 'error', path: [...server!.path, 'format'], message: `Format \`${server!.format}\` has no Flink format the generator knows: use json or avro (avro-confluent, with a schema registry).` });
  }
  const options: [string, string][] = [
    ['topic', stream.topic],
    ['properties.bootstrap.servers', server?.host ?? '${KAFKA_BOOTSTRAP_SERVERS}'],
  ];
  const registry = server?.registryUrl ?? '${SCHEMA_REGISTRY_URL}';
  if (connector === 'upsert-kafka' || key.length) {
    options.push(['key.format', format]);
    if (format === 'avro-confluent') options.push(['key.avro-confluent.url', registry]);
    if (connector === 'kafka') options.push(['key.fields', key.map((p) => p.field).join(';')]);
  }
  options.push(['value.format', format]);
  if (format === 'avro-confluent') options.push(['value.avro-confluent.url', registry]);
  return options;
}

/** The key properties in `primaryKeyPosition` order (then declaration order). */
export function primaryKey(properties: readonly PropertyModel[]): PropertyModel[] {
  return properties
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.primaryKey)
    .sort((a, b) => a.p.keyPosition - b.p.keyPosition || a.i - b.i)
    .map(({ p }) => p);
}
