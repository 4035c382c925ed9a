// Diagnostics linking contract properties to source columns: unknown, renamed or dropped columns, type and null misfits.
import { Document } from 'yaml';
import { compareFlinkTypes, parseFlinkType, propertyFlinkType } from '../diff';
import { didYouMean } from '../didYouMean';
import { locate, spanForPath } from '../locate';
import { catalogNames, columnNamed } from '../sources/catalogLookup';
import { Catalog, SourceTable } from '../sources/types';
import { Fix, Problem } from '../types';
import { ColumnRef, PropertySources } from './resolve';

const NULL_GUARDS = /\b(COALESCE|IFNULL|NVL|CASE)\b/i;

/** The problems of one property's links: unknown, renamed or dropped columns, invalid expressions, type and null misfits. */
export function propertyProblems(text: string, doc: Document, s: PropertySources, catalog: Catalog): Problem[] {
  const problems: Problem[] = [];
  if (catalog.tables.length === 0) return problems; // nothing declared: nothing to judge against
  const name = typeof s.property.name === 'string' ? s.property.name : 'property';
  for (const e of s.expressionErrors) problems.push({ code: 'source-invalid-expression', severity: 'error', message: `\`transformLogic\` of \`${name}\` is not a valid Flink SQL expression: ${e.message}`, span: e.span });
  for (const ref of s.refs) {
    const p = refProblem(text, doc, s, ref, catalog);
    if (p) problems.push(p);
  }
  problems.push(...fitProblems(text, doc, s, name));
  return problems;
}

function refProblem(text: string, doc: Document, s: PropertySources, ref: ColumnRef, catalog: Catalog): Problem | undefined {
  const missing = ref.missing;
  if (!missing) return undefined;
  const table = missing.table;
  if (!table) {
    const hint = missing.tableName ? didYouMean(missing.tableName, catalogNames(catalog)) : '';
    return { code: 'source-unknown-table', severity: 'warning', message: `No source table \`${missing.tableName}\` is declared in the workspace's .sql files${hint}.`, span: ref.span };
  }
  const history = followColumn(table, missing.columnName);
  if (history.kind === 'renamed') {
    const alsoNew = s.refs.some((r) => r.column?.name.toLowerCase() === history.to.toLowerCase());
    const message = `Column \`${missing.columnName}\` of \`${table.names[0] ?? table.name}\` was renamed to \`${history.to}\` (${history.file}); ${alsoNew ? 'the property reads both during the transition.' : 'the contract still reads the old name.'}`;
    return { code: 'source-column-renamed', severity: alsoNew ? 'info' : 'error', message, span: ref.span, fixes: alsoNew ? undefined : renameFixes(text, doc, s, ref, missing.columnName, history.to) };
  }
  if (history.kind === 'dropped') {
    return { code: 'source-column-dropped', severity: 'error', message: `Column \`${missing.columnName}\` was dropped from \`${table.names[0] ?? table.name}\` (${history.file}): the property has no source any more.`, span: ref.span };
  }
  const hint = didYouMean(missing.columnName, table.columns.map((c) => c.name));
  return { code: 'source-unknown-column', severity: 'error', message: `Table \`${table.names[0] ?? table.name}\` has no column \`${missing.columnName}\`${hint}.`, span: ref.span };
}

type History = { kind: 'renamed'; to: string; file: string } | { kind: 'dropped'; file: string } | { kind: 'none' };

/** Follows a column name through the table's ALTER TABLE history: renamed (to its latest name) or dropped. */
function followColumn(table: SourceTable, column: string): History {
  let name = column.toLowerCase();
  let renamedTo: string | undefined;
  let file = '';
  for (const change of table.changes) {
    if (change.column.toLowerCase() !== name) continue;
    if (change.kind === 'renamed' && change.to) {
      renamedTo = change.to;
      name = change.to.toLowerCase();
      file = change.file;
    } else if (change.kind === 'dropped') {
      return { kind: 'dropped', file: change.file };
    }
  }
  const exists = renamedTo && columnNamed(table, name) !== undefined;
  return exists ? { kind: 'renamed', to: renamedTo!, file: file.split(/[\\/]/).pop() ?? file } : { kind: 'none' };
}

