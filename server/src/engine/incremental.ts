// Re-parses only the property a text edit touched, splicing it into the previous YAML tree and value.
import { Document, isAlias, isCollection, isMap, isPair, isSeq, Node, visit } from 'yaml';
import { isRecord } from './locate';
import { MAX_DEPTH, nestingDepth, ParsedYaml } from './parse';
import { parseOneDocument, TOO_DEEP } from './yamlDocuments';

/**
 * Editing one property of a large contract is the common case. When the changed text lies inside one
 * `schema[].properties[]` item, that item alone is parsed again (with its original indentation, so its
 * offsets stay valid), checked to still be exactly one list item, and put in place of the old one; the
 * nodes after it move by the length difference. Anything else returns undefined and the caller parses
 * the whole text. The result equals a full parse (see test/engine/incremental.test.ts).
 */
export function reparseIncrementally(previous: ParsedYaml, text: string): ParsedYaml | undefined {
  const doc = previous.doc;
  if (!doc || previous.superseded || !previous.analysable || previous.problems.length || doc.errors.length || doc.warnings.length || !isRecord(previous.value)) return undefined;
  if (!isAliasFree(previous)) return undefined;
  const old = previous.text;
  const { start, oldEnd, newEnd } = changedRegion(old, text);
  if (start === oldEnd && start === newEnd) return { ...previous, text };
  // what a full parse refuses before parsing must be refused here too: binary data, and hostile nesting, which can
  // only have come with the edit (the rest of the text was analysable): the chunk's own parse estimates it
  if (text.slice(start, newEnd).includes('\u0000')) return undefined;

  const target = propertyItemAt(doc, start, oldEnd);
  if (!target) return undefined;
  const { seq, index, streamIndex } = target;
  const item = seq.items[index] as Node;
  const lineStart = old.lastIndexOf('\n', item.range![0] - 1) + 1;
  const next = seq.items[index + 1] as Node | undefined;
  // the chunk ends where the next sibling's line starts; the last item must be edited strictly inside
  const dash = dashColumn(old, lineStart, item.range![0]);
  if (dash === undefined) return undefined;
  const oldChunkEnd = next ? old.lastIndexOf('\n', next.range![0] - 1) + 1 : lastItemEnd(old, item.range![1], dash);
  if (oldChunkEnd === undefined) return undefined;
  if (start < item.range![0] || oldEnd > (next ? oldChunkEnd : item.range![1] - 1)) return undefined;
  const delta = text.length - old.length;
  const chunkEnd = oldChunkEnd + delta;
  if (newEnd > chunkEnd) return undefined;
  // the next sibling must still start its own line (a deleted line break joins it to this item)
  if (chunkEnd < text.length && text.charCodeAt(chunkEnd - 1) !== 10) return undefined;
  const chunk = text.slice(lineStart, chunkEnd);

  let part: Document.Parsed | typeof TOO_DEEP;
  try {
    part = parseOneDocument(chunk);
  } catch {
    return undefined;
  }
  if (part === TOO_DEEP) return undefined;
  const contents = part.contents;
  if (part.errors.length || part.warnings.length || !isSeq(contents) || contents.items.length !== 1 || !isMap(contents.items[0])) return undefined;
  const replacement = contents.items[0] as Node;
  if (!subtreeIsPlain(replacement) || chunk.slice(replacement.range![1]).trim() !== '') return undefined;
  // the last item's ancestors end where it ends, so they move by the edit's length only if its end does (a line
  // break typed at its very end can leave a blank line outside it)
  if (!next && replacement.range![1] + lineStart !== item.range![1] + delta) return undefined;
  // a full parse refuses the document past MAX_DEPTH; the item stands at depth 4 (schema, stream, properties)
  if (nestingDepth(replacement) + ITEM_DEPTH > MAX_DEPTH) return undefined;

  // from here the previous tree is changed in place: that analysis must not be the start of another edit
  previous.superseded = true;
  shiftRanges(replacement, lineStart, -1, -1);
  // nodes after the chunk move; the item's ancestors end where it ends (or later), and so grow with it
  shiftRanges(doc.contents as Node, delta, oldChunkEnd, item.range![1], replacement);
  if (doc.range) doc.range = [doc.range[0], doc.range[1] + delta, doc.range[2] + delta];
  seq.items[index] = replacement;
  const value = previous.value as { schema: { properties: unknown[] }[] };
  const replaced = value.schema[streamIndex].properties[index];
  value.schema[streamIndex].properties[index] = replacement.toJS(doc);
  const edit = { previousText: old, stream: streamIndex, index, replaced, changeStart: start, changeEnd: oldEnd, delta };
  return { text, doc, value, problems: [], analysable: true, aliasFree: true, incremental: true, edit };
}

