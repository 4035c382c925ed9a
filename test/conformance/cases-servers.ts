// Hand-built server entries: every server type of each ODCS version with all of its connection fields.
import type { Version } from './oracle';

type Fields = Record<string, unknown>;

const order: Record<Version, number> = { '3.0': 0, '3.1': 1, '3.2': 2 };
const atLeast = (v: Version, min: Version): boolean => order[v] >= order[min];

/** `value` from version `min` on; otherwise the key is left out. */
function from(v: Version, min: Version, fields: Fields): Fields {
  return atLeast(v, min) ? fields : {};
}

const hostPortDb = (port: number): Fields => ({ host: 'db.example.com', port, database: 'sales' });

/** [server type, first version that has it, all fields of that type]. */
const SERVER_TYPES: [string, Version, (v: Version) => Fields][] = [
  ['api', '3.0', () => ({ location: 'https://api.example.com/v1/orders' })],
  [
    'athena',
    '3.0',
    (v) => ({
      stagingDir: 's3://results-bucket/athena/',
      schema: 'sales',
      catalog: 'awsdatacatalog',
      regionName: 'eu-central-1',
      ...from(v, '3.2', { workgroup: 'analytics' }),
    }),
  ],
  [
    'azure',
    '3.0',
    (v) => ({
      location: 'abfss://raw@account.dfs.core.windows.net/orders/*.json',
      format: 'json',
      delimiter: 'new_line',
      ...from(v, '3.2', { encoding: 'UTF-8' }),
    }),
  ],
  ['bigquery', '3.0', () => ({ project: 'acme-analytics', dataset: 'sales' })],
  ['clickhouse', '3.0', () => hostPortDb(9000)],
  ['databricks', '3.0', () => ({ host: 'adb-123.azuredatabricks.net', catalog: 'main', schema: 'sales' })],
  ['denodo', '3.0', () => hostPortDb(9999)],
  ['dremio', '3.0', () => ({ host: 'dremio.example.com', port: 31010, schema: 'sales' })],
  ['duckdb', '3.0', (v) => ({ database: '/data/sales.duckdb', schema: v === '3.0' ? 1 : 'main' })],
  ['exasol', '3.2', () => ({ host: '10.0.0.11..14', port: 8563, schema: 'SALES' })],
  [
    'glue',
    '3.0',
    (v) => ({
      account: '123456789012',
      database: 'sales',
      location: 's3://lake/sales/',
      format: 'parquet',
      ...from(v, '3.2', { encoding: 'UTF-8' }),
    }),
  ],
  ['hana', '3.2', () => ({ host: 'hana.example.com', port: 30015, database: 'HXE', schema: 'SALES' })],
  ['cloudsql', '3.0', () => ({ ...hostPortDb(5432), schema: 'public' })],
  ['db2', '3.0', () => ({ ...hostPortDb(50000), schema: 'SALES' })],
  ['hive', '3.1', () => hostPortDb(10000)],
  [
    'iceberg',
    '3.2',
    () => ({ catalog: 'lakehouse', catalogUrl: 'https://polaris.example.com/api/catalog', namespace: 'sales.core', warehouse: 's3://warehouse/' }),
  ],
  ['impala', '3.1', () => hostPortDb(21050)],
  ['informix', '3.0', () => hostPortDb(9088)],
  ['kafka', '3.0', (v) => ({ host: 'broker-1:9092,broker-2:9092', format: 'avro', ...from(v, '3.2', { encoding: 'UTF-8' }) })],
  ['kinesis', '3.0', (v) => ({ region: 'eu-west-1', format: 'json', ...from(v, '3.2', { encoding: 'UTF-8' }) })],
  ['local', '3.0', (v) => ({ path: './data/orders.parquet', format: 'parquet', ...from(v, '3.2', { encoding: 'UTF-8' }) })],
  ['mysql', '3.0', () => hostPortDb(3306)],
  ['oracle', '3.0', () => ({ host: 'ora.example.com', port: 1521, serviceName: 'ORCLPDB1' })],
  ['postgresql', '3.0', () => ({ ...hostPortDb(5432), schema: 'public' })],
  ['postgres', '3.0', () => ({ ...hostPortDb(5432), schema: 'public' })],
  ['presto', '3.0', () => ({ host: 'presto.example.com', catalog: 'hive', schema: 'sales' })],
  ['pubsub', '3.0', () => ({ project: 'acme-events' })],
  [
    'redshift',
    '3.0',
    () => ({ host: 'cluster.abc.eu-west-1.redshift.amazonaws.com', database: 'dev', schema: 'sales', region: 'eu-west-1', account: '123456789012' }),
  ],
  [
    's3',
    '3.0',
    (v) => ({
      location: 's3://lake/orders/*.csv',
      endpointUrl: 'https://minio.example.com',
      format: 'csv',
      delimiter: 'array',
      ...from(v, '3.2', { encoding: 'ISO-8859-1' }),
    }),
  ],
  [
    'sftp',
    '3.0',
    (v) => ({ location: 'sftp://files.example.com/orders/', format: 'delta', delimiter: 'new_line', ...from(v, '3.2', { encoding: 'UTF-8' }) }),
  ],
  [
    'snowflake',
    '3.0',
    () => ({ host: 'acme.snowflakecomputing.com', port: 443, account: 'acme-prod', database: 'SALES', schema: 'PUBLIC', warehouse: 'COMPUTE_WH' }),
  ],
  ['sqlserver', '3.0', () => ({ ...hostPortDb(1433), schema: 'dbo' })],
  ['synapse', '3.0', () => hostPortDb(1433)],
  ['teradata', '3.2', () => hostPortDb(1025)],
  ['trino', '3.0', () => ({ host: 'trino.example.com', port: 8080, catalog: 'hive', schema: 'sales' })],
  ['vertica', '3.0', () => ({ ...hostPortDb(5433), schema: 'public' })],
  ['zen', '3.1', () => hostPortDb(1583)],
  [
    'custom',
    '3.0',
    (v) => ({
      account: 'acme',
      catalog: 'main',
      database: 'sales',
      dataset: 'orders',
      delimiter: ';',
      endpointUrl: 'https://custom.example.com/api',
      format: 'csv',
      host: 'custom.example.com',
      location: 'https://custom.example.com/files/',
      path: '/exports/orders',
      port: 8443,
      project: 'acme',
      region: 'eu-west-1',
      regionName: 'Europe (Ireland)',
      schema: 'public',
      serviceName: 'ORDERS',
      stagingDir: '/tmp/staging',
      warehouse: 'WH1',
      ...from(v, '3.1', { stream: 'orders-stream' }),
      ...from(v, '3.2', { encoding: 'UTF-8' }),
    }),
  ],
];

/** One server entry per type available in `v`, with every field of that type filled in. */
export function allServers(v: Version): Fields[] {
  return SERVER_TYPES.filter(([, since]) => atLeast(v, since)).map(([type, , fields], i) => ({
    ...from(v, '3.1', { id: `srv_${i}` }),
    server: `${type}-prod`,
    type,
    description: `Production ${type} server.`,
    environment: 'prod',
    roles: [{ role: `${type}_reader`, access: 'read' }],
    customProperties: [{ property: 'owner', value: 'platform-team' }],
    ...fields(v),
  }));
}

/** Server types added after 3.0, for checking that older versions reject them. */
export function serverTypesSince(min: Version): string[] {
  return SERVER_TYPES.filter(([, since]) => since === min).map(([type]) => type);
}