/** Follow the rename while the public field keeps its name: read the new column, or both while old events drain. */
function renameFixes(text: string, doc: Document, s: PropertySources, ref: ColumnRef, from: string, to: string): Fix[] {
  const written = text.slice(ref.span.start, ref.span.end);
  const replaced = written.replace(new RegExp(`${escape(from)}(?![\\w])`, 'i'), to);
  const fixes: Fix[] = [{ title: `Read from the renamed column \`${to}\``, edits: [{ span: ref.span, newText: replaced }], preferred: true }];
  if (typeof s.property.transformLogic !== 'string') {
    const anchor = locate(doc, [...s.path, 'transformSourceObjects']).pair;
    const keyStart = (anchor?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
    if (keyStart !== undefined) {
      const column = keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1);
      fixes.push({
        title: `Read COALESCE(\`${from}\`, \`${to}\`) while a running job still sees the old column`,
        edits: [{ span: { start: keyStart, end: keyStart }, newText: `transformLogic: COALESCE(\`${from}\`, \`${to}\`)\n${' '.repeat(column)}` }],
      });
    }
  }
  return fixes;
}

/** A property read straight from one column: the column's type must fit, and a required property needs a non-null source. */
function fitProblems(text: string, doc: Document, s: PropertySources, name: string): Problem[] {
  const out: Problem[] = [];
  const columns = s.refs.filter((r) => r.column);
  const logic = typeof s.property.transformLogic === 'string' ? s.property.transformLogic : undefined;
  if (!logic && columns.length === 1) {
    const source = parseFlinkType(columns[0].column!.flinkType);
    const target = propertyFlinkType(s.property);
    if (source && target.type) {
      const verdict = compareFlinkTypes(source, target.type, true);
      if (verdict === 'narrowed' || verdict === 'incompatible') {
        out.push({
          code: 'source-type-mismatch',
          severity: 'warning',
          message: `\`${name}\` is ${target.text} but its source column \`${columns[0].column!.name}\` is ${columns[0].column!.flinkType}: values may not fit. Add a \`transformLogic\` that converts it (e.g. a CAST), or change the property's type.`,
          span: columns[0].span,
        });
      }
    }
  }
  const filter = streamCustom(s.stream, 'flinkFilter');
  // a stream filtering `col IS NOT NULL` only ever reads non-null values of it
  // a blank name would let `\s+` and the name read the same spaces (and retry at each)
  const filtered = (name: string) => typeof filter === 'string' && name.trim() !== '' && new RegExp(`(^|[^\\w])\`?${escape(name)}\`?\\s+IS\\s+NOT\\s+NULL\\b`, 'i').test(filter);
  const nullable = columns.filter((r) => r.column!.nullable && !filtered(r.column!.name));
  if (s.property.required === true && nullable.length > 0 && !(logic && NULL_GUARDS.test(logic))) {
    const required = locate(doc, [...s.path, 'required']).node;
    out.push({
      code: 'source-nullable-required',
      severity: 'warning',
      message: `\`${name}\` is required but its source column \`${nullable[0].column!.name}\` may be NULL: wrap it in COALESCE(\`${nullable[0].column!.name}\`, <default>) or filter the rows out.`,
      span: required?.range ? { start: required.range[0], end: required.range[1] } : nullable[0].span,
    });
  }
  if (streamCustom(s.stream, 'flinkSource') !== undefined && s.refs.length === 0 && !logic) {
    out.push({ code: 'source-unfed-property', severity: 'warning', message: `Nothing feeds \`${name}\`: give it \`transformSourceObjects\` (the column it is read from) or a \`transformLogic\`.`, span: spanForPath(text, doc, [...s.path, 'name']) });
  }
  return out;
}

function streamCustom(stream: Record<string, unknown>, name: string): unknown {
  const custom = Array.isArray(stream.customProperties) ? stream.customProperties : [];
  const entry = custom.find((c) => typeof c === 'object' && c !== null && (c as { property?: unknown }).property === name) as { value?: unknown } | undefined;
  return entry ? (entry.value ?? null) : undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
