// The source catalog: builds it from the workspace's .sql files (re-reading only changed ones) and looks tables up.
import { assemble } from './assemble';
import { expressionColumns } from './expressions';
import { ParsedFile } from './ddl';
import { comparePaths } from './fileOrder';
import { readFlinkFile } from './flinkDdl';
import { flinkTokens } from './flinkLexer';
import { readPostgresFile } from './postgresDdl';
import { Dialect } from './sqlParser';
import { Catalog, SourceColumn, SourceFile, SourceTable } from './types';

/** Files larger than this are not parsed (a data dump, not DDL); a problem says so. */
export const MAX_SOURCE_CHARS = 4_000_000;

/** Builds the catalog of tables declared in `files`: Flink DDL and PostgreSQL DDL, migrations applied in file-name order. */
export function buildCatalog(files: readonly SourceFile[]): Catalog {
  return new CatalogBuilder().update(files);
}

/** Keeps each file's reading, keyed by its text, so that an update only parses the files whose text changed. */
export class CatalogBuilder {
  private cache = new Map<string, ParsedFile>();
  private latest: Catalog = { tables: [], problems: [], dropped: [] };
  /** How many file texts the last update had to parse (the others came from the cache). */
  parsedLastUpdate = 0;

  update(files: readonly SourceFile[]): Catalog {
    const next = new Map<string, ParsedFile>();
    this.parsedLastUpdate = 0;
    const sorted = [...files].sort((a, b) => comparePaths(a.path, b.path));
    const read = sorted.map((file) => {
      let parsed = next.get(file.text) ?? this.cache.get(file.text);
      if (!parsed) {
        parsed = readSqlFile(file.text);
        this.parsedLastUpdate++;
      }
      next.set(file.text, parsed);
      return { path: file.path, parsed };
    });
    this.cache = next;
    this.latest = assemble(read);
    return this.latest;
  }

  get catalog(): Catalog {
    return this.latest;
  }
}

/** Reads one file's statements; a parser failure becomes a problem, never an exception. */
export function readSqlFile(text: string): ParsedFile {
  const dialect = sqlDialect(text);
  if (text.length > MAX_SOURCE_CHARS) {
    const message = `This file is too large to read as DDL (${Math.round(text.length / 1e6)} million characters); its tables are not in the catalog.`;
    return { dialect, statements: [], problems: [{ code: 'sql-file-too-large', severity: 'info', message, span: { start: 0, end: 0 } }] };
  }
  try {
    return dialect === 'flink' ? readFlinkFile(text) : readPostgresFile(text);
  } catch (err) {
    const message = `The SQL parser failed on this file: ${err instanceof Error ? err.message : String(err)}`;
    return { dialect, statements: [], problems: [{ code: 'sql-syntax-error', severity: 'error', message, span: { start: 0, end: 0 } }] };
  }
}

/**
 * Parses a small sample of each dialect and an expression: the grammars build their lookup tables on first use
 * (a second or more), so a long-running host calls this when idle rather than on the user's first keystroke.
 */
export function warmUpSqlParsers(): void {
  readSqlFile("CREATE TABLE t (id BIGINT NOT NULL, a STRING, b DECIMAL(10, 2), c TIMESTAMP_LTZ(3) METADATA FROM 'op_ts' VIRTUAL, d AS a, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'postgres-cdc');");
  readSqlFile('CREATE TABLE s.t (id bigserial PRIMARY KEY, a varchar(20) NOT NULL, b numeric(10,2), c timestamptz, d text[], e integer);\nALTER TABLE s.t ADD COLUMN f int, DROP COLUMN e;\nALTER TABLE s.t RENAME COLUMN a TO b;');
  warmUpExpressionParser();
}

/** The Flink grammar for contract expressions only (the language server's own thread needs no DDL grammar). */
export function warmUpExpressionParser(): void {
  expressionColumns("CASE status WHEN 1 THEN 'NEW' ELSE CONCAT(c.fname, ' ', DATE_FORMAT(registered, 'yyyy')) END");
}

