// Assembles the catalog from the files' statements, in file order: CREATE TABLE, then each migration's changes.
import { Span } from '../types';
import { crossCheck } from './crossCheck';
import { AlterAction, ColumnDecl, FileProblem, ParsedFile, TableDecl } from './ddl';
import { mapPostgresType } from './postgresTypes';
import { Catalog, CatalogProblem, ColumnChange, DroppedTable, SourceColumn, SourceTable } from './types';

interface Column extends Omit<SourceColumn, 'position' | 'primaryKey' | 'nullable'> {
  notNull: boolean;
}

interface Table {
  dialect: 'flink' | 'postgres';
  name: string;
  schema?: string;
  database?: string;
  path: string[];
  options: Record<string, string>;
  columns: Column[];
  primaryKey: string[];
  file: string;
  span: Span;
  statementSpan: Span;
  statement?: string;
  changes: ColumnChange[];
  incomplete: boolean;
  formerNames: string[];
  /** Renamed columns under their old names, latest rename last (see SourceTable.formerColumns). */
  formerColumns: Column[];
}

export function assemble(files: readonly { path: string; parsed: ParsedFile }[]): Catalog {
  const problems: CatalogProblem[] = [];
  const tables: Table[] = [];
  const dropped: DroppedTable[] = [];
  const enums = new Set<string>();
  for (const { parsed } of files) {
    for (const s of parsed.statements) if (s.kind === 'enum') enums.add(s.path.join('.').toLowerCase()).add(s.path[s.path.length - 1].toLowerCase());
  }
  const report = (file: string, p: FileProblem) => problems.push({ file, ...p });
  const mapType = (file: string, decl: { postgresType?: ColumnDecl['postgresType']; typeSpan: Span }) => {
    if (!decl.postgresType) return '';
    const mapped = mapPostgresType(decl.postgresType, enums);
    if (mapped.note) report(file, { code: 'sql-unmapped-type', severity: 'info', message: `${capitalize(mapped.note)}.`, span: decl.typeSpan });
    return mapped.flinkType;
  };
  const key = (t: { dialect: string; path: string[]; schema?: string }) =>
    t.dialect === 'flink' ? `flink:${t.path.join('.').toLowerCase()}` : `postgres:${(t.path.length > 1 ? t.path.slice(-2) : ['public', ...t.path]).join('.').toLowerCase()}`;

  for (const { path: file, parsed } of files) {
    for (const p of parsed.problems) report(file, p);
    for (const s of parsed.statements) {
      if (s.kind === 'create') {
        const table = createTable(s.table, parsed.dialect, file, (d) => mapType(file, d), (p) => report(file, p));
        const existing = tables.find((t) => key(t) === key(table));
        if (existing) {
          if (!s.table.ifNotExists) {
            report(file, { code: 'sql-duplicate-table', severity: 'warning', message: `Table \`${table.path.join('.')}\` is already declared ${existing.file === file ? 'above' : `in ${existing.file}`}; this declaration is ignored.`, span: s.table.nameSpan });
          }
          continue;
        }
        tables.push(table);
      } else if (s.kind === 'alter' || s.kind === 'renameTable' || s.kind === 'drop') {
        const find = (path: string[], span: Span, ifExists: boolean) => {
          const found = findPostgresTable(tables, path);
          if (!found && !ifExists) report(file, { code: 'sql-unknown-table', severity: 'warning', message: `No table \`${path.join('.')}\` is created before this statement (files are read in name order).`, span });
          return found;
        };
        if (s.kind === 'alter') {
          const table = find(s.table, s.tableSpan, s.ifExists);
          for (const action of table ? s.actions : []) applyAction(table!, action, file, (d) => mapType(file, d), (p) => report(file, p));
        } else if (s.kind === 'renameTable') {
          const table = find(s.table, s.tableSpan, s.ifExists);
          if (table) {
            table.formerNames.push(...names(table));
            table.name = s.to;
            table.path = [...table.path.slice(0, -1), s.to];
          }
        } else {
          for (const target of s.tables) {
            const table = find(target.path, target.span, s.ifExists);
            if (!table) continue;
            tables.splice(tables.indexOf(table), 1);
            dropped.push({ names: [...new Set([...names(table), ...table.formerNames])], file, span: target.span });
          }
        }
      }
    }
  }
  const finished = tables.map(finish);
  problems.push(...crossCheck(finished));
  return { tables: finished, problems, dropped };
}

