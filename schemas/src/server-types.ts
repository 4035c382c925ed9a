// Catalog of ODCS server types: the connection fields each `servers[].type` accepts, per version.
import { atLeast, byVersion, enumStr, int, ref, since, str, type Schema, type Version } from './dsl';

export interface ServerType {
  /** Values of `type` that select this definition. */
  types: readonly (readonly [string, string])[];
  /** Name of the definition in `$defs`. */
  def: string;
  since: Version;
  summary: string;
  fields: (v: Version) => Record<string, Schema | undefined>;
  required: (v: Version) => string[];
}

const host = (what: string): Schema => str(`Host name or IP address of the ${what}.`);
const database = (what = 'Name of the database that holds the data.'): Schema => str(what);
const schemaName = (what = 'Name of the database schema that holds the tables.'): Schema => str(what);
const catalog = (what = 'Name of the catalog that holds the schema.'): Schema => str(what);
const uri = (what: string, extra: Schema = {}): Schema => str(what, { format: 'uri', ...extra });

function port(v: Version, what: string, dflt?: number): Schema {
  const description = `Network port of the ${what}.`;
  return v === '3.2' ? ref('Port', description, { default: dflt }) : int(description, { default: dflt });
}

function encoding(v: Version): Schema | undefined {
  return since(v, '3.2', str('Character encoding of the data, for example `UTF-8`, `ISO-8859-1` or `UTF-16`.'));
}

/** `format` of file-based servers: a fixed list in 3.0, free text later. */
function fileFormat(v: Version): Schema {
  const description = 'File format of the data, for example `parquet`, `delta`, `json` or `csv`.';
  return byVersion<Schema>(v, {
    '3.0': enumStr(description, [
      ['parquet', 'Apache Parquet files.'],
      ['delta', 'Delta Lake tables.'],
      ['json', 'JSON documents.'],
      ['csv', 'Comma-separated (or otherwise delimited) text files.'],
    ]),
    '3.1': str(description),
  });
}

/** `delimiter` of file-based servers: a fixed list in 3.0, free text later. */
function jsonDelimiter(v: Version): Schema {
  const description = 'For JSON files: how several documents are separated inside one file.';
  return byVersion<Schema>(v, {
    '3.0': enumStr(description, [
      ['new_line', 'One JSON document per line (JSON Lines).'],
      ['array', 'All documents inside one top-level JSON array.'],
    ]),
    '3.1': str(description),
  });
}

/** host/port/database servers that only differ by label and required fields. */
function hostPortDatabase(def: string, type: string, label: string, since: Version, required: string[], withSchema = false): ServerType {
  return {
    types: [[type, `${label}.`]],
    def,
    since,
    summary: `Connection details of a ${label} server.`,
    fields: (v) => ({
      host: host(`${label} server`),
      port: port(v, `${label} server`),
      database: database(),
      schema: withSchema ? schemaName() : undefined,
    }),
    required: () => required,
  };
}

