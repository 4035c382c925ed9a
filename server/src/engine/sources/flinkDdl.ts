// Reads Flink SQL DDL: each CREATE TABLE's columns (physical, metadata, computed), primary key and WITH options.
import { FlinkSqlParserListener } from 'dt-sql-parser';
import type {
  ColumnConstraintContext,
  ColumnOptionDefinitionContext,
  ComputedColumnDefinitionContext,
  SimpleCreateTableContext,
} from 'dt-sql-parser/dist/lib/flink/FlinkSqlParser';
import type { ParserRuleContext, ParseTree } from 'antlr4ng';
import { ColumnDecl, DdlStatement, ParsedFile, TableDecl } from './ddl';
import { bridgeGaps } from './grammarGaps';
import {
  ctxSpan,
  firstErrorPerStatement,
  flinkIdentifier,
  grammar,
  isTerminal,
  OffsetMap,
  parseSql,
  statementEnds,
  statementIndex,
  stringValue,
  textOf,
} from './sqlParser';

export function readFlinkFile(text: string): ParsedFile {
  // Flink SQL the grammar does not know (TRY_CAST, EXTRACT(... FROM ...)...) is parsed as a same-length stand-in
  const parsed = parseSql('flink', bridgeGaps(text).text, text);
  const ends = statementEnds(parsed.tree, parsed.offsets);
  const errors = firstErrorPerStatement(parsed.errors, ends);
  const broken = new Set(errors.map((e) => statementIndex(ends, e.span.start)));
  const statements: DdlStatement[] = [];
  const listener = new FlinkSqlParserListener();
  listener.enterSimpleCreateTable = (ctx) => {
    const table = readCreateTable(ctx, parsed.offsets);
    if (!table) return;
    table.incomplete = broken.has(statementIndex(ends, table.statementSpan.start));
    statements.push({ kind: 'create', table });
  };
  grammar('flink').listen(listener, parsed.tree);
  return {
    dialect: 'flink',
    statements,
    problems: errors.map((e) => ({ code: 'sql-syntax-error', severity: 'error', message: e.message, span: e.span })),
  };
}

function readCreateTable(ctx: SimpleCreateTableContext, offsets: OffsetMap): TableDecl | undefined {
  const pathCtx = ctx.tablePathCreate();
  if (!pathCtx) return undefined;
  const path = pathCtx.identifier().map((id) => flinkIdentifier(textOf(id, offsets)));
  if (path.length === 0 || path.some((p) => !p)) return undefined;
  const statementSpan = ctxSpan(ctx, offsets);
  const table: TableDecl = {
    path,
    nameSpan: ctxSpan(pathCtx, offsets),
    statementSpan,
    statement: offsets.text.slice(statementSpan.start, statementSpan.end),
    columns: [],
    primaryKey: [],
    options: {},
    ifNotExists: !!ctx.ifNotExists(),
    incomplete: false,
  };
  for (const def of ctx.columnOptionDefinition()) {
    const column = readColumn(def, offsets);
    if (column) table.columns.push(column);
  }
  for (const column of table.columns) {
    if (column.primaryKey) table.primaryKey.push(column.name);
  }
  const constraint = ctx.tableConstraint();
  const keyList = constraint?.columnNameList();
  if (constraint && keyList) {
    table.primaryKey = keyList.columnName().map((c) => flinkIdentifier(textOf(c, offsets))).filter(Boolean);
    table.primaryKeySpan = ctxSpan(keyList, offsets);
  }
  for (const property of ctx.withOption()?.tablePropertyList()?.tableProperty() ?? []) {
    const key = property.tablePropertyKey();
    const value = property.tablePropertyValue();
    if (!key || !value) continue;
    table.options[flinkIdentifier(textOf(key, offsets))] = stringValue(textOf(value, offsets));
  }
  inferComputedTypes(table.columns);
  return table;
}

