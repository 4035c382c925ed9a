// Reads PostgreSQL DDL (migrations): CREATE TABLE, ALTER TABLE column changes, table renames and drops, enum types.
import { PostgreSQL, PostgreSqlParserListener } from 'dt-sql-parser';
import type {
  AlterTableCmdContext,
  AlterTableStmtContext,
  ColumnCreateTableContext,
  Column_defContext,
  DefineStmtContext,
  DropStmtContext,
  RenameStmtContext,
  TypenameContext,
} from 'dt-sql-parser/dist/lib/postgresql/PostgreSqlParser';
import type { ParserRuleContext } from 'antlr4ng';
import { Span } from '../types';
import { AlterAction, ColumnDecl, DdlStatement, ParsedFile, TableDecl } from './ddl';
import { impliesNotNull, parsePostgresType, PostgresType } from './postgresTypes';
import {
  ctxSpan,
  firstErrorPerStatement,
  grammar,
  isTerminal,
  keywords,
  OffsetMap,
  parseSql,
  postgresIdentifier,
  providePostgresGrammar,
  statementEnds,
  statementIndex,
  walk,
} from './sqlParser';

providePostgresGrammar(() => new PostgreSQL());

export function readPostgresFile(text: string): ParsedFile {
  const parsed = parseSql('postgres', prepare(text), text);
  const { offsets } = parsed;
  const ends = statementEnds(parsed.tree, offsets);
  const errors = firstErrorPerStatement(parsed.errors, ends);
  const broken = new Set(errors.map((e) => statementIndex(ends, e.span.start)));
  const statements: DdlStatement[] = [];
  const listener = new PostgreSqlParserListener();
  listener.enterColumnCreateTable = (ctx) => {
    const table = readCreateTable(ctx, offsets);
    if (!table) return;
    table.incomplete = broken.has(statementIndex(ends, table.statementSpan.start));
    statements.push({ kind: 'create', table });
  };
  listener.enterAlterTableStmt = (ctx) => {
    const statement = readAlterTable(ctx, offsets);
    if (statement) statements.push(statement);
  };
  listener.enterRenameStmt = (ctx) => {
    const statement = readRename(ctx, offsets);
    if (statement) statements.push(statement);
  };
  listener.enterDropStmt = (ctx) => {
    const statement = readDropTable(ctx, offsets);
    if (statement) statements.push(statement);
  };
  listener.enterDefineStmt = (ctx) => {
    const path = readEnumType(ctx);
    if (path) statements.push({ kind: 'enum', path });
  };
  grammar('postgres').listen(listener, parsed.tree);
  return {
    dialect: 'postgres',
    statements,
    problems: errors.map((e) => ({ code: 'sql-syntax-error', severity: 'error', message: e.message, span: e.span })),
  };
}

const RELEVANT_CREATE = new Set(['OR', 'REPLACE', 'GLOBAL', 'LOCAL', 'TEMP', 'TEMPORARY', 'UNLOGGED']);

/**
 * The text the grammar reads, same length as the file: statements the catalog does not read (functions, indexes,
 * inserts...) are blanked, which spares their parse and keeps grammar limits there from becoming the catalog's
 * errors; `double precision` is read as `float8` (SLL prediction rejects it before a comma, and the full-LL retry
 * costs seconds on a cold parser).
 */
function prepare(text: string): string {
  const offsets = new OffsetMap(text);
  const chars = text.split('');
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  };
  const words: { upper: string; start: number; end: number }[] = [];
  const flush = (end?: number) => {
    if (words.length === 0) return;
    if (!relevant(words.map((w) => w.upper))) blank(words[0].start, end ?? words[words.length - 1].end);
    else {
      for (let k = 0; k + 1 < words.length; k++) {
        if (words[k].upper !== 'DOUBLE' || words[k + 1].upper !== 'PRECISION') continue;
        'float8'.split('').forEach((c, i) => (chars[words[k].start + i] = c));
        blank(words[k + 1].start, words[k + 1].end);
      }
    }
    words.length = 0;
  };
  for (const token of grammar('postgres').createLexer(text, () => undefined).getAllTokens()) {
    if (token.channel !== 0) continue;
    const span = offsets.span(token.start, token.stop);
    const upper = text.slice(span.start, span.end).toUpperCase();
    if (upper === ';') flush(span.end);
    else words.push({ upper, ...span });
  }
  flush();
  return chars.join('');
}

function relevant(words: string[]): boolean {
  if ((words[0] === 'ALTER' || words[0] === 'DROP') && words[1] === 'TABLE') return true;
  if (words[0] !== 'CREATE') return false;
  if (words[1] === 'TYPE') return true;
  let k = 1;
  while (RELEVANT_CREATE.has(words[k])) k++;
  return words[k] === 'TABLE';
}

