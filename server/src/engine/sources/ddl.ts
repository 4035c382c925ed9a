// What one .sql file declares, as read from its parse tree: the statements the catalog is assembled from.
import { Span } from '../types';
import { Dialect } from './sqlParser';
import { PostgresType } from './postgresTypes';

export interface ColumnDecl {
  name: string;
  nameSpan: Span;
  /** The type as written. */
  declaredType: string;
  /** Flink DDL: the Flink type (whitespace collapsed); PostgreSQL: mapped later, once the workspace's enum types are known. */
  flinkType?: string;
  postgresType?: PostgresType;
  typeSpan: Span;
  notNull: boolean;
  primaryKey: boolean;
  kind: 'physical' | 'metadata' | 'computed';
  metadataKey?: string;
  virtual?: boolean;
  expression?: string;
}

export interface TableDecl {
  /** The name's parts as declared: `customers`, or `inventory`, `customers`. */
  path: string[];
  nameSpan: Span;
  statementSpan: Span;
  statement?: string;
  columns: ColumnDecl[];
  primaryKey: string[];
  primaryKeySpan?: Span;
  options: Record<string, string>;
  ifNotExists: boolean;
  /** The statement has a syntax error: what was read of it may be partial. */
  incomplete: boolean;
}

export type AlterAction =
  | { kind: 'add'; column: ColumnDecl; ifNotExists: boolean; span: Span }
  | { kind: 'drop'; column: string; columnSpan: Span; ifExists: boolean; span: Span }
  | { kind: 'rename'; column: string; columnSpan: Span; to: string; toSpan: Span; span: Span }
  | { kind: 'retype'; column: string; columnSpan: Span; declaredType: string; postgresType: PostgresType; typeSpan: Span; span: Span }
  | { kind: 'nullability'; column: string; columnSpan: Span; notNull: boolean; span: Span }
  | { kind: 'primaryKey'; columns: string[]; span: Span };

export type DdlStatement =
  | { kind: 'create'; table: TableDecl }
  | { kind: 'alter'; table: string[]; tableSpan: Span; ifExists: boolean; actions: AlterAction[] }
  | { kind: 'renameTable'; table: string[]; tableSpan: Span; to: string; toSpan: Span; ifExists: boolean; span: Span }
  | { kind: 'drop'; tables: { path: string[]; span: Span }[]; ifExists: boolean; span: Span }
  | { kind: 'enum'; path: string[] };

export interface FileProblem {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  span: Span;
}

/** One file's reading: independent of its path, so it is cached by text. */
export interface ParsedFile {
  dialect: Dialect;
  statements: DdlStatement[];
  problems: FileProblem[];
}