function createTable(decl: TableDecl, dialect: 'flink' | 'postgres', file: string, mapType: (d: ColumnDecl) => string, report: (p: FileProblem) => void): Table {
  const name = decl.path[decl.path.length - 1];
  const table: Table = {
    dialect,
    name,
    path: decl.path,
    options: decl.options,
    columns: [],
    primaryKey: decl.primaryKey,
    file,
    span: decl.nameSpan,
    statementSpan: decl.statementSpan,
    statement: decl.statement,
    changes: [],
    incomplete: decl.incomplete,
    formerNames: [],
    formerColumns: [],
  };
  if (dialect === 'postgres') {
    if (decl.path.length > 1) table.schema = decl.path[decl.path.length - 2];
  } else {
    const plain = (v: string | undefined) => (v && /^[\w$]+$/.test(v) ? v : undefined);
    table.schema = plain(decl.options['schema-name']);
    table.database = plain(decl.options['database-name']);
  }
  for (const c of decl.columns) {
    if (table.columns.some((x) => x.name.toLowerCase() === c.name.toLowerCase())) {
      report({ code: 'sql-duplicate-column', severity: 'warning', message: `Column \`${c.name}\` is declared twice in \`${decl.path.join('.')}\`; the first one counts.`, span: c.nameSpan });
      continue;
    }
    table.columns.push(column(c, file, dialect === 'flink' ? (c.flinkType ?? '') : mapType(c)));
  }
  const unknown = table.primaryKey.filter((k) => !table.columns.some((c) => c.name.toLowerCase() === k.toLowerCase()));
  if (unknown.length > 0 && !decl.incomplete) {
    report({ code: 'sql-unknown-column', severity: 'warning', message: `The primary key names ${unknown.map((k) => `\`${k}\``).join(', ')}, which ${unknown.length > 1 ? 'are not columns' : 'is not a column'} of \`${decl.path.join('.')}\`.`, span: decl.primaryKeySpan ?? decl.nameSpan });
  }
  return table;
}

function column(c: ColumnDecl, file: string, flinkType: string): Column {
  const out: Column = { name: c.name, flinkType, declaredType: c.declaredType, notNull: c.notNull || c.primaryKey, kind: c.kind, file, span: c.nameSpan };
  if (c.metadataKey !== undefined) out.metadataKey = c.metadataKey;
  if (c.virtual !== undefined) out.virtual = c.virtual;
  if (c.expression !== undefined) out.expression = c.expression;
  return out;
}

function applyAction(table: Table, action: AlterAction, file: string, mapType: (d: { postgresType?: ColumnDecl['postgresType']; typeSpan: Span }) => string, report: (p: FileProblem) => void): void {
  const at = (name: string) => table.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
  const missing = (name: string, span: Span) =>
    report({ code: 'sql-unknown-column', severity: 'warning', message: `Table \`${table.path.join('.')}\` has no column \`${name}\` at this point.`, span });
  switch (action.kind) {
    case 'add': {
      if (at(action.column.name) >= 0) {
        if (!action.ifNotExists) report({ code: 'sql-duplicate-column', severity: 'warning', message: `Table \`${table.path.join('.')}\` already has a column \`${action.column.name}\`.`, span: action.column.nameSpan });
        return;
      }
      table.columns.push(column(action.column, file, mapType(action.column)));
      if (action.column.primaryKey) table.primaryKey = [action.column.name];
      table.changes.push({ kind: 'added', column: action.column.name, file, span: action.span });
      return;
    }
    case 'drop': {
      const i = at(action.column);
      if (i < 0) {
        if (!action.ifExists) missing(action.column, action.columnSpan);
        return;
      }
      table.changes.push({ kind: 'dropped', column: table.columns[i].name, file, span: action.span });
      table.columns.splice(i, 1);
      table.primaryKey = table.primaryKey.filter((k) => k.toLowerCase() !== action.column.toLowerCase());
      return;
    }
    case 'rename': {
      const i = at(action.column);
      if (i < 0) return missing(action.column, action.columnSpan);
      const c = table.columns[i];
      table.changes.push({ kind: 'renamed', column: c.name, to: action.to, file, span: action.span });
      // events written before the rename carry the old name, with the type it had then and no NOT NULL of its own
      table.formerColumns = table.formerColumns.filter((f) => f.name.toLowerCase() !== c.name.toLowerCase());
      table.formerColumns.push({ ...c, notNull: false, file, span: action.columnSpan, renamedTo: action.to });
      table.primaryKey = table.primaryKey.map((k) => (k.toLowerCase() === c.name.toLowerCase() ? action.to : k));
      Object.assign(c, { name: action.to, file, span: action.toSpan });
      return;
    }
    case 'retype': {
      const i = at(action.column);
      if (i < 0) return missing(action.column, action.columnSpan);
      const c = table.columns[i];
      const flinkType = mapType(action);
      table.changes.push({ kind: 'retyped', column: c.name, from: c.flinkType, to: flinkType, file, span: action.span });
      Object.assign(c, { flinkType, declaredType: action.declaredType });
      return;
    }
    case 'nullability': {
      const i = at(action.column);
      if (i < 0) return missing(action.column, action.columnSpan);
      table.columns[i].notNull = action.notNull;
      table.changes.push({ kind: 'nullability', column: table.columns[i].name, to: action.notNull ? 'NOT NULL' : 'NULL', file, span: action.span });
      return;
    }
    case 'primaryKey':
      table.primaryKey = action.columns;
      return;
  }
}

