// Inputs too big to keep as fixture files: a 20 MB contract is refused at once with one diagnostic; long runs of one character are read in linear time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { generateJob } from '../../server/src/engine/flink';
import { parseYaml } from '../../server/src/engine/parse';
import { buildCatalog, sqlDialect } from '../../server/src/engine/sources/catalog';
import { parsePostgresType } from '../../server/src/engine/sources/postgresTypes';
import { draftContract } from '../../server/src/engine/sources/newContract';
import { SourceTable } from '../../server/src/engine/sources/types';
import { sourceDdl } from '../../server/src/engine/flink/sources';

test('a 20 MB contract gets a single too-large diagnostic', () => {
  const property = '      - name: field\n        logicalType: string\n';
  const text = `apiVersion: v3.1.0\nkind: DataContract\nid: big\nversion: 1.0.0\nstatus: active\nschema:\n  - name: big\n    properties:\n${property.repeat(Math.ceil((20 * 1024 * 1024) / property.length))}`;
  assert.ok(text.length >= 20 * 1024 * 1024);
  const analysis = analyze(text, { fileName: 'big.odcs.yaml' });
  assert.deepEqual(analysis.problems.map((p) => p.code), ['file-too-large']);
  assert.match(analysis.skippedReason ?? '', /too large for live analysis/);
});

test('a raised size limit analyses the same text', () => {
  const text = 'apiVersion: v3.1.0\nkind: DataContract\nid: small\nversion: 1.0.0\nstatus: active\n';
  assert.deepEqual(analyze(text, { fileName: 'a.odcs.yaml', maxBytes: 10 }).problems.map((p) => p.code), ['file-too-large']);
  assert.deepEqual(analyze(text, { fileName: 'a.odcs.yaml', maxBytes: 1000 }).problems.map((p) => p.code), []);
});

// Long runs of one character where a regular expression over user text backtracks quadratically: a run of a million
// took the old expressions half an hour; scanned by loops and tokens, the text is read at once.
const RUN = 1_000_000;

test('a Flink CREATE TABLE with long runs of blanks is reused with its credentials masked and no trailing blanks', () => {
  const blanks = ' '.repeat(RUN);
  const statement = `CREATE TABLE orders (\n  id BIGINT NOT NULL,${blanks}\n  PRIMARY KEY (id) NOT ENFORCED\n) WITH (\n  'connector' = 'kafka',\n  'password'${blanks}=${blanks}'Sup3r-S3cret!'${blanks}\n)${blanks};${blanks}`;
  const table: SourceTable = { name: 'orders', names: ['orders'], dialect: 'flink', connector: 'kafka', options: {}, columns: [], primaryKey: [], file: 'orders.sql', span: { start: 13, end: 19 }, statement, changes: [] };
  const ddl = sourceDdl(table, 'orders', 'orders-public');
  assert.deepEqual(ddl.masked, ['password']);
  assert.ok(!ddl.lines.join('\n').includes('Sup3r-S3cret!'));
  assert.deepEqual(ddl.lines.filter((l) => l.endsWith(' ')), []);
});

test('a job from a source file with a 100,000-blank line is generated', () => {
  const ddl = `CREATE TABLE orders (\n  id BIGINT NOT NULL,${' '.repeat(100_000)}\n  PRIMARY KEY (id) NOT ENFORCED\n) WITH ('connector' = 'kafka');\n`;
  const contract = 'apiVersion: v3.1.0\nkind: DataContract\nid: orders\nversion: 1.0.0\nstatus: active\nschema:\n  - name: s\n    properties:\n      - name: id\n        logicalType: integer\n        primaryKey: true\n        transformSourceObjects: [orders.id]\n';
  const job = generateJob(parseYaml(contract), buildCatalog([{ path: 'orders.sql', text: ddl }]))!;
  assert.equal(job.withheld, false);
  assert.deepEqual(job.sql.split('\n').filter((l) => l.endsWith(' ')), []);
});

test('a file of unclosed comments and parentheses is read at once', () => {
  assert.equal(sqlDialect('x /*'.repeat(RUN)), 'postgres');
  assert.deepEqual(parsePostgresType(`varchar${'('.repeat(RUN)}`, 0), { name: `varchar${'('.repeat(RUN)}`, args: [], arrayDims: 0 });
});

test('names made of long runs of underscores are trimmed at once', () => {
  const table: SourceTable = { name: `a${'_'.repeat(RUN)}x`, names: ['t'], dialect: 'postgres', options: {}, columns: [], primaryKey: [], file: 't.sql', span: { start: 0, end: 1 }, changes: [] };
  assert.equal(draftContract({ ...table, name: `${'_'.repeat(RUN)}t` }).fileName, 't.odcs.yaml');
  const slot = sourceDdl({ ...table, name: 't' }, 't', `a${'_'.repeat(RUN)}b`).lines.find((l) => l.includes("'slot.name'"));
  assert.equal(slot?.trim(), `'slot.name' = 'a${'_'.repeat(62)}',`);
});
