// Which source tables a stream reads, under which names, and which column each property comes from.
import { Document } from 'yaml';
import { closestMatch } from '../didYouMean';
import { spanForPath } from '../locate';
import { columnNamed, lookupColumn, lookupTable, transitionColumn } from '../sources/catalogLookup';
import { Catalog, SourceColumn, SourceTable } from '../sources/types';
import { Path } from '../types';
import { checkStatement } from '../sources/flinkGrammar';
import { FRAGMENT_TEMPLATES } from '../sources/flinkFragments';
import { verdictOf } from './fragments';
import { Fragment, PropertyModel, StreamModel } from './model';
import { qualifiedName } from './sources';
import { Edit, fragmentSpan } from './statement';
import { ident } from './sqlText';
import { PendingProblem } from './types';

/** A table in the stream's FROM clause; `qualifier` is how generated column references name it (none: one table, no alias). */
export interface ScopeTable {
  table: SourceTable;
  qualifier?: string;
}

export interface Resolved {
  table?: SourceTable;
  column?: SourceColumn;
  /** The column name as written, even when it does not resolve. */
  columnName: string;
  /** The table has no such column: reported once the property's other columns are known (a rename's transition). */
  unknownIn?: SourceTable;
}

export interface StreamScope {
  tables: ScopeTable[];
  /** Property path → its resolved transformSourceObjects. */
  columns: Map<PropertyModel, Resolved[]>;
  /** Edits of the flinkSource fragment: tables renamed to the job's names, identifiers quoted. */
  sourceEdits: Edit[];
}

export interface ScopeContext {
  catalog: Catalog;
  text: string;
  doc: Document | null | undefined;
  problems: PendingProblem[];
  /** The job's name for a source table (unique in the job). */
  jobName(table: SourceTable): string;
}

const FROM_PREFIX = FRAGMENT_TEMPLATES.fromClause.prefix;

export function streamScope(stream: StreamModel, ctx: ScopeContext): StreamScope {
  const scope: StreamScope = { tables: [], columns: new Map(), sourceEdits: [] };
  // a FROM clause that is more than one, or no valid one, names no tables: the job leaves it out
  if (stream.source && verdictOf(stream.source).ok) fromClauseTables(stream.source, scope, ctx);
  for (const p of stream.properties) scope.columns.set(p, p.sources.map((s) => resolve(s.ref, [...p.path, 'transformSourceObjects', s.index], scope, ctx)));
  for (const p of stream.properties) settle(p, scope.columns.get(p)!, ctx);
  if (stream.source) {
    const inScope = new Set(scope.tables.map((t) => t.table));
    for (const p of stream.properties)
      scope.columns.get(p)!.forEach((r, k) => {
        if (!r.table || inScope.size === 0 || inScope.has(r.table)) return;
        const path = [...p.path, 'transformSourceObjects', p.sources[k].index];
        report(ctx, 'flink-table-not-in-source', 'error', path, `Table ${qualifiedName(r.table)} is not in the stream's flinkSource (\`${stream.source!.text.trim()}\`): join it there, or take the column from a table that is.`);
      });
    return scope;
  }
  const tables = [...new Set([...scope.columns.values()].flat().flatMap((r) => (r.table ? [r.table] : [])))];
  if (tables.length > 1) {
    const names = tables.map((t) => `\`${qualifiedName(t)}\``).join(', ');
    report(ctx, 'flink-ambiguous-source', 'error', stream.path, `The fields of stream \`${stream.name}\` come from several tables (${names}): add a \`flinkSource\` customProperty with the FROM clause that joins them.`);
  } else if (tables.length === 0 && stream.properties.length > 0) {
    report(ctx, 'flink-no-source-table', 'error', stream.path, `Stream \`${stream.name}\` reads no known source table: name source columns in \`transformSourceObjects\` (e.g. \`inventory.customers.id\`) or add a \`flinkSource\` customProperty.`);
  }
  if (tables.length) scope.tables.push({ table: tables[0] });
  // a bare column name (`fname`) is a column of the one table the stream reads
  for (const p of stream.properties) {
    const resolved = scope.columns.get(p)!;
    resolved.forEach((r, k) => {
      if (r.table || p.sources[k].ref.includes('.') || !tables.length) return;
      const column = findColumn(tables[0], r.columnName);
      if (column) Object.assign(r, { table: tables[0], column });
      else r.unknownIn = tables[0];
    });
    settle(p, resolved, ctx);
  }
  return scope;
}

/**
 * A column the table does not have is reported, unless it is the old name of a renamed column and the property lists
 * the new name too: then it is read from the former column (the rename's transition), which the source table declares.
 */