/** A PostgreSQL table by the name an ALTER or DROP uses: exact schema when given, else the unqualified name. */
function findPostgresTable(tables: Table[], path: string[]): Table | undefined {
  const pg = tables.filter((t) => t.dialect === 'postgres' && t.name.toLowerCase() === path[path.length - 1].toLowerCase());
  if (path.length > 1) {
    const schema = path[path.length - 2].toLowerCase();
    return pg.find((t) => (t.schema ?? 'public').toLowerCase() === schema);
  }
  return pg.find((t) => !t.schema || t.schema.toLowerCase() === 'public') ?? pg[0];
}

/** Every name a contract may use, most specific first for PostgreSQL (`inventory.customers`), the Flink name first for Flink. */
function names(t: Table): string[] {
  const out: string[] = [];
  if (t.dialect === 'postgres') {
    if (t.schema) out.push(`${t.schema}.${t.name}`, t.name);
    else out.push(t.name, `public.${t.name}`);
  } else {
    out.push(t.path.join('.'), t.name);
    const source = t.options['table-name'];
    if (source && /^[\w$]+$/.test(source)) {
      if (t.schema) out.push(`${t.schema}.${source}`);
      if (t.schema && t.database) out.push(`${t.database}.${t.schema}.${source}`);
      if (!t.schema && t.database) out.push(`${t.database}.${source}`);
    }
  }
  return [...new Set(out.map((n) => n.toLowerCase()))];
}

function finish(t: Table): SourceTable {
  const keys = new Set(t.primaryKey.map((k) => k.toLowerCase()));
  const primaryKey = t.primaryKey.map((k) => t.columns.find((c) => c.name.toLowerCase() === k.toLowerCase())?.name).filter((k): k is string => !!k);
  const columns: SourceColumn[] = t.columns.map(({ notNull, ...c }, i) => {
    const primary = keys.has(c.name.toLowerCase());
    return { ...c, nullable: !notNull && !primary, primaryKey: primary, position: i + 1 };
  });
  const formerColumns = formerColumnsOf(t, columns.length);
  const table: SourceTable = {
    name: t.name,
    ...(t.schema ? { schema: t.schema } : {}),
    ...(t.database ? { database: t.database } : {}),
    names: names(t),
    dialect: t.dialect,
    ...(t.options.connector ? { connector: t.options.connector } : {}),
    options: t.options,
    columns,
    primaryKey,
    file: t.file,
    span: t.span,
    statementSpan: t.statementSpan,
    ...(t.statement !== undefined ? { statement: t.statement } : {}),
    changes: t.changes,
  };
  if (t.incomplete) table.incomplete = true;
  if (t.formerNames.length > 0) table.formerNames = [...new Set(t.formerNames)];
  if (formerColumns.length > 0) table.formerColumns = formerColumns;
  return table;
}

/**
 * The old names that still lead to a column: each renamed to the column's current name (a chain of renames followed),
 * none that is a column's name again, none whose column was dropped since. Positions follow the table's columns.
 */
function formerColumnsOf(t: Table, count: number): SourceColumn[] {
  const current = (name: string) => t.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  const former = new Map(t.formerColumns.map((f) => [f.name.toLowerCase(), f]));
  const out: SourceColumn[] = [];
  for (const f of t.formerColumns) {
    if (current(f.name)) continue;
    let to = f.renamedTo!;
    const seen = new Set([f.name.toLowerCase()]);
    while (!current(to) && former.has(to.toLowerCase()) && !seen.has(to.toLowerCase())) {
      seen.add(to.toLowerCase());
      to = former.get(to.toLowerCase())!.renamedTo!;
    }
    const column = current(to);
    if (!column) continue;
    const { notNull, ...rest } = f;
    out.push({ ...rest, renamedTo: column.name, nullable: true, primaryKey: false, position: count + out.length + 1 });
  }
  return out;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