/** The parts of a (possibly qualified) name: `inventory."Customers"` → inventory, Customers. */
function nameParts(ctx: ParserRuleContext | null | undefined): string[] {
  if (!ctx) return [];
  const parts: string[] = [];
  let current = '';
  walk(ctx, (node) => {
    if (!isTerminal(node)) return;
    const text = node.getText();
    if (text === '.') {
      parts.push(current);
      current = '';
    } else {
      current += text;
    }
  });
  parts.push(current);
  return parts.map(postgresIdentifier).filter(Boolean);
}

function readCreateTable(ctx: ColumnCreateTableContext, offsets: OffsetMap): TableDecl | undefined {
  const nameCtx = ctx.tableNameCreate();
  const path = nameParts(nameCtx);
  if (!nameCtx || path.length === 0) return undefined;
  const table: TableDecl = {
    path,
    nameSpan: ctxSpan(nameCtx, offsets),
    statementSpan: ctxSpan(ctx, offsets),
    columns: [],
    primaryKey: [],
    options: {},
    ifNotExists: !!ctx.ifNotExists(),
    incomplete: false,
  };
  for (const element of ctx.tableElementList()?.tableElement() ?? []) {
    const def = element.column_def();
    if (def) {
      const column = readColumn(def, offsets);
      if (column) table.columns.push(column);
      continue;
    }
    const key = primaryKeyColumns(element.constraintElem(), offsets);
    if (key) {
      table.primaryKey = key.columns;
      table.primaryKeySpan = key.span;
    }
  }
  if (table.primaryKey.length === 0) table.primaryKey = table.columns.filter((c) => c.primaryKey).map((c) => c.name);
  return table;
}

function primaryKeyColumns(ctx: ReturnType<AlterTableCmdContext['constraintElem']>, offsets: OffsetMap): { columns: string[]; span: Span } | undefined {
  if (!ctx?.KW_PRIMARY()) return undefined;
  const list = ctx.columnListInclude()?.optColumnList() ?? ctx.optColumnList(0);
  const names = list?.columnList()?.columnName() ?? [];
  return { columns: names.map((n) => nameParts(n)[0]).filter(Boolean), span: list ? ctxSpan(list, offsets) : ctxSpan(ctx, offsets) };
}

function readColumn(def: Column_defContext, offsets: OffsetMap): ColumnDecl | undefined {
  const nameCtx = def.columnNameCreate();
  const typeCtx = def.typename();
  const name = nameParts(nameCtx)[0];
  if (!nameCtx || !typeCtx || !name) return undefined;
  const postgresType = readType(typeCtx, offsets);
  let notNull = impliesNotNull(postgresType);
  let primaryKey = false;
  for (const constraint of def.colConstraint()) {
    const elem = constraint.colConstraintElem();
    if (!elem) continue;
    if (elem.KW_PRIMARY()) primaryKey = true;
    else if (elem.KW_NOT() && elem.KW_NULL()) notNull = true;
    else if (elem.KW_NULL() && !elem.KW_NOT()) notNull = false;
    else if (elem.KW_IDENTITY()) notNull = true;
  }
  return {
    name,
    nameSpan: ctxSpan(nameCtx, offsets),
    declaredType: sliceOf(spanOf(typeCtx, offsets), offsets),
    postgresType,
    typeSpan: spanOf(typeCtx, offsets),
    notNull: notNull || primaryKey,
    primaryKey,
    kind: 'physical',
  };
}

/** The type without its array part, and how many array dimensions follow (`text[]`, `int ARRAY`). */
function readType(ctx: TypenameContext, offsets: OffsetMap): PostgresType {
  const base = ctx.simpleTypeName() ?? ctx.qualifiedName() ?? ctx;
  const dims = ctx.OPEN_BRACKET().length || (ctx.KW_ARRAY() ? 1 : 0);
  const span = spanOf(base, offsets);
  return parsePostgresType(offsets.text.slice(span.start, span.end), dims);
}

/** A rule's span in the file; one ending in `double precision` was parsed as `float8` followed by blanks (see prepare). */
function spanOf(ctx: ParserRuleContext, offsets: OffsetMap): Span {
  const span = ctxSpan(ctx, offsets);
  const rest = /^\s+precision\b/i.exec(offsets.text.slice(span.end, span.end + 64));
  if (rest && /double$/i.test(offsets.text.slice(span.start, span.end))) return { start: span.start, end: span.end + rest[0].length };
  return span;
}

function sliceOf(span: Span, offsets: OffsetMap): string {
  return offsets.text.slice(span.start, span.end);
}

