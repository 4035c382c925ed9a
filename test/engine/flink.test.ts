// Runs every Flink job fixture: test/fixtures/flink/<case>/{contract.odcs.yaml, sources/*.sql, options.json} → expected.sql, expected.json.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateJob } from '../../server/src/engine/flink';
import { isRecord } from '../../server/src/engine/locate';
import { parseYaml } from '../../server/src/engine/parse';
import { buildCatalog } from '../../server/src/engine/sources/catalog';
import { parseSql } from '../../server/src/engine/sources/sqlParser';
import { formatPath } from '../../server/src/engine/types';
import { caseName, expectJson, fixtureCases, REPO_ROOT, showSpan, UPDATE } from '../support/fixtures';
import { assertOnlyGeneratedStatements, streamCount } from '../support/flinkJob';

const CONTRACT = 'contract.odcs.yaml';

function generate(dir: string) {
  const text = readFileSync(path.join(dir, CONTRACT), 'utf8');
  const sourceDir = path.join(dir, 'sources');
  const files = existsSync(sourceDir) ? readdirSync(sourceDir).filter((f) => f.endsWith('.sql')).sort().map((f) => ({ path: `sources/${f}`, text: readFileSync(path.join(sourceDir, f), 'utf8') })) : [];
  const options = existsSync(path.join(dir, 'options.json')) ? JSON.parse(readFileSync(path.join(dir, 'options.json'), 'utf8')) : {};
  const parsed = parseYaml(text);
  const catalog = buildCatalog(files);
  const job = generateJob(parsed, catalog, options);
  assert.ok(job, 'the fixture contract does not parse');
  return { text, job, options, problemsOnly: generateJob(parsed, catalog, { ...options, problemsOnly: true })! };
}

/** What only the whole job's own checks find: a defect of the generator, never the contract's (diagnostics do without). */
const WHOLE_JOB_ONLY = new Set(['flink-generated-sql', 'flink-job-integrity']);

for (const dir of fixtureCases('flink', (d) => existsSync(path.join(d, CONTRACT)))) {
  test(`flink ${caseName(dir, 'flink')}`, () => {
    const { text, job, options, problemsOnly } = generate(dir);
    // diagnostics check each fragment on its own, the preview and `sql` the whole job: both find the contract's problems
    const shown = (list: typeof job.problems) => list.filter((p) => !WHOLE_JOB_ONLY.has(p.code)).map((p) => `${p.code} ${showSpan(text, p.span)} ${p.message}`).sort();
    assert.deepEqual(shown(problemsOnly.problems), shown(job.problems), 'the problems diagnostics show differ from those of the whole job');
    assert.equal(problemsOnly.sql, '');
    const sqlLines = job.sql.split('\n');
    expectJson(path.join(dir, 'expected.json'), {
      problems: job.problems.map((p) => ({ code: p.code, severity: p.severity, path: formatPath(p.path), at: showSpan(text, p.span), message: p.message })),
      fields: job.fields.map((f) => `${f.stream}.${f.field} ${formatPath(f.propertyPath)} → ${f.line + 1}: ${sqlLines[f.line].trim()}`),
      tables: job.tables.map((t) => `${t.name}: ${t.table} (${t.file})${t.declared ? '' : ', not declared'}`),
    });
    const expectedSql = path.join(dir, 'expected.sql');
    if (UPDATE || !existsSync(expectedSql)) {
      if (!UPDATE) assert.fail(`missing ${path.relative(REPO_ROOT, expectedSql)}; run with UPDATE_EXPECT=1 to create it`);
      writeFileSync(expectedSql, job.sql);
    } else {
      assert.equal(job.sql, readFileSync(expectedSql, 'utf8'));
    }
    // the job must be Flink SQL the grammar accepts; where Flink and the grammar disagree (a documented gap), with the gap bridged
    const gaps = job.problems.some((p) => p.code === 'flink-grammar-gap');
    if (gaps && !job.withheld) assert.notDeepEqual(parseSql('flink', job.sql).errors, [], 'a grammar gap was reported but the job parses as is');
    assertOnlyGeneratedStatements(job, streamCount(text, options));
  });
}

test('flink: the same input always gives the same job', () => {
  const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'flink', 'join-aggregate');
  assert.deepEqual(generate(dir).job, generate(dir).job);
});

test('flink: bad input is data, never an exception', () => {
  const catalog = buildCatalog([{ path: 'a.sql', text: 'CREATE TABLE t (id INT) WITH (\'connector\' = \'x\');' }]);
  const contracts: unknown[] = [
    null,
    42,
    'schema',
    { schema: 'x' },
    { schema: [null, 1, { properties: 'x' }] },
    { schema: [{ name: 't', customProperties: [{ property: 'flinkSource', value: 'FROM FROM (' }, { property: 'flinkSinkOptions', value: [1] }], properties: [{ name: 'a', transformLogic: ')(' }, { name: 'b', transformSourceObjects: [7, 'no.such.column'], physicalType: 'NOT A TYPE' }, {}] }] },
    { servers: [{ type: 'kafka', format: 'protobuf' }], schema: [{ name: 's', properties: [{ name: 'id', primaryKey: true, logicalType: 'integer', transformSourceObjects: ['t.id'] }, { name: 'n', logicalType: 'object', properties: [{ name: 'x' }] }] }] },
  ];
  for (const contract of contracts) {
    const job = generateJob(parseYaml(JSON.stringify(contract)), catalog);
    if (isRecord(contract)) {
      assert.equal(typeof job?.sql, 'string');
      assert.ok(Array.isArray(job?.problems));
    } else {
      assert.equal(job, null, 'a contract that is not a mapping has no job');
    }
  }
});

// file names with line breaks cannot be fixture files everywhere: the catalog is given them directly
test('flink: a source file name with a line break stays inside its comment line', () => {
  const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'flink', 'injection', 'source-file-name');
  const text = readFileSync(path.join(dir, CONTRACT), 'utf8');
  const ddl = readFileSync(path.join(dir, 'sources', readdirSync(path.join(dir, 'sources'))[0]), 'utf8');
  for (const name of ['orders\nDROP TABLE pwned;\n--.sql', 'orders\rDROP TABLE pwned;.sql', 'orders\u2028DROP TABLE pwned;.sql', 'orders\u2029--.sql', 'orders\u0085DROP TABLE pwned;.sql']) {
    const job = generateJob(parseYaml(text), buildCatalog([{ path: `sources/${name}`, text: ddl }]))!;
    assertOnlyGeneratedStatements(job, 1);
    const escaped = name.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/[\u2028\u2029\u0085]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    assert.ok(job.sql.includes(`-- Source: shop.orders (declared in sources/${escaped}).\n`), job.sql);
  }
});