function readColumn(def: ColumnOptionDefinitionContext, offsets: OffsetMap): ColumnDecl | undefined {
  const physical = def.physicalColumnDefinition();
  const metadata = def.metadataColumnDefinition();
  const computed = def.computedColumnDefinition();
  const nameCtx = (physical ?? metadata ?? computed)?.columnNameCreate();
  const name = nameCtx ? flinkIdentifier(textOf(nameCtx, offsets)) : '';
  if (!nameCtx || !name) return undefined;
  const nameSpan = ctxSpan(nameCtx, offsets);
  if (computed) return readComputed(computed, name, nameSpan, offsets);
  const typeCtx = (physical ?? metadata)!.columnType();
  if (!typeCtx) return undefined;
  const declaredType = textOf(typeCtx, offsets);
  const constraint = readConstraint(physical?.columnConstraint() ?? null);
  const column: ColumnDecl = {
    name,
    nameSpan,
    declaredType,
    flinkType: declaredType.replace(/\s+/g, ' '),
    typeSpan: ctxSpan(typeCtx, offsets),
    notNull: constraint.notNull,
    primaryKey: constraint.primaryKey,
    kind: metadata ? 'metadata' : 'physical',
  };
  if (metadata) {
    const key = metadata.metadataKey();
    column.metadataKey = key ? stringValue(textOf(key, offsets)) : name;
    column.virtual = !!metadata.KW_VIRTUAL();
  }
  return column;
}

function readConstraint(ctx: ColumnConstraintContext | null): { notNull: boolean; primaryKey: boolean } {
  if (!ctx) return { notNull: false, primaryKey: false };
  const primaryKey = !!ctx.KW_PRIMARY();
  return { primaryKey, notNull: !primaryKey && !!ctx.KW_NOT() && !!ctx.KW_NULL() };
}

function readComputed(ctx: ComputedColumnDefinitionContext, name: string, nameSpan: ColumnDecl['nameSpan'], offsets: OffsetMap): ColumnDecl {
  const expression = ctx.computedColumnExpression();
  const span = expression ? ctxSpan(expression, offsets) : nameSpan;
  const column: ColumnDecl = {
    name,
    nameSpan,
    declaredType: '',
    typeSpan: span,
    notNull: false,
    primaryKey: false,
    kind: 'computed',
    expression: textOf(expression, offsets),
  };
  const inferred = inferType(expression, offsets);
  if (inferred === 'PROCTIME') {
    column.flinkType = 'TIMESTAMP_LTZ(3)';
    column.notNull = true;
  } else if (inferred) {
    column.flinkType = inferred;
  }
  return column;
}

/**
 * Follows single-child rules down to the node that does something: `CAST(... AS t)` gives t, a bare column gives
 * `=name` (resolved against the table's columns afterwards), `PROCTIME()` gives PROCTIME; anything else is unknown.
 */
function inferType(ctx: ParserRuleContext | null, offsets: OffsetMap): string | undefined {
  let node: ParseTree | null = ctx;
  while (node && !isTerminal(node)) {
    const methods = node as unknown as Record<string, unknown>;
    if (typeof methods.KW_CAST === 'function') {
      const type = (node as unknown as { columnType(): ParserRuleContext | null }).columnType();
      return type ? textOf(type, offsets).replace(/\s+/g, ' ') : undefined;
    }
    if (typeof methods.columnNamePath === 'function') return `=${flinkIdentifier(textOf(node as ParserRuleContext, offsets))}`;
    if (node.getChildCount() !== 1) return /^PROCTIME\s*\(\s*\)$/i.test(textOf(node as ParserRuleContext, offsets)) ? 'PROCTIME' : undefined;
    node = node.getChild(0);
  }
  return undefined;
}

/** A computed column that only renames another column has that column's type. */
function inferComputedTypes(columns: ColumnDecl[]): void {
  for (const column of columns) {
    if (!column.flinkType?.startsWith('=')) continue;
    const source = columns.find((c) => c !== column && c.name.toLowerCase() === column.flinkType!.slice(1).toLowerCase());
    column.flinkType = source?.flinkType && !source.flinkType.startsWith('=') ? source.flinkType : undefined;
  }
}