/** Depth of a `schema[i].properties[j]` item below the document's root mapping, as nestingDepth counts it. */
const ITEM_DEPTH = 4;

/**
 * Where the chunk of the last item ends: after its blank lines, at the next line indented no deeper than its dash
 * (or the end of the text). Undefined when a deeper line follows (a comment, say): a block scalar edited into the
 * item could take it in, so only a full parse can tell.
 */
function lastItemEnd(old: string, itemEnd: number, dashColumn: number): number | undefined {
  let p = itemEnd;
  if (p > 0 && old.charCodeAt(p - 1) !== 10) {
    const nl = old.indexOf('\n', p);
    p = nl < 0 ? old.length : nl + 1;
  }
  // blank lines stay in the chunk: a block scalar that keeps its trailing lines (`|+`) takes them
  while (p < old.length) {
    const nl = old.indexOf('\n', p);
    const lineEnd = nl < 0 ? old.length : nl;
    let indent = p;
    while (indent < lineEnd && old[indent] === ' ') indent++;
    // the first line with content ends the item when it is indented no deeper than the dash (tabs: ask a full parse)
    if (old.slice(indent, lineEnd).trim() !== '') return indent - p <= dashColumn && old[indent] !== '\t' ? p : undefined;
    p = lineEnd + 1;
  }
  return old.length;
}

/** The column of the `- ` that starts the item at `itemStart`, when only spaces stand before it on its line. */
function dashColumn(old: string, lineStart: number, itemStart: number): number | undefined {
  let p = itemStart - 1;
  while (p > lineStart && old[p] === ' ') p--;
  if (old[p] !== '-') return undefined;
  for (let q = lineStart; q < p; q++) if (old[q] !== ' ') return undefined;
  return p - lineStart;
}

/** The span of old text that differs, and where it ends in the new text (common prefix and suffix). */
function changedRegion(old: string, text: string): { start: number; oldEnd: number; newEnd: number } {
  const limit = Math.min(old.length, text.length);
  let start = 0;
  while (start < limit && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < limit - start && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  return { start, oldEnd: old.length - suffix, newEnd: text.length - suffix };
}

/** The `schema[i].properties[j]` item whose text holds [start, end). */
function propertyItemAt(doc: Document, start: number, end: number) {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const streams = root.get('schema', true);
  if (!isSeq(streams)) return undefined;
  for (let i = 0; i < streams.items.length; i++) {
    const stream = streams.items[i] as Node;
    if (!isMap(stream) || !stream.range || start < stream.range[0] || end > stream.range[2]) continue;
    const props = stream.get('properties', true);
    if (!isSeq(props)) return undefined;
    for (let j = 0; j < props.items.length; j++) {
      const r = (props.items[j] as Node | null)?.range;
      if (r && start >= r[0] && end <= r[2]) return isMap(props.items[j]) ? { seq: props, index: j, streamIndex: i } : undefined;
    }
    return undefined;
  }
  return undefined;
}

function isAliasFree(parsed: ParsedYaml): boolean {
  if (parsed.aliasFree === undefined) parsed.aliasFree = subtreeIsPlain(parsed.doc!.contents as Node);
  return parsed.aliasFree;
}

/** No aliases, no anchors, and not nested too deeply: a part that means the same wherever it stands. */
function subtreeIsPlain(node: Node): boolean {
  let plain = true;
  let depth = 0;
  visit(node, {
    Node(_key, n, path) {
      if (isAlias(n) || (n as { anchor?: string }).anchor) {
        plain = false;
        return visit.BREAK;
      }
      depth = Math.max(depth, path.length);
      return undefined;
    },
  });
  return plain && depth < MAX_DEPTH * 2;
}

/** Moves every range starting at or after `from` by `delta` (-1: every range), and range ends at or after `endFrom`; skips `skip`. */
function shiftRanges(root: Node, delta: number, from: number, endFrom: number, skip?: Node): void {
  if (delta === 0) return;
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (node === skip || node === null || typeof node !== 'object') continue;
    const n = node as Node;
    if (n.range && (from < 0 || n.range[0] >= from)) n.range = [n.range[0] + delta, n.range[1] + delta, n.range[2] + delta];
    else if (n.range && n.range[2] >= endFrom) n.range = [n.range[0], n.range[1] >= endFrom ? n.range[1] + delta : n.range[1], n.range[2] + delta];
    if (isCollection(n)) {
      for (const item of n.items) {
        if (isPair(item)) stack.push(item.key, item.value);
        else stack.push(item);
      }
    }
  }
}
