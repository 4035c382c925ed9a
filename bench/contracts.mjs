// Generates the benchmark's workspaces: large contracts with their source table and registered version, many small contracts, and a folder of SQL migrations.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Logical and Flink types the generated columns cycle through (a mix, so that the type checks do some work). */
const COLUMN_TYPES = [
  { logical: 'integer', flink: 'BIGINT' },
  { logical: 'string', flink: 'STRING' },
  { logical: 'number', flink: 'DOUBLE' },
  { logical: 'boolean', flink: 'BOOLEAN' },
  { logical: 'string', flink: 'STRING' },
];

export const BIG_TABLE = 'big_table';
export const BIG_CONTRACT_ID = 'bench-big-table';

const created = [];

/** A fresh folder under the system's temp folder (removed by `removeTempFolders`). */
export function tempFolder(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `streamcontract-bench-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes every folder `tempFolder` made. */
export function removeTempFolders() {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

function write(file, text) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function typeOf(i) {
  return COLUMN_TYPES[(i - 1) % COLUMN_TYPES.length];
}

/** The YAML of one property (6 spaces deep, inside `properties:`); the first one is the key. */
function propertyYaml(table, i, prefix) {
  const t = typeOf(i);
  const key = i === 1 ? ['        primaryKey: true', '        primaryKeyPosition: 1', '        required: true'] : [];
  return [
    `      - id: ${prefix}_col_${i}`,
    `        name: col_${i}`,
    `        logicalType: ${t.logical}`,
    `        physicalType: ${t.flink}`,
    `        description: Column ${i} of inventory.${table}, published as it is.`,
    ...key,
    `        transformSourceObjects: [inventory.${table}.col_${i}]`,
  ].join('\n');
}

/** An ODCS v3.1.0 contract of one stream with `count` properties read from `inventory.<table>`. */
export function contractYaml({ id, table, version, count }) {
  const props = [];
  for (let i = 1; i <= count; i++) props.push(propertyYaml(table, i, table));
  return `# Benchmark contract: the stream ${table} with ${count} properties, read from inventory.${table}.
apiVersion: v3.1.0
kind: DataContract
id: ${id}
name: ${table}
version: ${version}
status: active
domain: bench
description:
  purpose: Generated for the benchmark; every property is a column of the source table.

servers:
  - id: kafka-bench
    server: kafka-bench
    type: kafka
    environment: dev
    host: kafka:9092
    format: json

schema:
  - id: ${table}
    name: ${table}
    physicalName: ${table}
    physicalType: topic
    logicalType: object
    description: One record per row of inventory.${table}.
    customProperties:
      - property: flinkSource
        value: ${table}
    properties:
${props.join('\n')}

customProperties:
  - property: compatibility
    value: FORWARD
`;
}

/** A Flink `postgres-cdc` source table with a column per property (`col_1` … `col_<count>`), keyed by col_1. */
export function sourceTableSql(table, count) {
  const cols = [];
  for (let i = 1; i <= count; i++) cols.push(`  col_${i} ${typeOf(i).flink}${i === 1 ? ' NOT NULL' : ''},`);
  return `-- Source table inventory.${table}, read through change data capture (credentials are placeholders).
CREATE TABLE ${table} (
${cols.join('\n')}
  PRIMARY KEY (col_1) NOT ENFORCED
) WITH (
  'connector' = 'postgres-cdc',
  'hostname' = '\${PG_HOST}',
  'port' = '5432',
  'username' = '\${PG_USER}',
  'password' = '\${PG_PASSWORD}',
  'database-name' = 'inventory',
  'schema-name' = 'inventory',
  'table-name' = '${table}',
  'slot.name' = '${table}_bench',
  'decoding.plugin.name' = 'pgoutput'
);
`;
}

/**
 * A workspace with the `count`-property contract (version 1.1.0), its source table and the registered 1.0.0, which
 * lacks the last property (so that the comparison with the registered version has a change to find).
 */
export function bigContractWorkspace(count) {
  const dir = tempFolder(`p${count}`);
  const contractFile = path.join(dir, 'contracts', `${BIG_TABLE}.odcs.yaml`);
  const text = contractYaml({ id: BIG_CONTRACT_ID, table: BIG_TABLE, version: '1.1.0', count });
  write(contractFile, text);
  write(path.join(dir, 'sources', `inventory.${BIG_TABLE}.sql`), sourceTableSql(BIG_TABLE, count));
  write(
    path.join(dir, 'contract-registry', BIG_CONTRACT_ID, '1.0.0.odcs.yaml'),
    contractYaml({ id: BIG_CONTRACT_ID, table: BIG_TABLE, version: '1.0.0', count: count - 1 }),
  );
  return { dir, contractFile, text, count };
}

/**
 * A workspace of `count` small contracts (`perContract` properties each) over `tables` source tables, every tenth
 * contract with a registered 1.0.0, for `streamcontract check`.
 */
export function manyContractsWorkspace(count, { perContract = 4, tables = 50, columns = 8 } = {}) {
  const dir = tempFolder(`many${count}`);
  for (let t = 1; t <= tables; t++) write(path.join(dir, 'sources', `inventory.table_${t}.sql`), sourceTableSql(`table_${t}`, columns));
  for (let c = 1; c <= count; c++) {
    const table = `table_${((c - 1) % tables) + 1}`;
    const id = `bench-contract-${c}`;
    // each contract publishes its own topic: the stream takes the contract's name, the columns come from the table
    const text = contractYaml({ id, table, version: '1.1.0', count: perContract }).replaceAll(`name: ${table}\n    physicalName: ${table}`, `name: stream_${c}\n    physicalName: stream_${c}`);
    write(path.join(dir, 'contracts', `contract_${c}.odcs.yaml`), text);
    if (c % 10 === 0) {
      const older = contractYaml({ id, table, version: '1.0.0', count: perContract - 1 }).replaceAll(`name: ${table}\n    physicalName: ${table}`, `name: stream_${c}\n    physicalName: stream_${c}`);
      write(path.join(dir, 'contract-registry', id, '1.0.0.odcs.yaml'), older);
    }
  }
  return { dir, count, tables };
}

/** PostgreSQL migrations of about `bytes` bytes: CREATE TABLE then ALTER TABLE ... ADD COLUMN, in files of ~10 KB. */
function migrationFiles(bytes) {
  const files = [];
  let total = 0;
  for (let f = 1; total < bytes; f++) {
    const lines = [`-- Migration ${f}: tables of the orders domain.`];
    let size = 0;
    for (let t = 1; size < 10_000; t++) {
      const table = `inventory.orders_${f}_${t}`;
      const create = [
        `CREATE TABLE ${table} (`,
        '  id BIGSERIAL PRIMARY KEY,',
        '  customer_id BIGINT NOT NULL,',
        '  status VARCHAR(32) NOT NULL DEFAULT \'NEW\',',
        '  amount NUMERIC(12, 2),',
        '  note TEXT,',
        '  created_at TIMESTAMP NOT NULL DEFAULT now()',
        ');',
        `ALTER TABLE ${table} ADD COLUMN updated_at TIMESTAMP;`,
        `ALTER TABLE ${table} ADD COLUMN channel VARCHAR(16);`,
        `ALTER TABLE ${table} ALTER COLUMN note TYPE VARCHAR(2000);`,
        '',
      ].join('\n');
      lines.push(create);
      size += create.length;
    }
    const text = lines.join('\n');
    files.push({ name: `V${String(f).padStart(4, '0')}__orders_${f}.sql`, text });
    total += text.length;
  }
  return files;
}

/** A small contract (with its Flink source table) in a workspace whose `migrations/` folder holds ~`bytes` of SQL. */
export function migrationsWorkspace(bytes = 1024 * 1024) {
  const dir = tempFolder('migrations');
  const files = migrationFiles(bytes);
  for (const f of files) write(path.join(dir, 'migrations', f.name), f.text);
  const contractFile = path.join(dir, 'contracts', 'small.odcs.yaml');
  const text = contractYaml({ id: 'bench-small', table: 'small_table', version: '1.0.0', count: 5 });
  write(contractFile, text);
  write(path.join(dir, 'sources', 'inventory.small_table.sql'), sourceTableSql('small_table', 5));
  return { dir, contractFile, text, sqlBytes: files.reduce((n, f) => n + Buffer.byteLength(f.text), 0), sqlFiles: files.length };
}
