// Resolves a contract property's source references (transformSourceObjects, columns in transformLogic) in the catalog.
import { Document } from 'yaml';
import { isRecord, locate } from '../locate';
import { columnNamed, lookupColumn, lookupTable, transitionColumn } from '../sources/catalogLookup';
import { expressionColumns } from '../sources/expressions';
import { Catalog, SourceColumn, SourceTable } from '../sources/types';
import { Path, Span } from '../types';
import { fromTables } from './fromClause';
import { mapSpan, scalarOffsetMap } from '../scalarOffsets';

export interface ColumnRef {
  /** As written: `inventory.customers.fname`, `c.fname`, `fname`. */
  text: string;
  span: Span;
  via: 'transformSourceObjects' | 'transformLogic';
  table?: SourceTable;
  column?: SourceColumn;
  /** The table part resolved but the column is not there (or the table is unknown): what was looked up. */
  missing?: { table?: SourceTable; tableName?: string; columnName: string };
}

export interface PropertySources {
  path: Path;
  property: Record<string, unknown>;
  stream: Record<string, unknown>;
  refs: ColumnRef[];
  /** transformLogic problems from the grammar, already located in the contract. */
  expressionErrors: { message: string; span: Span }[];
}

/** One property to resolve: where it is, and the stream it belongs to with the tables its `flinkSource` names. */
export interface PropertySite {
  stream: Record<string, unknown>;
  property: Record<string, unknown>;
  path: Path;
  streamTables: Map<string, SourceTable>;
  /** The stream's `flinkSource` and `flinkFilter` as written: what, besides the property itself, its lineage reads. */
  streamKey: string;
}

/** Every property of every stream (nested properties included), in document order. */
export function propertySites(value: Record<string, unknown>, catalog: Catalog): PropertySite[] {
  const out: PropertySite[] = [];
  const streams = Array.isArray(value.schema) ? value.schema : [];
  streams.forEach((stream, i) => {
    if (!isRecord(stream)) return;
    const streamTables = streamSourceTables(stream, catalog);
    const streamKey = `${i}\u0000${String(streamCustom(stream, 'flinkSource'))}\u0000${String(streamCustom(stream, 'flinkFilter'))}`;
    const visit = (list: unknown, path: Path, depth: number) => {
      if (!Array.isArray(list) || depth > 10) return;
      list.forEach((property, j) => {
        if (!isRecord(property)) return;
        const here = [...path, j];
        out.push({ stream, property, path: here, streamTables, streamKey });
        visit(property.properties, [...here, 'properties'], depth + 1);
      });
    };
    visit(stream.properties, ['schema', i, 'properties'], 0);
  });
  return out;
}

/** A stream's custom property: its value, null when it has none, undefined when the stream does not set it. */
export function streamCustom(stream: Record<string, unknown>, name: string): unknown {
  const custom = Array.isArray(stream.customProperties) ? stream.customProperties : [];
  const entry = custom.find((c) => isRecord(c) && c.property === name);
  return isRecord(entry) ? (entry.value ?? null) : undefined;
}

/** Tables named in the stream's `flinkSource`, keyed by alias and by name. */
function streamSourceTables(stream: Record<string, unknown>, catalog: Catalog): Map<string, SourceTable> {
  const tables = new Map<string, SourceTable>();
  const source = streamCustom(stream, 'flinkSource');
  if (typeof source !== 'string') return tables;
  for (const t of fromTables(source)) {
    const table = lookupTable(catalog, t.name);
    if (!table) continue;
    tables.set(t.name.toLowerCase(), table);
    tables.set(t.name.split('.').pop()!.toLowerCase(), table);
    if (t.alias) tables.set(t.alias.toLowerCase(), table);
  }
  return tables;
}

