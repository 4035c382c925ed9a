// The source catalog: builds it from the workspace's .sql files, re-reading only changed ones (lookups: catalogLookup.ts).
import { assemble } from './assemble';
import { ParsedFile } from './ddl';
import { comparePaths } from './fileOrder';
import { readFlinkFile } from './flinkDdl';
import { flinkTokens } from './flinkLexer';
import { readPostgresFile } from './postgresDdl';
import { Dialect } from './sqlParser';
import { Catalog, MAX_SOURCE_CHARS, SourceFile } from './types';

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

/** A `WITH ('connector' = ...)` clause anywhere outside comments makes the file Flink SQL; otherwise it is PostgreSQL. */
export function sqlDialect(text: string): Dialect {
  // tokens, not a regular expression over the text: an unclosed `/*` must not make every later one rescan the rest
  const code = flinkTokens(text).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  for (let i = 0; i + 3 < code.length; i++) {
    if (code[i].kind === 'word' && code[i].text.toUpperCase() === 'WITH' && code[i + 1].text === '(' && code[i + 2].kind === 'string' && code[i + 2].text.toLowerCase() === "'connector'" && code[i + 3].text === '=') return 'flink';
  }
  return 'postgres';
}
