// Works out where the cursor is in the contract's structure (which key or value is being typed), even mid-edit.
import { isMap, isPair, isScalar, isSeq, Node, parseDocument } from 'yaml';
import { LineIndex } from './lineIndex';
import { ParsedYaml } from './parse';
import { Path, Span } from './types';
import { withLineFeeds } from './yamlDocuments';
import { estimateNesting, MAX_ESTIMATED_DEPTH } from './yamlNesting';

const MARK = '__streamcontract_cursor__';

export interface CursorContext {
  /** `key`: a key is being typed in the mapping at `path`; `value`: the value of the key that ends `path`. */
  kind: 'key' | 'value';
  path: Path;
  /** The text being typed so far, and the span a completion replaces. */
  prefix: string;
  replace: Span;
  /** True when the key is typed after `- `, i.e. it starts a new list item. */
  newItem: boolean;
  /** Indentation of the key (column). */
  column: number;
  /** Columns between the line's own indentation and the key (the `- ` markers): editors indent continuation lines by the former. */
  itemIndent: number;
  /** The document with the cursor line completed, parsed; its value at `path`'s parent gives the siblings. */
  value: unknown;
}

/**
 * The line under the cursor is rewritten with a marker (`prefix__mark__:` for a key, `key: __mark__` for a
 * value) and parsed again, so YAML itself says where the marker sits in the tree. With the editor's parse of the
 * same text (`parsed`), only the list item around the cursor is parsed again (a property of a large contract),
 * and the rest of the tree comes from that parse.
 */
export function cursorContext(text: string, offset: number, parsed?: ParsedYaml | null): CursorContext | undefined {
  const index = new LineIndex(text);
  const { line, character } = index.positionAt(offset);
  const lineStart = index.lineStart(line);
  const lineEnd = index.lineEnd(line);
  const before = text.slice(lineStart, lineStart + character);
  const after = text.slice(lineStart + character, lineEnd);
  const wordAfter = /^[\w.$-]*/.exec(after)![0];

  const valueMatch = /^(\s*(?:-\s+)*)([^\s:#'"{}[\],&*!|>%@`-][^:#]*?|"[^"]*"|'[^']*'):\s+(?:(['"])([^'"#]*)|([^'"#\s][^'"#]*))?$/.exec(before);
  const keyMatch = /^(\s*)((?:-\s+)*)([\w.$-]*)$/.exec(before);
  let kind: 'key' | 'value';
  let prefix: string;
  let rewritten: string;
  let newItem = false;
  let column: number;
  let itemIndent = 0;
  if (valueMatch && !/[{}[\]]/.test(before)) {
    kind = 'value';
    // the value after `:` and its spaces: quoted (group 3 and 4) or plain (group 5); the space run is matched once
    prefix = valueMatch[4] ?? valueMatch[5] ?? '';
    const quote = valueMatch[3] ?? '';
    rewritten = `${before.slice(0, before.length - prefix.length - quote.length)}${MARK}`;
    column = valueMatch[1].length;
  } else if (keyMatch) {
    kind = 'key';
    prefix = keyMatch[3];
    newItem = keyMatch[2].length > 0;
    itemIndent = keyMatch[2].length;
    column = keyMatch[1].length + keyMatch[2].length;
    rewritten = `${before.slice(0, before.length - prefix.length)}${MARK}:`;
  } else {
    return undefined;
  }
  const replace = { start: lineStart + character - prefix.length, end: lineStart + character + wordAfter.length };
  const base = { kind, prefix, replace, newItem, column, itemIndent };
  const item = parsed?.text === text && parsed.analysable ? itemAround(parsed, lineStart, lineEnd) : undefined;
  if (item) {
    const chunk = text.slice(item.start, lineStart) + rewritten + text.slice(lineEnd, item.end);
    const local = markerIn(chunk, kind);
    // the marker in the item's own list: [k, ...] is item `index + k` of the list in the whole document
    if (local && typeof local.path[0] === 'number' && Array.isArray(local.value)) {
      const path = [...item.listPath, item.index + local.path[0], ...local.path.slice(1)];
      return { ...base, path, value: spliced(parsed!.value, item.listPath, item.index, local.value) };
    }
  }
  const patched = text.slice(0, lineStart) + rewritten + text.slice(lineEnd);
  const whole = markerIn(patched, kind);
  return whole ? { ...base, path: whole.path, value: whole.value } : undefined;
}

/** Parses text with the marker in it: where the marker sits, and the plain value (undefined when it has none). */
function markerIn(patched: string, kind: 'key' | 'value'): { path: Path; value: unknown } | undefined {
  // the parser would exhaust its stack or memory on hostile nesting (analysis reports it as yaml-too-deep)
  if (estimateNesting(patched, MAX_ESTIMATED_DEPTH) > MAX_ESTIMATED_DEPTH) return undefined;
  let doc;
  try {
    doc = parseDocument(withLineFeeds(patched), { prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
  } catch {
    return undefined;
  }
  const found = findMarker(doc.contents as Node | null, kind);
  if (!found) return undefined;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 200 });
  } catch {
    value = undefined;
  }
  return { path: found, value };
}

/**
 * The innermost list item whose lines hold the cursor's line: its text runs from its own line to the line where its
 * next sibling starts (the last item: to its end). Undefined when the line is outside every list item.
 */
function itemAround(parsed: ParsedYaml, lineStart: number, lineEnd: number): { listPath: Path; index: number; start: number; end: number } | undefined {
  const text = parsed.text;
  const lineOf = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  let node: unknown = parsed.doc?.contents;
  const path: (string | number)[] = [];
  let best: { listPath: Path; index: number; start: number; end: number } | undefined;
  for (let depth = 0; depth < 64; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p, i) => {
        const start = (p.key as Node | null)?.range?.[0];
        const next = (node as { items: { key: unknown }[] }).items[i + 1]?.key as Node | undefined;
        const end = next?.range ? lineOf(next.range[0]) : ((p.value as Node | null)?.range?.[2] ?? -1);
        return start !== undefined && lineOf(start) <= lineStart && lineEnd <= end;
      });
      if (!pair || !isScalar(pair.key)) break;
      path.push(String(pair.key.value));
      node = pair.value;
    } else if (isSeq(node)) {
      const items = node.items as (Node | null)[];
      const index = items.findIndex((item, i) => {
        const next = items[i + 1];
        const start = item?.range ? lineOf(item.range[0]) : -1;
        const end = next?.range ? lineOf(next.range[0]) : (item?.range?.[2] ?? -1);
        return start >= 0 && start <= lineStart && lineEnd <= end;
      });
      if (index < 0) break;
      const item = items[index]!;
      const next = items[index + 1];
      best = { listPath: [...path], index, start: lineOf(item.range![0]), end: next?.range ? lineOf(next.range[0]) : item.range![2] };
      path.push(index);
      node = item;
    } else {
      break;
    }
  }
  return best;
}