/** The references of one property, resolved in the catalog and located in the text. */
export function resolveProperty(text: string, doc: Document, site: PropertySite, catalog: Catalog): PropertySources {
  const { stream, property, path, streamTables } = site;
  const result: PropertySources = { path, property, stream, refs: [], expressionErrors: [] };
  const objects = Array.isArray(property.transformSourceObjects) ? property.transformSourceObjects : [];
  objects.forEach((entry, k) => {
    if (typeof entry !== 'string') return;
    const node = locate(doc, [...path, 'transformSourceObjects', k]).node;
    const span = node?.range ? { start: node.range[0], end: node.range[1] } : { start: 0, end: 0 };
    result.refs.push(resolveObject(entry, span, catalog));
  });
  // an old column name that a migration renamed reads its former column while the property lists the new name too
  const listed = (table: SourceTable) => result.refs.filter((r) => r.table === table).map((r) => r.column?.name ?? r.missing?.columnName ?? '');
  const transition = (table: SourceTable, name: string) => transitionColumn(table, name, listed(table));
  for (const ref of result.refs) {
    const column = ref.missing?.table && transition(ref.missing.table, ref.missing.columnName);
    if (!column) continue;
    ref.column = column;
    delete ref.missing;
  }
  const propertyTables = result.refs.map((r) => r.table).filter((t): t is SourceTable => !!t);
  if (typeof property.transformLogic === 'string') {
    const node = locate(doc, [...path, 'transformLogic']).node;
    const map = scalarOffsetMap(text, node);
    const { refs, errors } = expressionColumns(property.transformLogic);
    for (const e of errors) if (map && !(e as { grammarGap?: boolean }).grammarGap) result.expressionErrors.push({ message: e.message, span: mapSpan(map, e.span) });
    for (const ref of refs) {
      const span = map ? mapSpan(map, ref.span) : { start: 0, end: 0 };
      const written = ref.qualifier ? `${ref.qualifier}.${ref.name}` : ref.name;
      result.refs.push({ ...resolveColumn(ref.name, ref.qualifier, propertyTables, streamTables, catalog, transition), text: written, span, via: 'transformLogic' });
    }
  }
  return result;
}

/** `schema.table.column`, `table.column`, or just a table. */
function resolveObject(entry: string, span: Span, catalog: Catalog): ColumnRef {
  const base = { text: entry, span, via: 'transformSourceObjects' as const };
  const found = lookupColumn(catalog, entry);
  if (found) return { ...base, table: found.table, column: found.column };
  const asTable = lookupTable(catalog, entry);
  if (asTable) return { ...base, table: asTable };
  const dot = entry.lastIndexOf('.');
  if (dot < 0) return { ...base, missing: { tableName: entry, columnName: '' } };
  const tableName = entry.slice(0, dot);
  const table = lookupTable(catalog, tableName);
  return { ...base, ...(table ? { table } : {}), missing: { table, tableName, columnName: entry.slice(dot + 1) } };
}

function resolveColumn(
  name: string,
  qualifier: string | undefined,
  propertyTables: SourceTable[],
  streamTables: Map<string, SourceTable>,
  catalog: Catalog,
  transition: (table: SourceTable, name: string) => SourceColumn | undefined,
): Omit<ColumnRef, 'text' | 'span' | 'via'> {
  const candidates: SourceTable[] = [];
  if (qualifier) {
    const table = streamTables.get(qualifier.toLowerCase()) ?? lookupTable(catalog, qualifier);
    if (table) candidates.push(table);
    else return { missing: { tableName: qualifier, columnName: name } };
  } else {
    candidates.push(...propertyTables, ...new Set(streamTables.values()));
  }
  for (const table of candidates) {
    const column = columnNamed(table, name);
    if (column) return { table, column };
  }
  for (const table of candidates) {
    const column = transition(table, name);
    if (column) return { table, column };
  }
  // no table to look in: the reference cannot be judged (e.g. no sources in the workspace)
  if (candidates.length === 0) return {};
  return { table: candidates[0], missing: { table: candidates[0], columnName: name } };
}
