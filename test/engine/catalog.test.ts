// Runs every catalog fixture: test/fixtures/catalog/<case>/**/*.sql (+ lookups.txt) → expected.json; checks the builder's cache.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCatalog, CatalogBuilder } from '../../server/src/engine/sources/catalog';
import { catalogNames, lookupColumn, lookupTable } from '../../server/src/engine/sources/catalogLookup';
import { Catalog, SourceFile } from '../../server/src/engine/sources/types';
import { Span } from '../../server/src/engine/types';
import { loadSourceFiles } from '../../server/src/io/sourceCatalog';
import { caseName, expectJson, FIXTURES, fixtureCases, showSpan } from '../support/fixtures';

/** A case is a folder right under test/fixtures/catalog: its .sql files (sub-folders too) and an expected.json. */
function sqlFiles(dir: string, base = dir): SourceFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sqlFiles(full, base);
    return e.name.endsWith('.sql') ? [{ path: path.relative(base, full).split(path.sep).join('/'), text: readFileSync(full, 'utf8') }] : [];
  });
}

const isCase = (dir: string) => path.dirname(dir) === path.join(FIXTURES, 'catalog');

for (const dir of fixtureCases('catalog', isCase)) {
  test(`catalog ${caseName(dir, 'catalog')}`, () => {
    const files = sqlFiles(dir);
    const catalog = buildCatalog(files);
    let lookups: string[] = [];
    try {
      lookups = readFileSync(path.join(dir, 'lookups.txt'), 'utf8').split('\n').filter((l) => l.trim());
    } catch {
      // no lookups for this case
    }
    expectJson(path.join(dir, 'expected.json'), show(catalog, files, lookups));
  });
}

function show(catalog: Catalog, files: SourceFile[], lookups: string[]) {
  const at = (file: string, span: Span) => `${file} ${showSpan(files.find((f) => f.path === file)?.text ?? '', span)}`;
  return {
    tables: catalog.tables.map((t) => ({
      names: t.names,
      dialect: t.dialect,
      ...(t.connector ? { connector: t.connector } : {}),
      ...(t.schema ? { schema: t.schema } : {}),
      ...(t.database ? { database: t.database } : {}),
      at: at(t.file, t.span),
      ...(t.incomplete ? { incomplete: true } : {}),
      ...(t.formerNames ? { formerNames: t.formerNames } : {}),
      primaryKey: t.primaryKey,
      ...(Object.keys(t.options).length ? { options: t.options } : {}),
      columns: t.columns.map((c) => {
        const type = c.flinkType || '(type unknown)';
        const declared = c.declaredType && c.declaredType !== c.flinkType ? ` (declared ${c.declaredType})` : '';
        const extra = c.kind === 'metadata' ? ` FROM '${c.metadataKey}'${c.virtual ? ' VIRTUAL' : ''}` : c.kind === 'computed' ? ` AS ${c.expression}` : '';
        const where = c.file === t.file ? showSpan(files.find((f) => f.path === c.file)!.text, c.span) : at(c.file, c.span);
        return `${c.position}. ${c.name} ${type}${declared}${c.nullable ? '' : ' NOT NULL'}${c.primaryKey ? ' PK' : ''} ${c.kind}${extra} @ ${where}`;
      }),
      ...(t.formerColumns ? { formerColumns: t.formerColumns.map((c) => `${c.position}. ${c.name} ${c.flinkType || '(type unknown)'}${c.nullable ? '' : ' NOT NULL'} → ${c.renamedTo} @ ${at(c.file, c.span)}`) } : {}),
      ...(t.changes.length ? { changes: t.changes.map((c) => `${c.kind} ${c.column}${c.to ? ` → ${c.to}` : ''}${c.from ? ` (was ${c.from})` : ''} @ ${at(c.file, c.span)}`) } : {}),
    })),
    ...(catalog.dropped?.length ? { dropped: catalog.dropped.map((d) => `${d.names.join(' | ')} @ ${at(d.file, d.span)}`) } : {}),
    problems: catalog.problems.map((p) => ({ at: at(p.file, p.span), severity: p.severity, code: p.code, message: p.message })),
    ...(lookups.length ? { lookups: Object.fromEntries(lookups.map((ref) => [ref, lookup(catalog, ref)])) } : {}),
    ...(lookups.length ? { names: catalogNames(catalog) } : {}),
  };
}