/** The document's value with the list at `listPath` having `items` in place of its item `index`; the rest shared. */
function spliced(root: unknown, listPath: Path, index: number, items: unknown[]): unknown {
  const put = (value: unknown, at: number): unknown => {
    if (at === listPath.length) return Array.isArray(value) ? [...value.slice(0, index), ...items, ...value.slice(index + 1)] : value;
    const key = listPath[at];
    if (Array.isArray(value) && typeof key === 'number') return value.map((v, i) => (i === key ? put(v, at + 1) : v));
    if (typeof value === 'object' && value !== null) return { ...(value as Record<string, unknown>), [key]: put((value as Record<string, unknown>)[key], at + 1) };
    return value;
  };
  return put(root, 0);
}

/** Path of the marker: for a key, the path of the mapping holding it; for a value, the path of the value. */
function findMarker(root: Node | null, kind: 'key' | 'value'): Path | undefined {
  const stack: { node: unknown; path: Path }[] = [{ node: root, path: [] }];
  for (let guard = 0; stack.length > 0 && guard < 500000; guard++) {
    const { node, path } = stack.pop()!;
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item) || !isScalar(item.key)) continue;
        const key = String(item.key.value);
        if (kind === 'key' && key === MARK) return path;
        if (kind === 'value' && isScalar(item.value) && item.value.value === MARK) return [...path, key];
        stack.push({ node: item.value, path: [...path, key] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        if (kind === 'value' && isScalar(item) && item.value === MARK) stack.push({ node: null, path: [...path, i, MARK] });
        else stack.push({ node: item, path: [...path, i] });
      });
    } else if (node === null && path[path.length - 1] === MARK) {
      return path.slice(0, -1);
    }
  }
  return undefined;
}
