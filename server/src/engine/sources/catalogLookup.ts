// Looks tables and columns up in a built catalog by the names contracts use (no SQL parsing here).
import { Catalog, SourceColumn, SourceTable } from './types';

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

/**
 * The renamed column a reference to `name` reads during its rename's transition: `name` is a former column of the
 * table, and `listed` (the column names the same property lists in `transformSourceObjects` for that table) holds both
 * the old and the current name. Otherwise, undefined: the old name alone is not a column any more.
 */
export function transitionColumn(table: SourceTable, name: string, listed: readonly string[]): SourceColumn | undefined {
  const former = table.formerColumns?.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!former?.renamedTo) return undefined;
  const names = new Set(listed.map((l) => l.toLowerCase()));
  return names.has(former.name.toLowerCase()) && names.has(former.renamedTo.toLowerCase()) ? former : undefined;
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