/** A `WITH ('connector' = ...)` clause anywhere outside comments makes the file Flink SQL; otherwise it is PostgreSQL. */
export function sqlDialect(text: string): Dialect {
  // tokens, not a regular expression over the text: an unclosed `/*` must not make every later one rescan the rest
  const code = flinkTokens(text).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  for (let i = 0; i + 3 < code.length; i++) {
    if (code[i].kind === 'word' && code[i].text.toUpperCase() === 'WITH' && code[i + 1].text === '(' && code[i + 2].kind === 'string' && code[i + 2].text.toLowerCase() === "'connector'" && code[i + 3].text === '=') return 'flink';
  }
  return 'postgres';
}

interface Index {
  byName: Map<string, SourceTable>;
  names: string[];
}

const indexes = new WeakMap<Catalog, Index>();

/**
 * Name → table, built once per catalog (catalogs are values: never mutated). Flink DDL wins over PostgreSQL DDL
 * (it is what the job reads, connector options included); within a dialect, a table's own name wins over a qualified
 * alias of another one; then the earlier declaration.
 */
function index(catalog: Catalog): Index {
  let found = indexes.get(catalog);
  if (found) return found;
  const ranked = catalog.tables.flatMap((table, order) => table.names.map((name, rank) => ({ name, table, rank, order })));
  ranked.sort((a, b) => Number(a.table.dialect !== 'flink') - Number(b.table.dialect !== 'flink') || a.rank - b.rank || a.order - b.order);
  const byName = new Map<string, SourceTable>();
  for (const r of ranked) if (!byName.has(r.name)) byName.set(r.name, r.table);
  found = { byName, names: [...new Set(catalog.tables.flatMap((t) => t.names))] };
  indexes.set(catalog, found);
  return found;
}

/** The table a contract means by `ref` (`customers`, `inventory.customers`; case-insensitive, backquotes allowed). */
export function lookupTable(catalog: Catalog, ref: string): SourceTable | undefined {
  const parts = splitName(ref);
  return parts.length > 0 ? index(catalog).byName.get(parts.join('.').toLowerCase()) : undefined;
}

/** `table.column` or `schema.table.column`. */
export function lookupColumn(catalog: Catalog, ref: string): { table: SourceTable; column: SourceColumn } | undefined {
  const parts = splitName(ref);
  if (parts.length < 2) return undefined;
  const table = index(catalog).byName.get(parts.slice(0, -1).join('.').toLowerCase());
  const column = table && columnNamed(table, parts[parts.length - 1]);
  return table && column ? { table, column } : undefined;
}

const columnIndexes = new WeakMap<SourceTable, Map<string, SourceColumn>>();

/**
 * The column of a table by name, case-insensitively (an exact match wins over another spelling). Tables are values
 * that never change, so each gets one index: a contract's n references cost n lookups, not n scans of the table.
 */
export function columnNamed(table: SourceTable, name: string): SourceColumn | undefined {
  let byName = columnIndexes.get(table);
  if (!byName) {
    byName = new Map();
    for (const c of table.columns) {
      const lower = c.name.toLowerCase();
      if (!byName.has(lower)) byName.set(lower, c);
      if (!byName.has(`=${c.name}`)) byName.set(`=${c.name}`, c);
    }
    columnIndexes.set(table, byName);
  }
  return byName.get(`=${name}`) ?? byName.get(name.toLowerCase());
}

/** Every name tables can be referred to by, for "did you mean". */
export function catalogNames(catalog: Catalog): string[] {
  return index(catalog).names;
}

/** `inventory.customers`, `` `my table`.id ``, `"Orders".id` → the parts, unquoted; empty when a part is empty. */
export function splitName(ref: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote = '';
  for (const ch of ref.trim()) {
    if (quote) {
      if (ch === quote) quote = '';
      else current += ch;
    } else if (ch === '`' || ch === '"') {
      quote = ch;
    } else if (ch === '.') {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current.trim());
  return parts.some((p) => !p) ? [] : parts;
}
