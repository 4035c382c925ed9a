// The source catalog: tables and columns declared in the workspace's .sql files (Flink DDL or PostgreSQL DDL).
import { Severity, Span } from '../types';

/**
 * Files larger than this are not parsed (a data dump, not DDL); a problem says so. It lives here, away from the
 * grammars, so that the language server's own thread can read it without bundling the PostgreSQL parser.
 */
export const MAX_SOURCE_CHARS = 4_000_000;

export interface SourceFile {
  /** Path or URI, as the caller names it; problems and spans refer to it. */
  path: string;
  text: string;
}

export interface SourceColumn {
  name: string;
  /**
   * The Flink SQL type (PostgreSQL types mapped as Flink CDC does), e.g. `BIGINT`, `DECIMAL(10, 2)`, `STRING`.
   * Computed columns: the CAST target, the type of the column they copy, `TIMESTAMP_LTZ(3)` for PROCTIME(); else '' (unknown).
   */
  flinkType: string;
  /** The type exactly as declared in the file. */
  declaredType: string;
  nullable: boolean;
  primaryKey: boolean;
  /** 1-based position among the table's columns. */
  position: number;
  kind: 'physical' | 'metadata' | 'computed';
  /** Metadata columns: the connector's metadata key (`FROM 'op_ts'`, else the column name) and whether it is VIRTUAL. */
  metadataKey?: string;
  virtual?: boolean;
  /** Computed columns: the expression after AS, as written. */
  expression?: string;
  file: string;
  /** The column name in its file (for go to definition); for a column renamed later, the name in the latest statement. */
  span: Span;
  /** Former columns only: the column's current name, which a migration (or a chain of them) renamed it to. */
  renamedTo?: string;
}

export interface ColumnChange {
  /** `retyped`: ALTER COLUMN ... TYPE; `nullability`: SET / DROP NOT NULL. */
  kind: 'renamed' | 'dropped' | 'added' | 'retyped' | 'nullability';
  /** The column's name when the change was made. */
  column: string;
  /** The new name (renamed), the new Flink type (retyped), `NOT NULL` or `NULL` (nullability). */
  to?: string;
  /** The Flink type before the change (retyped). */
  from?: string;
  file: string;
  span: Span;
}

export interface SourceTable {
  /** The table name as declared (`customers`). */
  name: string;
  /** Schema/database qualifiers when known (PostgreSQL schema, or the postgres-cdc `schema-name`/`database-name` options). */
  schema?: string;
  database?: string;
  /** Every name a contract may use for it: `customers`, `inventory.customers`, ... (lower-cased for lookup). */
  names: string[];
  dialect: 'flink' | 'postgres';
  /** Flink DDL: the connector and WITH options (values as written, credentials included: generators must mask them). */
  connector?: string;
  options: Record<string, string>;
  columns: SourceColumn[];
  primaryKey: string[];
  file: string;
  /** The table name in its CREATE TABLE statement (for go to definition). */
  span: Span;
  /** The whole CREATE TABLE statement. */
  statementSpan?: Span;
  /** The CREATE TABLE statement as written (Flink DDL), for generators that reuse it. */
  statement?: string;
  /** Later ALTER TABLE changes applied to the table (PostgreSQL migrations), in order. */
  changes: ColumnChange[];
  /** The CREATE TABLE statement has a syntax error: columns may be missing, so "no such column" is not certain. */
  incomplete?: boolean;
  /** Names the table had before an ALTER TABLE ... RENAME TO (lower case, qualified like `names`). */
  formerNames?: string[];
  /**
   * Columns a migration renamed, under their old name: the type they had then, nullable, `span` on the old name in the
   * RENAME statement. A job restarted from a savepoint still sees events with the old name, so a contract that lists
   * both the old and the current name (the rename's transition) reads it, and its job declares it; nothing else does.
   */
  formerColumns?: SourceColumn[];
}

/** A table removed by DROP TABLE in a migration. */
export interface DroppedTable {
  names: string[];
  file: string;
  /** The table's name in the DROP TABLE statement. */
  span: Span;
}

export interface CatalogProblem {
  file: string;
  span: Span;
  code: string;
  severity: Severity;
  message: string;
}

export interface Catalog {
  tables: SourceTable[];
  problems: CatalogProblem[];
  /** Tables dropped by migrations, in order: "was dropped in V7" beats "does not exist". */
  dropped?: DroppedTable[];
}
