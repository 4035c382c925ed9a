// Diagnostics linking contract properties to source columns: unknown, renamed or dropped columns, type and null misfits.
import { Document } from 'yaml';
import { compareFlinkTypes, parseFlinkType, propertyFlinkType } from '../diff';
import { didYouMean } from '../didYouMean';
import { locate, spanForPath } from '../locate';
import { catalogNames, columnNamed } from '../sources/catalogLookup';
import { Catalog, SourceTable } from '../sources/types';
import { Problem } from '../types';
import { coalesceFix, finishRenameFix, readNewColumnFix, Rename } from './renameFixes';
import { ColumnRef, PropertySources, streamCustom } from './resolve';

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
  problems.push(...transitionProblems(text, doc, s));
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
    const rename: Rename = { table, from: missing.columnName, to: history.to };
    const message = `Column \`${missing.columnName}\` of \`${table.names[0] ?? table.name}\` was renamed to \`${history.to}\` (${history.file}); the contract still reads the old name.`;
    const coalesce = coalesceFix(text, doc, s, rename);
    return { code: 'source-column-renamed', severity: 'error', message, span: ref.span, fixes: [readNewColumnFix(text, s, rename), ...(coalesce ? [coalesce] : [])] };
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

/**
 * A property that reads a renamed column under its old and its new name (both listed in transformSourceObjects): the
 * job declares the old column too, so events written before the rename still fill the field. One note per rename
 * says so and how it ends, with the fix that ends it.
 */
function transitionProblems(text: string, doc: Document, s: PropertySources): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const ref of s.refs) {
    const former = ref.column?.renamedTo !== undefined ? ref.column : undefined;
    if (!former || !ref.table) continue;
    const key = `${ref.table.names[0]}\u0000${former.name.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rename: Rename = { table: ref.table, from: former.name, to: former.renamedTo! };
    const [from, to] = [`\`${former.name}\``, `\`${former.renamedTo}\``];
    const file = former.file.split(/[\\/]/).pop() ?? former.file;
    const logic = typeof s.property.transformLogic === 'string';
    const finish = finishRenameFix(text, doc, s, rename);
    out.push({
      code: 'source-rename-transition',
      severity: 'info',
      message:
        `Column ${from} of \`${ref.table.names[0] ?? ref.table.name}\` was renamed to ${to} (${file}); the property reads both during the transition: ` +
        `the job's source table declares ${from} (nullable ${former.flinkType || former.declaredType}) beside ${to}${logic ? '' : `, and the job reads COALESCE(${from}, ${to})`}. ` +
        `Once no event carries ${from} (after the job has been restarted from a savepoint and the topic's retention of old-column events has passed), ` +
        `finish the rename: drop ${from} from transformSourceObjects${logic ? ' and the transformLogic' : ''}.`,
      span: ref.span,
      ...(finish ? { fixes: [finish] } : {}),
    });
  }
  return out;
}

/** A property read straight from one column: the column's type must fit, and a required property needs a non-null source. */
function fitProblems(text: string, doc: Document, s: PropertySources, name: string): Problem[] {
  const out: Problem[] = [];
  const read = s.refs.filter((r) => r.column);
  const logic = typeof s.property.transformLogic === 'string' ? s.property.transformLogic : undefined;
  // without a transformLogic, a rename in transition is read as COALESCE(old, new): the new column is the source
  const inTransition = (r: ColumnRef) => r.column!.renamedTo !== undefined && read.some((n) => n.table === r.table && n.column!.name.toLowerCase() === r.column!.renamedTo!.toLowerCase());
  const columns = logic ? read : read.filter((r) => !inTransition(r));
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

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