function readAlterTable(ctx: AlterTableStmtContext, offsets: OffsetMap): DdlStatement | undefined {
  const relation = ctx.relationExpr();
  const cmds = ctx.alterTableCmds();
  if (!ctx.KW_TABLE() || !relation || !cmds) return undefined;
  const tableName = relation.truncateTable()?.tableName() ?? relation.tableName();
  const table = nameParts(tableName);
  if (!tableName || table.length === 0) return undefined;
  const actions: AlterAction[] = [];
  for (const cmd of cmds.alterTableCmd()) {
    const action = readAlterCommand(cmd, offsets);
    if (action) actions.push(action);
  }
  return { kind: 'alter', table, tableSpan: ctxSpan(tableName, offsets), ifExists: !!ctx.ifExists(), actions };
}

function readAlterCommand(cmd: AlterTableCmdContext, offsets: OffsetMap): AlterAction | undefined {
  const words = keywords(cmd);
  const span = spanOf(cmd, offsets);
  const def = cmd.column_def();
  if (words[0] === 'ADD' && def) {
    const column = readColumn(def, offsets);
    return column ? { kind: 'add', column, ifNotExists: !!cmd.ifNotExists(), span } : undefined;
  }
  if (words[0] === 'ADD') {
    const key = primaryKeyColumns(cmd.constraintElem(), offsets);
    return key ? { kind: 'primaryKey', columns: key.columns, span } : undefined;
  }
  const columnCtx = cmd.columnName() ?? (words.includes('CONSTRAINT') ? null : cmd.colId());
  const column = nameParts(columnCtx)[0];
  if (!columnCtx || !column) return undefined;
  const columnSpan = ctxSpan(columnCtx, offsets);
  if (words[0] === 'DROP' && !words.includes('CONSTRAINT')) return { kind: 'drop', column, columnSpan, ifExists: !!cmd.ifExists(), span };
  if (words[0] !== 'ALTER') return undefined;
  const typeCtx = cmd.typename();
  if (typeCtx && words.includes('TYPE')) {
    const typeAt = spanOf(typeCtx, offsets);
    return { kind: 'retype', column, columnSpan, declaredType: sliceOf(typeAt, offsets), postgresType: readType(typeCtx, offsets), typeSpan: typeAt, span };
  }
  if (words.includes('NOT') && words.includes('NULL') && (words.includes('SET') || words.includes('DROP'))) {
    return { kind: 'nullability', column, columnSpan, notNull: words.includes('SET'), span };
  }
  return undefined;
}

function readRename(ctx: RenameStmtContext, offsets: OffsetMap): DdlStatement | undefined {
  const words = keywords(ctx);
  if (words[0] !== 'ALTER' || words[1] !== 'TABLE') return undefined;
  const relation = ctx.relationExpr();
  const tableName = relation?.truncateTable()?.tableName() ?? relation?.tableName();
  const table = nameParts(tableName);
  if (!tableName || table.length === 0) return undefined;
  const tableSpan = ctxSpan(tableName, offsets);
  const span = ctxSpan(ctx, offsets);
  const from = ctx.columnName();
  const to = ctx.columnNameCreate();
  if (from && to) {
    const column = nameParts(from)[0];
    const newName = nameParts(to)[0];
    if (!column || !newName) return undefined;
    const rename = ctx.KW_RENAME();
    const start = rename ? offsets.at(rename.symbol.start) : ctxSpan(from, offsets).start;
    return {
      kind: 'alter',
      table,
      tableSpan,
      ifExists: !!ctx.ifExists(),
      actions: [{ kind: 'rename', column, columnSpan: ctxSpan(from, offsets), to: newName, toSpan: ctxSpan(to, offsets), span: { start, end: ctxSpan(to, offsets).end } }],
    };
  }
  const newTable = ctx.tableNameCreate();
  if (newTable && !words.includes('CONSTRAINT')) {
    const parts = nameParts(newTable);
    if (parts.length === 0) return undefined;
    return { kind: 'renameTable', table, tableSpan, to: parts[parts.length - 1], toSpan: ctxSpan(newTable, offsets), ifExists: !!ctx.ifExists(), span };
  }
  return undefined;
}

function readDropTable(ctx: DropStmtContext, offsets: OffsetMap): DdlStatement | undefined {
  const list = ctx.tableNameList();
  if (!ctx.KW_TABLE() || !list) return undefined;
  const tables = list.tableName().map((t) => ({ path: nameParts(t), span: ctxSpan(t, offsets) })).filter((t) => t.path.length > 0);
  return { kind: 'drop', tables, ifExists: !!ctx.ifExists(), span: ctxSpan(ctx, offsets) };
}

function readEnumType(ctx: DefineStmtContext): string[] | undefined {
  if (!ctx.KW_TYPE() || !ctx.KW_ENUM()) return undefined;
  const path = nameParts(ctx.anyName(0));
  return path.length > 0 ? path : undefined;
}
