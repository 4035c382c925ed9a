// Quick fixes for a renamed source column: read the new column, read both while old events drain, finish the rename.
import { Document, isSeq, Node, YAMLSeq } from 'yaml';
import { locate } from '../locate';
import { mapSpan, scalarOffsetMap } from '../scalarOffsets';
import { expressionColumns } from '../sources/expressions';
import { lex } from '../sources/grammarGaps';
import { SourceTable } from '../sources/types';
import { Edit, Fix, Span } from '../types';
import { ColumnRef, PropertySources } from './resolve';

/** The rename as the fixes see it: the table, its old column name and the column's current name. */
export interface Rename {
  table: SourceTable;
  from: string;
  to: string;
}

/** Whether a reference of the property reads the rename's old name (unresolved, or its former column). */
function readsOld(ref: ColumnRef, r: Rename): boolean {
  const from = r.from.toLowerCase();
  if (ref.missing) return ref.missing.table === r.table && ref.missing.columnName.toLowerCase() === from;
  return ref.table === r.table && ref.column?.renamedTo !== undefined && ref.column.name.toLowerCase() === from;
}

function readsNew(ref: ColumnRef, r: Rename): boolean {
  return ref.table === r.table && !ref.column?.renamedTo && ref.column?.name.toLowerCase() === r.to.toLowerCase();
}

/**
 * A reference with its last part renamed: `inventory.customers.fname` → `inventory.customers.first_name`,
 * `` `c`.`fname` `` → `` `c`.`first_name` ``. The last occurrence of the old name is the column's.
 */
export function renamedRef(written: string, from: string, to: string): string {
  const at = written.toLowerCase().lastIndexOf(from.toLowerCase());
  return at < 0 ? written : written.slice(0, at) + to + written.slice(at + from.length);
}

/** The property's old-name references, everywhere it reads them, made to read the new column. */
export function readNewColumnFix(text: string, s: PropertySources, r: Rename): Fix {
  const edits = s.refs.filter((ref) => readsOld(ref, r)).map((ref) => ({ span: ref.span, newText: renamedRef(text.slice(ref.span.start, ref.span.end), r.from, r.to) }));
  return { title: `Read from the renamed column \`${r.to}\``, edits, preferred: true };
}

/**
 * The transition: `transformSourceObjects` lists the old and the new column, and the property reads
 * COALESCE(old, new): the old column's value in events written before the rename, the new one's after it.
 */
export function coalesceFix(text: string, doc: Document, s: PropertySources, r: Rename): Fix | undefined {
  const edits: Edit[] = [];
  const objectsPath = [...s.path, 'transformSourceObjects'];
  const objects = locate(doc, objectsPath);
  const listed = s.refs.filter((ref) => ref.via === 'transformSourceObjects');
  const oldEntry = listed.find((ref) => readsOld(ref, r));
  const newEntry = (written: string) => renamedRef(written, r.from, r.to);
  if (oldEntry && !listed.some((ref) => readsNew(ref, r))) {
    const entry = appendAfter(text, objects.node, oldEntry.span, [newEntry(text.slice(oldEntry.span.start, oldEntry.span.end))]);
    if (!entry) return undefined;
    edits.push(entry);
  } else if (!oldEntry) {
    // the old column is read only in transformLogic: both are listed, named as the catalog names the table
    const entries = [`${r.table.names[0]}.${r.from}`, ...(listed.some((ref) => readsNew(ref, r)) ? [] : [`${r.table.names[0]}.${r.to}`])];
    const items = isSeq(objects.node) ? (objects.node.items as Node[]) : [];
    const last = items[items.length - 1]?.range;
    if (last) {
      const entry = appendAfter(text, objects.node, { start: last[0], end: last[1] }, entries);
      if (!entry) return undefined;
      edits.push(entry);
    } else {
      const before = keyLine(text, doc, [...s.path, 'transformLogic']);
      if (!before || objects.pair) return undefined;
      edits.push({ span: { start: before.start, end: before.start }, newText: `transformSourceObjects: [${entries.join(', ')}]\n${before.indent}` });
    }
  }
  const logic = logicView(text, doc, s, r);
  if (!logic) {
    if (typeof s.property.transformLogic === 'string') return undefined;
    const before = keyLine(text, doc, objectsPath);
    if (!before) return undefined;
    edits.push({ span: { start: before.start, end: before.start }, newText: `transformLogic: COALESCE(\`${r.from}\`, \`${r.to}\`)\n${before.indent}` });
  } else {
    // each read of the old column reads both, unless it already does
    for (const ref of logic.oldRefs) {
      if (logic.calls.some((c) => within(ref, c.span))) continue;
      const span = mapSpan(logic.map, ref);
      const written = text.slice(span.start, span.end);
      edits.push({ span, newText: `COALESCE(${written}, ${renamedRef(written, r.from, r.to)})` });
    }
  }
  return { title: `Read COALESCE(\`${r.from}\`, \`${r.to}\`) while a job restarted from a savepoint still sees the old column`, edits };
}