function settle(p: PropertyModel, resolved: Resolved[], ctx: ScopeContext): void {
  const tableOf = resolved.map((x) => x.unknownIn ?? x.table);
  resolved.forEach((r, k) => {
    const table = r.unknownIn;
    if (!table) return;
    delete r.unknownIn;
    const listed = resolved.filter((_, i) => tableOf[i] === table).map((x) => x.columnName);
    const former = transitionColumn(table, r.columnName, listed);
    if (former) Object.assign(r, { table, column: former, columnName: former.name });
    else unknownColumn(ctx, [...p.path, 'transformSourceObjects', p.sources[k].index], table, r.columnName);
  });
}

/** The tables of `flinkSource`, looked up in the catalog; unknown ones are reported on their name. */
function fromClauseTables(source: Fragment, scope: StreamScope, ctx: ScopeContext): void {
  const facts = checkStatement(FROM_PREFIX + source.text);
  const shift = FROM_PREFIX.length;
  const joined = facts.tables.length > 1;
  for (const t of facts.tables) {
    const name = t.text.replace(/`/g, '').replace(/\s+/g, '');
    const table = lookupTable(ctx.catalog, name);
    const start = t.start - shift;
    const end = t.end - shift;
    if (!table) {
      const span = fragmentSpan(ctx.text, ctx.doc, source, start, end);
      const known = closestMatch(name, ctx.catalog.tables.flatMap((x) => x.names));
      ctx.problems.push({ code: 'flink-unknown-table', severity: 'error', path: source.owner, ...(span ? { span } : {}), message: `Source table \`${name}\` is not declared in any .sql file of the workspace${known ? ` (did you mean \`${known}\`?)` : ''}.` });
      continue;
    }
    const jobName = ctx.jobName(table);
    scope.tables.push({ table, qualifier: t.alias ?? (joined ? jobName : undefined) });
    scope.sourceEdits.push({ start, end, text: ident(jobName) });
  }
  const renamed = scope.sourceEdits.slice();
  for (const u of facts.unquoted) {
    const start = u.start - shift;
    if (start < 0 || renamed.some((e) => start >= e.start && start < e.end)) continue;
    scope.sourceEdits.push({ start, end: start, text: '`' }, { start: u.end - shift, end: u.end - shift, text: '`' });
  }
}

function resolve(ref: string, path: Path, scope: StreamScope, ctx: ScopeContext): Resolved {
  const dot = ref.lastIndexOf('.');
  const columnName = ref.slice(dot + 1);
  const found = lookupColumn(ctx.catalog, ref);
  if (found) return { table: found.table, column: found.column, columnName: found.column.name };
  if (dot < 0) {
    // a bare column: one of the FROM clause's tables, when there is a FROM clause
    for (const t of scope.tables) {
      const column = findColumn(t.table, columnName);
      if (column) return { table: t.table, column, columnName: column.name };
    }
    return scope.tables.length ? { columnName, unknownIn: scope.tables[0].table } : { columnName };
  }
  const tableName = ref.slice(0, dot);
  const table = lookupTable(ctx.catalog, tableName) ?? scope.tables.find((t) => t.qualifier?.toLowerCase() === tableName.toLowerCase())?.table;
  if (!table) {
    const known = closestMatch(tableName, ctx.catalog.tables.flatMap((t) => t.names));
    report(ctx, 'flink-unknown-table', 'error', path, `Source table \`${tableName}\` is not declared in any .sql file of the workspace${known ? ` (did you mean \`${known}\`?)` : ''}.`);
    return { columnName };
  }
  const column = findColumn(table, columnName);
  if (column) return { table, column, columnName: column.name };
  return { table, columnName, unknownIn: table };
}

function findColumn(table: SourceTable, name: string): SourceColumn | undefined {
  return columnNamed(table, name);
}

function unknownColumn(ctx: ScopeContext, path: Path, table: SourceTable, name: string): void {
  const known = closestMatch(name, table.columns.map((c) => c.name));
  const renamed = table.changes.find((c) => c.kind === 'renamed' && c.column.toLowerCase() === name.toLowerCase());
  const dropped = table.changes.find((c) => c.kind === 'dropped' && c.column.toLowerCase() === name.toLowerCase());
  const hint = renamed ? `: it was renamed to \`${renamed.to}\` (${renamed.file})` : dropped ? `: it was dropped (${dropped.file})` : known ? ` (did you mean \`${known}\`?)` : '';
  report(ctx, 'flink-unknown-column', 'error', path, `Source table ${qualifiedName(table)} has no column \`${name}\`${hint}.`);
}

/** A problem on the property or stream at `path`, underlined at `at` (a node inside it) when that exists. */
function report(ctx: ScopeContext, code: string, severity: PendingProblem['severity'], at: Path, message: string): void {
  const items = at.lastIndexOf('transformSourceObjects');
  const path = items > 0 ? at.slice(0, items) : at;
  const span = ctx.doc ? spanForPath(ctx.text, ctx.doc, at) : null;
  ctx.problems.push({ code, severity, path, message, ...(span ? { span } : {}) });
}
