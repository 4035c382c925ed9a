// Offers stable ids for streams and properties that lack them, so that later renames are recognised as renames.
import { isMap, isPair, isScalar, isSeq, Node, YAMLMap } from 'yaml';
import { ContractSide } from './diff/types';
import { findPair, keySpan } from './locate';
import { Edit, Problem } from './types';

/** Information on the `schema` key with one fix adding every missing id; none for ODCS 3.0, which has no stable ids. */
export function addStableIdsFix(current: ContractSide): Problem | undefined {
  const apiVersion = current.value.apiVersion;
  if (typeof apiVersion !== 'string' || !/^v3\.[1-9]/.test(apiVersion)) return undefined;
  // the common case, every stream and property with an id, is told from the plain value without walking the tree
  if (everyIdPresent(current.value.schema)) return undefined;
  const root = current.doc.contents;
  if (!isMap(root)) return undefined;
  const schemaPair = findPair(root.items, 'schema');
  if (!schemaPair || !isSeq(schemaPair.value)) return undefined;
  const used = new UniqueIds();
  collectIds(root, used);
  const edits: Edit[] = [];
  for (const stream of schemaPair.value.items) {
    if (!isMap(stream)) continue;
    const streamId = idOf(stream) ?? addId(current.text, stream, slug(nameOf(stream) ?? 'stream'), used, edits);
    const props = stream.get('properties', true);
    if (isSeq(props) && streamId) addPropertyIds(current.text, props.items, streamId, used, edits, 0);
  }
  if (edits.length === 0) return undefined;
  const span = keySpan(schemaPair) ?? { start: 0, end: 0 };
  return {
    code: 'missing-stable-id',
    severity: 'info',
    message: `${edits.length} stream(s) or propert(ies) have no stable \`id\`: without one, a rename cannot be told from a removal plus an addition.`,
    span,
    fixes: [{ title: `Add stable ids to ${edits.length} stream(s) and propert(ies)`, edits }],
  };
}

/** True when every stream and (nested) property of the `schema` list has a stable id: nothing to offer. */
function everyIdPresent(streams: unknown): boolean {
  if (!Array.isArray(streams)) return true;
  const stack: unknown[] = [...streams];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    const record = item as Record<string, unknown>;
    if (typeof record.id !== 'string' || record.id === '') return false;
    if (Array.isArray(record.properties)) stack.push(...record.properties);
    const items = record.items as Record<string, unknown> | undefined;
    if (items && typeof items === 'object' && Array.isArray(items.properties)) stack.push(...items.properties);
  }
  return true;
}

function addPropertyIds(text: string, items: readonly unknown[], prefix: string, used: UniqueIds, edits: Edit[], depth: number): void {
  if (depth > 20) return;
  for (const item of items) {
    if (!isMap(item)) continue;
    const name = nameOf(item);
    const id = idOf(item) ?? (name ? addId(text, item, `${prefix}_${slug(name)}`, used, edits) : undefined);
    const nested = item.get('properties', true);
    if (isSeq(nested) && id) addPropertyIds(text, nested.items, id, used, edits, depth + 1);
    const arrayItems = item.get('items', true);
    const itemProps = isMap(arrayItems) ? arrayItems.get('properties', true) : undefined;
    if (isSeq(itemProps) && id) addPropertyIds(text, itemProps.items, id, used, edits, depth + 1);
  }
}

/** Inserts `id: <unique>` as the first key of the mapping, at its indentation. */
function addId(text: string, map: YAMLMap, wanted: string, used: UniqueIds, edits: Edit[]): string | undefined {
  const first = map.items[0];
  const start = isPair(first) ? (first.key as Node | null)?.range?.[0] : undefined;
  if (start === undefined || map.flow) return undefined;
  const id = used.claim(wanted);
  const column = start - (text.lastIndexOf('\n', start - 1) + 1);
  edits.push({ span: { start, end: start }, newText: `id: ${id}\n${' '.repeat(column)}` });
  return id;
}

/** The ids in use; a wanted id already taken gets the next free `_2`, `_3`, ... (counted on per name, not searched from 2). */
export class UniqueIds {
  private readonly ids = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();

  add(id: string): void {
    this.ids.add(id);
  }

  claim(wanted: string): string {
    let id = wanted;
    for (let n = this.nextSuffix.get(wanted) ?? 2; this.ids.has(id); n++) {
      id = `${wanted}_${n}`;
      this.nextSuffix.set(wanted, n + 1);
    }
    this.ids.add(id);
    return id;
  }
}

function collectIds(node: unknown, used: UniqueIds, depth = 0): void {
  if (depth > 64) return;
  if (isMap(node)) {
    const id = idOf(node);
    if (id) used.add(id);
    for (const pair of node.items) if (isPair(pair)) collectIds(pair.value, used, depth + 1);
  } else if (isSeq(node)) {
    for (const item of node.items) collectIds(item, used, depth + 1);
  }
}

function idOf(map: YAMLMap): string | undefined {
  const id = map.get('id', true);
  return isScalar(id) && typeof id.value === 'string' && id.value ? id.value : undefined;
}

function nameOf(map: YAMLMap): string | undefined {
  const name = map.get('name', true);
  return isScalar(name) && name.value !== null ? String(name.value) : undefined;
}

/** Ids follow ODCS's stable-id pattern: letters, digits, `_` and `-`. */
function slug(name: string): string {
  const joined = name.trim().replace(/[^A-Za-z0-9_-]+/g, '_');
  // trimmed by hand: an unanchored `_+$` would retry at every underscore of a long run
  let start = 0;
  let end = joined.length;
  while (start < end && joined[start] === '_') start++;
  while (end > start && joined[end - 1] === '_') end--;
  return joined.slice(start, end) || 'field';
}