/**
 * The end of the transition: the old column leaves `transformSourceObjects`, and the transformLogic reads the new
 * column where it read COALESCE(old, new) (a transformLogic that was only that goes, the property reads the column).
 */
export function finishRenameFix(text: string, doc: Document, s: PropertySources, r: Rename): Fix | undefined {
  const edits: Edit[] = [];
  const seq = locate(doc, [...s.path, 'transformSourceObjects']).node;
  const listed = s.refs.filter((ref) => ref.via === 'transformSourceObjects');
  for (const ref of listed) {
    if (!readsOld(ref, r)) continue;
    const removal = removeItem(text, seq, ref.span);
    if (!removal) return undefined;
    edits.push(removal);
  }
  // without its transformLogic the property reads its one listed column as it is
  const onlyNewLeft = listed.filter((ref) => !readsOld(ref, r)).length === 1;
  if (typeof s.property.transformLogic === 'string') {
    const logic = logicView(text, doc, s, r);
    if (!logic) return undefined;
    const { map, calls, expression } = logic;
    const whole = calls.find((c) => expression.slice(0, c.span.start).trim() === '' && expression.slice(c.span.end).trim() === '');
    const line = whole && onlyNewLeft ? pairLines(text, doc, [...s.path, 'transformLogic']) : undefined;
    if (line) {
      edits.push({ span: line, newText: '' });
    } else {
      for (const c of calls) {
        const kept = mapSpan(map, c.args[1]);
        edits.push({ span: mapSpan(map, c.span), newText: text.slice(kept.start, kept.end) });
      }
      for (const ref of logic.oldRefs) {
        if (calls.some((c) => within(ref, c.span))) continue;
        const span = mapSpan(map, ref);
        edits.push({ span, newText: renamedRef(text.slice(span.start, span.end), r.from, r.to) });
      }
    }
  }
  return { title: `Finish the rename: read only \`${r.to}\``, edits };
}

interface LogicView {
  expression: string;
  /** Offsets of the expression → offsets of the contract. */
  map: (offset: number) => number;
  /** Where the expression reads the old column (offsets in the expression). */
  oldRefs: Span[];
  /** Its `COALESCE(old, new)` calls. */
  calls: { span: Span; args: Span[] }[];
}

/** The property's transformLogic as the rename sees it; undefined without one (or when it cannot be mapped). */
function logicView(text: string, doc: Document, s: PropertySources, r: Rename): LogicView | undefined {
  const expression = s.property.transformLogic;
  if (typeof expression !== 'string') return undefined;
  const map = scalarOffsetMap(text, locate(doc, [...s.path, 'transformLogic']).node);
  if (!map) return undefined;
  const { refs } = expressionColumns(expression);
  const named = (name: string) => refs.filter((x) => x.name.toLowerCase() === name.toLowerCase()).map((x) => x.span);
  const [oldRefs, newRefs] = [named(r.from), named(r.to)];
  const same = (a: Span) => (b: Span) => a.start === b.start && a.end === b.end;
  const calls = coalesceCalls(expression).filter((c) => oldRefs.some(same(c.args[0])) && newRefs.some(same(c.args[1])));
  return { expression, map, oldRefs, calls };
}