export const SERVER_TYPES: readonly ServerType[] = [
  {
    types: [['api', 'An HTTP API that serves the data.']],
    def: 'ApiServer',
    since: '3.0',
    summary: 'An HTTP API that serves the data.',
    fields: () => ({ location: uri('Base URL of the API.') }),
    required: () => ['location'],
  },
  {
    types: [['athena', 'Amazon Athena.']],
    def: 'AthenaServer',
    since: '3.0',
    summary: 'Connection details of Amazon Athena.',
    fields: (v) => ({
      stagingDir: uri('S3 location where Athena writes query results and metadata.'),
      schema: schemaName('Athena schema (database) that holds the tables.'),
      catalog: catalog('Athena data source, also called catalog.'),
      regionName: str('AWS region of the Athena service, for example `eu-central-1`.'),
      workgroup: since(v, '3.2', str('Athena workgroup to run queries in; it may enforce its own result location.')),
    }),
    required: (v) => (v === '3.2' ? ['schema'] : ['stagingDir', 'schema']),
  },
  {
    types: [['azure', 'Azure Blob Storage or Azure Data Lake Storage.']],
    def: 'AzureServer',
    since: '3.0',
    summary: 'Files in Azure Blob Storage or Azure Data Lake Storage.',
    fields: (v) => ({
      location: uri('Full path of the files in Azure storage, for example `abfss://container@account.dfs.core.windows.net/path/*.parquet`; globs allowed.'),
      format: fileFormat(v),
      encoding: encoding(v),
      delimiter: jsonDelimiter(v),
    }),
    required: () => ['location', 'format'],
  },
  {
    types: [['bigquery', 'Google BigQuery.']],
    def: 'BigQueryServer',
    since: '3.0',
    summary: 'Connection details of Google BigQuery.',
    fields: () => ({ project: str('Google Cloud project that holds the dataset.'), dataset: str('BigQuery dataset that holds the tables.') }),
    required: () => ['project', 'dataset'],
  },
  hostPortDatabase('ClickHouseServer', 'clickhouse', 'ClickHouse', '3.0', ['host', 'port', 'database']),
  {
    types: [['databricks', 'Databricks (Unity Catalog or Hive metastore).']],
    def: 'DatabricksServer',
    since: '3.0',
    summary: 'Connection details of a Databricks workspace.',
    fields: () => ({
      host: host('Databricks workspace'),
      catalog: catalog('Unity Catalog or Hive metastore catalog that holds the schema.'),
      schema: schemaName('Schema inside the catalog that holds the tables.'),
    }),
    required: () => ['catalog', 'schema'],
  },
  hostPortDatabase('DenodoServer', 'denodo', 'Denodo', '3.0', ['host', 'port']),
  {
    types: [['dremio', 'Dremio.']],
    def: 'DremioServer',
    since: '3.0',
    summary: 'Connection details of a Dremio server.',
    fields: (v) => ({ host: host('Dremio server'), port: port(v, 'Dremio server'), schema: schemaName('Dremio space or schema that holds the tables.') }),
    required: () => ['host', 'port'],
  },
  {
    types: [['duckdb', 'DuckDB database file.']],
    def: 'DuckdbServer',
    since: '3.0',
    summary: 'A DuckDB database file.',
    fields: (v) => ({
      database: str('Path to the DuckDB database file.'),
      schema: v === '3.0' ? int('Schema inside the DuckDB database (typed as an integer by the 3.0 standard).') : schemaName(),
    }),
    required: () => ['database'],
  },
  {
    types: [['exasol', 'Exasol.']],
    def: 'ExasolServer',
    since: '3.2',
    summary: 'Connection details of an Exasol cluster.',
    fields: (v) => ({ host: host('Exasol server; may be a cluster connection range'), port: port(v, 'Exasol server', 8563), schema: schemaName() }),
    required: () => ['host'],
  },
  {
    types: [['glue', 'AWS Glue Data Catalog.']],
    def: 'GlueServer',
    since: '3.0',
    summary: 'Tables registered in the AWS Glue Data Catalog.',
    fields: (v) => ({
      account: str('AWS account id that owns the Glue catalog.'),
      database: database('Glue database that holds the tables.'),
      location: uri('S3 location of the table data, as a URL such as `s3://bucket/prefix`.'),
      format: str('File format of the table data, for example `parquet` or `iceberg`.'),
      encoding: encoding(v),
    }),
    required: () => ['account', 'database'],
  },
  {
    types: [['hana', 'SAP HANA.']],
    def: 'HanaServer',
    since: '3.2',
    summary: 'Connection details of an SAP HANA database.',
    fields: (v) => ({ host: host('HANA server'), port: port(v, 'HANA server'), database: database('Name of the HANA tenant database.'), schema: schemaName() }),
    required: () => ['host'],
  },
  hostPortDatabase('GoogleCloudSqlServer', 'cloudsql', 'Google Cloud SQL', '3.0', ['host', 'port', 'database', 'schema'], true),
  hostPortDatabase('IBMDB2Server', 'db2', 'IBM Db2', '3.0', ['host', 'port', 'database'], true),
  hostPortDatabase('HiveServer', 'hive', 'Apache Hive', '3.1', ['host', 'database']),
  {
    types: [['iceberg', 'Apache Iceberg REST catalog.']],
    def: 'IcebergServer',
    since: '3.2',
    summary: 'Tables served by an Apache Iceberg REST catalog.',
    fields: () => ({
      catalog: catalog('Name of the catalog as registered in the query engine or catalog service.'),
      catalogUrl: uri('URL of the Iceberg REST catalog service, such as Polaris, Nessie, Glue or S3 Tables.'),
      namespace: str('Namespace inside the catalog, dot-separated, for example `db.schema`.'),
      warehouse: str('Warehouse or base location the catalog should use.'),
    }),
    required: () => ['catalog', 'catalogUrl'],
  },
  hostPortDatabase('ImpalaServer', 'impala', 'Apache Impala', '3.1', ['host', 'database']),
  hostPortDatabase('InformixServer', 'informix', 'IBM Informix', '3.0', ['host', 'database']),
  {
    types: [['kafka', 'Apache Kafka (or a Kafka-compatible broker).']],
    def: 'KafkaServer',
    since: '3.0',
    summary: 'An Apache Kafka cluster; each schema object usually maps to one topic.',
    fields: (v) => ({
      host: str('Bootstrap server(s) of the Kafka cluster, for example `broker-1:9092,broker-2:9092`.'),
      format: str('Serialisation format of the messages, for example `json`, `avro` or `protobuf`.', { default: 'json' }),
      encoding: encoding(v),
    }),
    required: () => ['host'],
  },
  {
    types: [['kinesis', 'Amazon Kinesis Data Streams.']],
    def: 'KinesisServer',
    since: '3.0',
    summary: 'Amazon Kinesis Data Streams.',
    fields: (v) => ({
      region: str('AWS region of the streams, for example `eu-west-1`.'),
      format: str('Serialisation format of the records, for example `json` or `avro`.'),
      encoding: encoding(v),
    }),
    required: () => [],
  },
  {
    types: [['local', 'Files on the local file system.']],
    def: 'LocalServer',
    since: '3.0',
    summary: 'Files on the local file system.',
    fields: (v) => ({
      path: str('Relative or absolute path to the data file(s); globs allowed.'),
      format: str('File format, for example `parquet`, `csv` or `json`.'),
      encoding: encoding(v),
    }),
    required: () => ['path', 'format'],
  },
  hostPortDatabase('MySqlServer', 'mysql', 'MySQL', '3.0', ['host', 'port', 'database']),
  {
    types: [['oracle', 'Oracle Database.']],
    def: 'OracleServer',
    since: '3.0',
    summary: 'Connection details of an Oracle database.',
    fields: (v) => ({ host: host('Oracle server'), port: port(v, 'Oracle server'), serviceName: str('Oracle service name to connect to.') }),
    required: () => ['host', 'port', 'serviceName'],
  },
  {
    ...hostPortDatabase('PostgresServer', 'postgresql', 'PostgreSQL', '3.0', ['host', 'port', 'database', 'schema'], true),
    types: [
      ['postgresql', 'PostgreSQL.'],
      ['postgres', 'PostgreSQL (alternative spelling of `postgresql`).'],
    ],
  },
  {
    types: [['presto', 'Presto.']],
    def: 'PrestoServer',
    since: '3.0',
    summary: 'Connection details of a Presto cluster.',
    fields: () => ({ host: host('Presto coordinator'), catalog: catalog(), schema: schemaName() }),
    required: () => ['host'],
  },
  {
    types: [['pubsub', 'Google Cloud Pub/Sub.']],
    def: 'PubSubServer',
    since: '3.0',
    summary: 'Google Cloud Pub/Sub topics.',
    fields: () => ({ project: str('Google Cloud project that holds the topics.') }),
    required: () => ['project'],
  },
  {
    types: [['redshift', 'Amazon Redshift.']],
    def: 'RedshiftServer',
    since: '3.0',
    summary: 'Connection details of an Amazon Redshift cluster.',
    fields: () => ({
      host: host('Redshift cluster endpoint'),
      database: database(),
      schema: schemaName(),
      region: str('AWS region of the cluster.'),
      account: str('AWS account that owns the cluster.'),
    }),
    required: () => ['database', 'schema'],
  },
  {
    types: [['s3', 'Amazon S3 or an S3-compatible object store.']],
    def: 'S3Server',
    since: '3.0',
    summary: 'Files in Amazon S3 or an S3-compatible object store.',
    fields: (v) => ({
      location: uri('S3 URL of the files, for example `s3://bucket/path/*.parquet`; globs allowed.'),
      endpointUrl: uri('Endpoint of an S3-compatible store such as MinIO; leave out for AWS S3.'),
      format: fileFormat(v),
      encoding: encoding(v),
      delimiter: jsonDelimiter(v),
    }),
    required: () => ['location'],
  },
  {
    types: [['sftp', 'Files on an SFTP server.']],
    def: 'SftpServer',
    since: '3.0',
    summary: 'Files on an SFTP server.',
    fields: (v) => ({
      location: uri('SFTP URL of the files; must start with `sftp://`.', { pattern: '^sftp://.*' }),
      format: fileFormat(v),
      encoding: encoding(v),
      delimiter: jsonDelimiter(v),
    }),
    required: () => ['location'],
  },
  {
    types: [['snowflake', 'Snowflake.']],
    def: 'SnowflakeServer',
    since: '3.0',
    summary: 'Connection details of a Snowflake account.',
    fields: (v) => ({
      host: host('Snowflake account endpoint'),
      port: port(v, 'Snowflake endpoint'),
      account: str('Snowflake account identifier, for example `myorg-myaccount`.'),
      database: database(),
      schema: schemaName(),
      warehouse: str('Virtual warehouse used to run queries.'),
    }),
    required: () => ['account', 'database', 'schema'],
  },
  {
    types: [['sqlserver', 'Microsoft SQL Server.']],
    def: 'SqlserverServer',
    since: '3.0',
    summary: 'Connection details of a Microsoft SQL Server database.',
    fields: (v) => ({ host: host('SQL Server'), port: port(v, 'SQL Server', 1433), database: database(), schema: schemaName() }),
    required: () => ['host', 'database', 'schema'],
  },
  hostPortDatabase('SynapseServer', 'synapse', 'Azure Synapse Analytics', '3.0', ['host', 'port', 'database']),
  {
    types: [['teradata', 'Teradata.']],
    def: 'TeradataServer',
    since: '3.2',
    summary: 'Connection details of a Teradata system.',
    fields: (v) => ({ host: host('Teradata server'), port: port(v, 'Teradata server', 1025), database: database() }),
    required: () => ['host'],
  },
  {
    types: [['trino', 'Trino.']],
    def: 'TrinoServer',
    since: '3.0',
    summary: 'Connection details of a Trino cluster.',
    fields: (v) => ({ host: host('Trino coordinator'), port: port(v, 'Trino coordinator'), catalog: catalog(), schema: schemaName() }),
    required: () => ['host', 'port', 'catalog', 'schema'],
  },
  hostPortDatabase('VerticaServer', 'vertica', 'Vertica', '3.0', ['host', 'port', 'database', 'schema'], true),
  hostPortDatabase('ZenServer', 'zen', 'Actian Zen', '3.1', ['host', 'database']),
  {
    types: [['custom', 'Any other system; use the generic connection fields below.']],
    def: 'CustomServer',
    since: '3.0',
    summary: 'A server type the standard does not list; only generic connection fields are available.',
    fields: (v) => ({
      account: str('Account used to reach the system.'),
      catalog: catalog('Catalog name, if the system has catalogs.'),
      database: database('Database name, if the system has databases.'),
      dataset: str('Dataset name, if the system groups tables into datasets.'),
      delimiter: str('Delimiter used in the files, if any.'),
      endpointUrl: uri('Endpoint URL of the service.'),
      format: str('Format of the data, for example `parquet` or `json`.'),
      encoding: encoding(v),
      host: str('Host name or IP address of the system.'),
      location: uri('URL of the data location.'),
      path: str('Relative or absolute path to the data file(s).'),
      port: port(v, 'system; no default is assumed for custom servers'),
      project: str('Project name, if the system groups data into projects.'),
      region: str('Cloud region of the system.'),
      regionName: str('Region name, if the system uses a different naming than `region`.'),
      schema: schemaName('Schema name, if the system has schemas.'),
      serviceName: str('Service name to connect to.'),
      stagingDir: str('Staging directory used by the system.'),
      warehouse: str('Warehouse or cluster that runs the queries.'),
      stream: since(v, '3.1', str('Name of the data stream.')),
    }),
    required: () => [],
  },
];

/** True when server type definition `t` exists in version `v`. */
export function inVersion(t: ServerType, v: Version): boolean {
  return atLeast(v, t.since);
}
