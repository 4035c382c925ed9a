// Flink DDL against the PostgreSQL DDL of the same table: columns the database no longer has, types Flink cannot hold.
import { compareFlinkTypes, parseFlinkType } from '../diff/flinkTypes';
import { CatalogProblem, SourceTable } from './types';

/**
 * For each postgres-cdc Flink table whose `schema-name.table-name` the migrations also declare: every physical column
 * must still exist there, and its Flink type must hold the database's values. Lengths and time precisions are not
 * compared (Flink CDC reads every character type as STRING, and a coarser timestamp is a deliberate choice).
 */
export function crossCheck(tables: readonly SourceTable[]): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  for (const flink of tables) {
    const tableName = flink.options['table-name'];
    if (flink.dialect !== 'flink' || flink.connector !== 'postgres-cdc' || !tableName) continue;
    const qualified = `${flink.schema ?? 'public'}.${tableName}`.toLowerCase();
    const pg = tables.find((t) => t.dialect === 'postgres' && t.names.includes(qualified));
    if (!pg || pg.incomplete) continue;
    const label = pg.names[0];
    for (const column of flink.columns) {
      if (column.kind !== 'physical') continue;
      const source = pg.columns.find((c) => c.name.toLowerCase() === column.name.toLowerCase());
      const at = { file: flink.file, span: column.span };
      if (!source) {
        problems.push({ ...at, code: 'sql-column-drift', severity: 'warning', message: `\`${label}\` has no column \`${column.name}\`${history(pg, column.name)}: the Flink table reads a column the database does not have.` });
        continue;
      }
      if (!fits(source.flinkType, column.flinkType)) {
        const where = latestTypeChange(pg, source.name) ?? base(source.file);
        problems.push({ ...at, code: 'sql-type-drift', severity: 'warning', message: `\`${column.name}\` is ${column.flinkType} here, but \`${label}.${source.name}\` is ${source.declaredType} (${source.flinkType} in Flink, ${where}): its values may not fit.` });
      }
    }
  }
  return problems;
}

function fits(database: string, flink: string): boolean {
  const from = parseFlinkType(database);
  const to = parseFlinkType(flink);
  if (!from || !to) return true;
  const strings = new Set(['char', 'varchar']);
  if (strings.has(from.kind) && strings.has(to.kind)) return true;
  if (from.kind === to.kind && (from.kind === 'time' || from.kind === 'timestamp' || from.kind === 'timestamp_ltz')) return true;
  const verdict = compareFlinkTypes(from, to, true);
  return verdict === 'same' || verdict === 'widened';
}

/** `, renamed to x in V3__rename.sql` / `, dropped in V7__x.sql`: what the migrations did to a column name. */
function history(table: SourceTable, column: string): string {
  let name = column.toLowerCase();
  let out = '';
  for (const change of table.changes) {
    if (change.column.toLowerCase() !== name) continue;
    if (change.kind === 'renamed' && change.to) {
      out = ` (renamed to \`${change.to}\` in ${base(change.file)})`;
      name = change.to.toLowerCase();
    } else if (change.kind === 'dropped') {
      return ` (dropped in ${base(change.file)})`;
    }
  }
  return out;
}

function latestTypeChange(table: SourceTable, column: string): string | undefined {
  const change = [...table.changes].reverse().find((c) => c.kind === 'retyped' && c.column.toLowerCase() === column.toLowerCase());
  return change ? base(change.file) : undefined;
}

function base(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