function within(span: Span, outer: Span): boolean {
  return span.start >= outer.start && span.end <= outer.end;
}

/** `COALESCE(a, b)` calls of an expression with exactly two arguments: the call's span and each argument's. */
function coalesceCalls(logic: string): { span: Span; args: Span[] }[] {
  const tokens = lex(logic);
  const out: { span: Span; args: Span[] }[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (tokens[i].upper !== 'COALESCE' || tokens[i + 1].text !== '(') continue;
    const args: Span[] = [];
    let depth = 0;
    let first = -1;
    let k = i + 1;
    for (; k < tokens.length; k++) {
      const t = tokens[k].text;
      if (t === '(' && depth++ === 0) continue;
      if (t === ')' && --depth === 0) break;
      if (t === '(') continue;
      if (depth === 1 && t === ',') {
        if (first >= 0) args.push({ start: tokens[first].start, end: tokens[k - 1].end });
        first = -1;
        continue;
      }
      if (first < 0) first = k;
    }
    if (k >= tokens.length) break;
    if (first >= 0) args.push({ start: tokens[first].start, end: tokens[k - 1].end });
    if (args.length === 2) out.push({ span: { start: tokens[i].start, end: tokens[k].end }, args });
  }
  return out;
}

/** Where a new key goes before the key at `path`: the start of that key, and its line's indentation. */
function keyLine(text: string, doc: Document, path: (string | number)[]): { start: number; indent: string } | undefined {
  const key = locate(doc, path).pair?.key as Node | undefined;
  const start = key?.range?.[0];
  if (start === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  // after `- ` (the property's first key) the new key takes the dash's place in the list: indent it as the key
  return { start, indent: ' '.repeat(before.length) };
}

/** The lines a `key: value` pair takes, when it has them to itself (its key starts its line). */
function pairLines(text: string, doc: Document, path: (string | number)[]): Span | undefined {
  const located = locate(doc, path);
  const start = (located.pair?.key as Node | undefined)?.range?.[0];
  const valueEnd = located.node?.range?.[1];
  if (start === undefined || valueEnd === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(lineStart, start).trim() !== '') return undefined;
  const end = valueEnd > 0 && text[valueEnd - 1] === '\n' ? valueEnd : lineEndAfter(text, valueEnd);
  return { start: lineStart, end };
}

function lineEndAfter(text: string, offset: number): number {
  const at = text.indexOf('\n', offset);
  return at < 0 ? text.length : at + 1;
}

/** Entries inserted after the list item at `span`: `, entry` in a flow list, a `- entry` line each in a block list. */
function appendAfter(text: string, list: Node | null, span: Span, entries: string[]): Edit | undefined {
  if (!isSeq(list)) return undefined;
  if ((list as YAMLSeq).flow) return { span: { start: span.end, end: span.end }, newText: entries.map((e) => `, ${e}`).join('') };
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const dash = text.slice(lineStart, span.start);
  if (!/^[ ]*-[ ]+$/.test(dash)) return undefined;
  return { span: { start: span.end, end: span.end }, newText: entries.map((e) => `\n${dash}${e}`).join('') };
}

/** The list item at `span` taken out: with its separator in a flow list, its whole line in a block list. */
function removeItem(text: string, list: Node | null, span: Span): Edit | undefined {
  if (!isSeq(list)) return undefined;
  const items = list.items as Node[];
  const k = items.findIndex((item) => item?.range?.[0] === span.start);
  if (k < 0 || items.length < 2) return undefined;
  if ((list as YAMLSeq).flow) {
    const next = items[k + 1]?.range;
    const previous = items[k - 1]?.range;
    if (next) return { span: { start: span.start, end: next[0] }, newText: '' };
    return previous ? { span: { start: previous[1], end: span.end }, newText: '' } : undefined;
  }
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  if (!/^[ ]*-[ ]+$/.test(text.slice(lineStart, span.start))) return undefined;
  return { span: { start: lineStart, end: lineEndAfter(text, span.end) }, newText: '' };
}