function lookup(catalog: Catalog, ref: string): string {
  const column = lookupColumn(catalog, ref);
  if (column) return `column ${column.table.names[0]} (${column.table.dialect}).${column.column.name} ${column.column.flinkType}`;
  const table = lookupTable(catalog, ref);
  return table ? `table ${table.names[0]} (${table.dialect}, ${table.file})` : 'not found';
}

test('catalog builder re-parses only the files whose text changed', () => {
  const files = Array.from({ length: 50 }, (_, i): SourceFile => ({
    path: `sources/t${i}.sql`,
    text: `CREATE TABLE t${i} (\n  id BIGINT NOT NULL,\n  name STRING,\n  amount DECIMAL(10, 2),\n  updated TIMESTAMP(3),\n  PRIMARY KEY (id) NOT ENFORCED\n) WITH ('connector' = 'postgres-cdc', 'schema-name' = 's', 'table-name' = 't${i}');\n`,
  }));
  const builder = new CatalogBuilder();
  const first = builder.update(files);
  assert.equal(builder.parsedLastUpdate, 50);
  assert.equal(first.tables.length, 50);
  const started = performance.now();
  const again = builder.update(files);
  assert.equal(builder.parsedLastUpdate, 0);
  assert.deepEqual(again, first);
  const changed = files.map((f, i) => (i === 7 ? { ...f, text: f.text.replace('name STRING', 'full_name STRING') } : f));
  const updated = builder.update(changed);
  assert.equal(builder.parsedLastUpdate, 1);
  assert.ok(lookupColumn(updated, 's.t7.full_name'));
  assert.equal(lookupColumn(updated, 's.t7.name'), undefined);
  assert.deepEqual(updated, buildCatalog(changed));
  assert.ok(performance.now() - started < 2000, 'cached updates are fast');
});

test('catalog of 50 files builds well under a second once the parser is warm', () => {
  const files = Array.from({ length: 50 }, (_, i): SourceFile => ({
    path: i % 2 ? `flink/t${i}.sql` : `db/V${i}__t${i}.sql`,
    text:
      i % 2
        ? `CREATE TABLE t${i} (id BIGINT NOT NULL, a STRING, b INT, c TIMESTAMP_LTZ(3) METADATA FROM 'op_ts' VIRTUAL, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc', 'table-name' = 't${i}');\n`
        : `CREATE TABLE s.t${i} (id bigserial PRIMARY KEY, a varchar(20) NOT NULL, b numeric(10,2), c timestamptz, d text[]);\nALTER TABLE s.t${i} ADD COLUMN e int;\nALTER TABLE s.t${i} RENAME COLUMN a TO aa;\n`,
  }));
  buildCatalog(files.slice(0, 2));
  const started = performance.now();
  const catalog = buildCatalog(files);
  const ms = performance.now() - started;
  assert.equal(catalog.tables.length, 50);
  assert.deepEqual(catalog.problems, []);
  assert.ok(ms < 1000, `took ${Math.round(ms)} ms`);
});

test('source files are found under each root once, without node_modules, .git or the registry', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'sources-'));
  try {
    const put = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };
    put('db/V1__init.sql', '\ufeffCREATE TABLE a (id int);');
    put('flink/b.sql', 'CREATE TABLE b (id INT) WITH (\'connector\' = \'x\');');
    put('node_modules/pkg/c.sql', 'CREATE TABLE c (id int);');
    put('.git/d.sql', 'CREATE TABLE d (id int);');
    put('contract-registry/e.sql', 'CREATE TABLE e (id int);');
    put('notes.txt', 'not sql');
    const files = await loadSourceFiles([root, path.join(root, 'db')]);
    assert.deepEqual(files.map((f) => path.relative(root, f.path).split(path.sep).join('/')), ['db/V1__init.sql', 'flink/b.sql']);
    assert.equal(files[0].text, 'CREATE TABLE a (id int);', 'the byte order mark is dropped');
    const notes: string[] = [];
    const only = await loadSourceFiles([root], { include: ['flink/**/*.sql'], exclude: [], onNote: (n) => notes.push(n) });
    assert.deepEqual(only.map((f) => path.basename(f.path)), ['b.sql']);
    assert.deepEqual(notes, []);
    assert.deepEqual(await loadSourceFiles([path.join(root, 'missing')]), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
