// The outline: top-level sections, servers, streams and their (nested) properties.
import { ParsedYaml } from './parse';
import { isMap, isPair, isScalar, isSeq, Node, Pair, YAMLMap } from 'yaml';
import { Span } from './types';

export type SymbolKind = 'section' | 'field' | 'server' | 'stream' | 'property';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole entry, and the part to select (its key or name). */
  span: Span;
  selection: Span;
  children: OutlineSymbol[];
}

export function outline(parsed: ParsedYaml | null): OutlineSymbol[] {
  const text = parsed?.text ?? '';
  const root = parsed?.doc?.contents;
  if (!isMap(root)) return [];
  // node ranges run up to the next item; an entry ends where its own text does
  const trimEnd = (end: number) => {
    while (end > 0 && /\s/.test(text.charAt(end - 1))) end--;
    return end;
  };
  return root.items.flatMap((pair) => {
    if (!isPair(pair) || !isScalar(pair.key)) return [];
    const key = String(pair.key.value);
    const symbol = pairSymbol(pair, key, 'field');
    if (!symbol) return [];
    symbol.span.end = Math.max(symbol.selection.end, trimEnd(symbol.span.end));
    if (key === 'schema' && isSeq(pair.value)) {
      symbol.kind = 'section';
      symbol.children = itemSymbols(pair.value.items, 'stream', (m) => scalar(m, 'physicalName') ?? scalar(m, 'physicalType'), trimEnd);
    } else if (key === 'servers' && isSeq(pair.value)) {
      symbol.kind = 'section';
      symbol.children = itemSymbols(pair.value.items, 'server', (m) => scalar(m, 'type'), trimEnd, 'server');
    } else if (isMap(pair.value) || isSeq(pair.value)) {
      symbol.kind = 'section';
    } else {
      symbol.detail = scalar(root, key);
    }
    return [symbol];
  });
}

type Trim = (end: number) => number;

function itemSymbols(items: readonly unknown[], kind: SymbolKind, detailOf: (m: YAMLMap) => string | undefined, trimEnd: Trim, nameKey = 'name', depth = 0): OutlineSymbol[] {
  if (depth > 20) return [];
  return items.flatMap((item, i) => {
    if (!isMap(item) || !item.range) return [];
    const nameNode = item.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === nameKey) as Pair | undefined;
    const name = nameNode && isScalar(nameNode.value) ? String(nameNode.value.value) : `#${i + 1}`;
    const selection = spanOf((nameNode?.value as Node | undefined) ?? (item.items[0] as Pair | undefined)?.key as Node | undefined) ?? { start: item.range[0], end: item.range[0] };
    const symbol: OutlineSymbol = { name, detail: detailOf(item), kind, span: { start: item.range[0], end: Math.max(selection.end, trimEnd(item.range[1])) }, selection, children: [] };
    symbol.children = nestedProperties(item, depth, trimEnd);
    return [symbol];
  });
}

/** `properties` of a stream or an object property, and of the `items` of an array property. */
function nestedProperties(owner: YAMLMap, depth: number, trimEnd: Trim): OutlineSymbol[] {
  const props = owner.get('properties', true);
  const detail = (m: YAMLMap) => scalar(m, 'physicalType') ?? scalar(m, 'logicalType');
  const out = isSeq(props) ? itemSymbols(props.items, 'property', detail, trimEnd, 'name', depth + 1) : [];
  const items = owner.get('items', true);
  if (isMap(items)) out.push(...nestedProperties(items, depth + 1, trimEnd));
  return out;
}

function pairSymbol(pair: Pair, name: string, kind: SymbolKind): OutlineSymbol | undefined {
  const key = spanOf(pair.key as Node);
  if (!key) return undefined;
  const valueEnd = (pair.value as Node | null)?.range?.[1] ?? key.end;
  return { name, kind, span: { start: key.start, end: Math.max(valueEnd, key.end) }, selection: key, children: [] };
}

function scalar(map: YAMLMap, key: string): string | undefined {
  const node = map.get(key, true);
  return isScalar(node) && node.value !== null ? String(node.value) : undefined;
}

function spanOf(node: Node | null | undefined): Span | undefined {
  return node?.range ? { start: node.range[0], end: node.range[1] } : undefined;
}
