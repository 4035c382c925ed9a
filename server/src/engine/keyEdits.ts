// Edits that set one key of a block mapping in contract text, keeping the author's layout, order and comments.
import { Document, isMap, isPair, isScalar, isSeq, Node, YAMLMap } from 'yaml';
import { lineEndFrom } from './lineIndex';
import { findPair, locate } from './locate';
import { Edit, Path } from './types';

/** A YAML scalar for a name or topic: plain when it reads back as the same string, else double-quoted (JSON is valid YAML). */
export function yamlScalar(value: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(value) ? value : JSON.stringify(value);
}

/** The block mapping at `path`, when there is one. */
export function blockMapAt(doc: Document, path: Path): YAMLMap | undefined {
  const node = locate(doc, path).node;
  return isMap(node) && !node.flow ? node : undefined;
}

/**
 * Sets `key: value` in the block mapping at `path`: an existing scalar value is replaced (a comment after it stays),
 * a missing key is written on its own line after the key `after` (or as the first key: `after` null or absent), at the
 * mapping's indentation.
 */
export function setKeyEdit(text: string, doc: Document, path: Path, key: string, value: string, after: string | null = 'name'): Edit | undefined {
  const map = blockMapAt(doc, path);
  if (!map) return undefined;
  const existing = findPair(map.items, key);
  const scalar = yamlScalar(value);
  if (existing) {
    const node = existing.value as Node | null;
    if (!isScalar(node) || !node.range) return undefined;
    return { span: { start: node.range[0], end: node.range[1] }, newText: scalar };
  }
  const first = map.items[0];
  const firstKey = isPair(first) ? (first.key as Node | null) : null;
  if (!firstKey?.range) return undefined;
  const column = firstKey.range[0] - (text.lastIndexOf('\n', firstKey.range[0] - 1) + 1);
  const anchor = after === null ? null : findPair(map.items, after);
  const anchorValue = anchor?.value as Node | null | undefined;
  // after a one-line value: at the end of its line (past a comment); a block value keeps its lines, so the key goes first
  if (anchorValue?.range && isScalar(anchorValue) && !text.slice(anchorValue.range[0], anchorValue.range[1]).includes('\n')) {
    const end = lineEndFrom(text, anchorValue.range[1]);
    return { span: { start: end, end }, newText: `${lineBreakOf(text)}${' '.repeat(column)}${key}: ${scalar}` };
  }
  return { span: { start: firstKey.range[0], end: firstKey.range[0] }, newText: `${key}: ${scalar}${lineBreakOf(text)}${' '.repeat(column)}` };
}

/** The text's own line break: CRLF when its first line ends with one, else LF. */
export function lineBreakOf(text: string): string {
  const end = lineEndFrom(text, 0);
  return text.charAt(end) === '\r' && text.charAt(end + 1) === '\n' ? '\r\n' : '\n';
}

/** One side of a copy: contract text and its YAML tree. */
export interface YamlText {
  text: string;
  doc: Document;
}

/**
 * Appends a copy of the block mapping at `fromPath` of another text (a registered version) to the end of the block
 * list at `listPath`, re-indented to the list's items, with `keys` set in the copy (e.g. a new name). Undefined when
 * either is missing or the list is empty (there is no item to take the layout from). `comment` goes on a line above it.
 */
export function appendCopyEdit(from: YamlText, fromPath: Path, to: YamlText, listPath: Path, keys: { key: string; value: string; after?: string | null }[] = [], comment?: string): Edit | undefined {
  const node = locate(from.doc, fromPath).node;
  const list = locate(to.doc, listPath).node;
  if (!isMap(node) || node.flow || !node.range || !isSeq(list) || list.flow || list.items.length === 0) return undefined;
  const last = list.items[list.items.length - 1] as Node;
  if (!last?.range) return undefined;
  const [start, end] = node.range;
  const inner = keys.flatMap((k) => setKeyEdit(from.text, from.doc, fromPath, k.key, k.value, k.after ?? 'name') ?? []).filter((e) => e.span.start >= start && e.span.end <= end);
  let body = from.text.slice(start, end);
  for (const e of inner.sort((a, b) => b.span.start - a.span.start)) body = body.slice(0, e.span.start - start) + e.newText + body.slice(e.span.end - start);
  const fromColumn = start - (from.text.lastIndexOf('\n', start - 1) + 1);
  const lineStart = to.text.lastIndexOf('\n', last.range[0] - 1) + 1;
  const toColumn = last.range[0] - lineStart;
  // the item's own dash and spacing when its first key is on the dash line, else a dash two columns before the keys
  const prefix = to.text.slice(lineStart, last.range[0]);
  const dash = /^ *- +$/.test(prefix) ? prefix : `${' '.repeat(Math.max(0, toColumn - 2))}- `;
  const lines = body.trimEnd().split(/\r?\n/).map((line, i) => (i === 0 ? line : reindent(line, fromColumn, toColumn)));
  const insertAt = last.range[1];
  const br = lineBreakOf(to.text);
  const before = to.text.charAt(insertAt - 1) === '\n' ? '' : br;
  const note = comment ? `${' '.repeat(dash.length - dash.trimStart().length)}# ${comment}${br}` : '';
  return { span: { start: insertAt, end: insertAt }, newText: `${before}${note}${dash}${lines.join(br)}${br}` };
}

/** A line moved from indentation `from` to `to`, its indentation relative to the block kept; blank lines stay empty. */
function reindent(line: string, from: number, to: number): string {
  if (line.trim() === '') return '';
  const indent = line.length - line.trimStart().length;
  return ' '.repeat(Math.max(0, indent - from + to)) + line.trimStart();
}
