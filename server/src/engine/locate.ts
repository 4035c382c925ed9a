// Finds the YAML nodes behind a value path and the exact spans a problem should underline.
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node, Pair } from 'yaml';
import { Path, Span } from './types';

export interface Located {
  /** The node at the path (null when the path does not exist in the document). */
  node: Node | null;
  /** The pair whose value is the node, when the last segment is a map key. */
  pair: Pair | null;
  /** The deepest node that does exist along the path, and its path. */
  nearest: Node | null;
  nearestPair: Pair | null;
  nearestPath: Path;
}

export function locate(doc: Document, path: Path): Located {
  let node: unknown = doc.contents;
  let pair: Pair | null = null;
  const result: Located = { node: null, pair: null, nearest: node as Node | null, nearestPair: null, nearestPath: [] };
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    let next: unknown;
    let nextPair: Pair | null = null;
    if (isMap(node)) {
      nextPair = findPair(node.items, String(seg));
      next = nextPair?.value ?? undefined;
      if (nextPair && next === null) next = undefined;
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg];
    }
    if (next === undefined && nextPair) {
      // `key:` with no value: the pair exists, its value is empty
      result.nearestPair = nextPair;
      result.nearestPath = path.slice(0, i + 1);
      if (i === path.length - 1) result.pair = nextPair;
      return result;
    }
    if (next === undefined || next === null) return result;
    node = next;
    pair = nextPair;
    result.nearest = node as Node;
    result.nearestPair = pair;
    result.nearestPath = path.slice(0, i + 1);
  }
  result.node = node as Node;
  result.pair = pair;
  return result;
}

export function findPair(items: readonly unknown[], key: string): Pair | null {
  for (const item of items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item as Pair;
  }
  return null;
}

export function spanOf(node: { range?: [number, number, number] | null } | null | undefined): Span | null {
  if (!node?.range) return null;
  return { start: node.range[0], end: node.range[1] };
}

/** The span of the key of a pair. */
export function keySpan(pair: Pair | null): Span | null {
  return pair ? spanOf(pair.key as Node) : null;
}

/** Where a problem about a value belongs: the value itself when it is small, else its key. */
export function valueSpan(text: string, located: Located): Span | null {
  const node = located.node;
  if (node && (isScalar(node) || isAlias(node))) return spanOf(node);
  const span = spanOf(node);
  if (span && !text.slice(span.start, span.end).includes('\n')) return span;
  return keySpan(located.pair) ?? firstLine(text, span);
}

/** Where a problem about an object belongs (e.g. a missing key): its key, else its first line. */
export function ownerSpan(text: string, doc: Document, path: Path): Span {
  const located = locate(doc, path);
  const key = keySpan(located.pair);
  if (key) return key;
  const node = located.node;
  if (isMap(node)) {
    const first = node.items[0];
    if (isPair(first)) {
      const span = spanOf(first.key as Node);
      if (span) return span;
    }
  }
  return firstLine(text, spanOf(node)) ?? { start: 0, end: 0 };
}

/** The best span for a path that may not exist: the node's own span, else its nearest existing ancestor. */
export function spanForPath(text: string, doc: Document, path: Path, prefer: 'key' | 'value' = 'value'): Span {
  const located = locate(doc, path);
  if (located.node || located.pair) {
    if (prefer === 'key') return keySpan(located.pair) ?? valueSpan(text, located) ?? ownerSpan(text, doc, path);
    return valueSpan(text, located) ?? keySpan(located.pair) ?? ownerSpan(text, doc, path);
  }
  return ownerSpan(text, doc, located.nearestPath);
}

function firstLine(text: string, span: Span | null): Span | null {
  if (!span) return null;
  const nl = text.indexOf('\n', span.start);
  const end = nl < 0 || nl > span.end ? span.end : nl;
  return { start: span.start, end: text.charCodeAt(end - 1) === 13 ? end - 1 : end };
}

/** A readable name for the object at a path, for messages: "stream `customers`", "property `email`". */
export function describeOwner(root: unknown, path: Path): string {
  if (path.length === 0) return 'the contract';
  const value = valueAt(root, path);
  const name = isRecord(value) && typeof value.name === 'string' ? value.name : undefined;
  const parentKey = path.length >= 2 ? path[path.length - 2] : undefined;
  if (typeof path[path.length - 1] === 'number') {
    if (parentKey === 'schema' && path.length === 2) return name ? `stream \`${name}\`` : `stream #${Number(path[1]) + 1}`;
    if (parentKey === 'properties') return name ? `property \`${name}\`` : `property #${Number(path[path.length - 1]) + 1}`;
    if (parentKey === 'servers') {
      const server = isRecord(value) && typeof value.server === 'string' ? value.server : undefined;
      return server ? `server \`${server}\`` : `server #${Number(path[1]) + 1}`;
    }
  }
  const last = path[path.length - 1];
  return typeof last === 'string' ? `\`${last}\`` : `item #${last + 1} of \`${String(parentKey)}\``;
}

export function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const seg of path) {
    if (Array.isArray(value) && typeof seg === 'number') value = value[seg];
    else if (isRecord(value)) value = value[String(seg)];
    else return undefined;
  }
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parsePointer(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((seg) => {
      const decoded = seg.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^(0|[1-9]\d*)$/.test(decoded) ? Number(decoded) : decoded;
    });
}
