// Works out where the cursor is in the contract's structure (which key or value is being typed), even mid-edit.
import { isMap, isPair, isScalar, isSeq, Node, parseDocument } from 'yaml';
import { LineIndex } from './lineIndex';
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
 * value) and the document parsed again, so YAML itself says where the marker sits in the tree.
 */
export function cursorContext(text: string, offset: number): CursorContext | undefined {
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
  const patched = text.slice(0, lineStart) + rewritten + text.slice(lineEnd);
  // the parser would exhaust its stack or memory on hostile nesting (analysis reports it as yaml-too-deep)
  if (estimateNesting(patched, MAX_ESTIMATED_DEPTH) > MAX_ESTIMATED_DEPTH) return undefined;
  let doc;
  try {
    doc = parseDocument(withLineFeeds(patched), { prettyErrors: false, uniqueKeys: false });
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
  return { kind, path: found, prefix, replace, newItem, column, itemIndent, value };
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
