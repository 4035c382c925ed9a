// Parses YAML text for the engine in linear time: hostile nesting is refused first, duplicate keys are found in one pass.
import { Document, isMap, isPair, isScalar, Node, parseAllDocuments, parseDocument, YAMLParseError } from 'yaml';
import { estimateNesting, MAX_ESTIMATED_DEPTH } from './yamlNesting';

/**
 * `uniqueKeys` stays off: the library compares each new key with every earlier key of its mapping, which takes
 * minutes for a mapping of 100,000 keys. `duplicateKeyErrors` reports the same errors with one set per mapping.
 */
// the library's own warnings (a collection used as a key) are not printed: the problems say what is wrong
const OPTIONS = { prettyErrors: false, uniqueKeys: false, strict: true, logLevel: 'error' } as const;

/** The reason a text was not parsed: its nesting could exhaust the parser's stack or memory. */
export const TOO_DEEP = 'too-deep';

/**
 * Every YAML document of `text`, or TOO_DEEP. A lone CR is a line break for editors but not for the YAML library,
 * so it is parsed as LF: the same length, so every offset holds for the original text.
 */
export function parseDocuments(text: string): Document.Parsed[] | typeof TOO_DEEP {
  const source = withLineFeeds(text);
  if (estimateNesting(source, MAX_ESTIMATED_DEPTH) > MAX_ESTIMATED_DEPTH) return TOO_DEEP;
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(source, OPTIONS) as unknown as Document.Parsed[];
  } catch (err) {
    if (err instanceof RangeError) return TOO_DEEP;
    throw err;
  }
  if (!Array.isArray(docs)) return [];
  return finish(docs);
}

/** One YAML document (a part of a larger text re-parsed on its own), or TOO_DEEP. */
export function parseOneDocument(text: string): Document.Parsed | typeof TOO_DEEP {
  const source = withLineFeeds(text);
  if (estimateNesting(source, MAX_ESTIMATED_DEPTH) > MAX_ESTIMATED_DEPTH) return TOO_DEEP;
  try {
    const result = finish([parseDocument(source, OPTIONS) as Document.Parsed]);
    return result === TOO_DEEP ? TOO_DEEP : result[0];
  } catch (err) {
    if (err instanceof RangeError) return TOO_DEEP;
    throw err;
  }
}

function finish(docs: Document.Parsed[]): Document.Parsed[] | typeof TOO_DEEP {
  for (const doc of docs) {
    // the library turns a stack overflow while composing into an error of this code
    if (doc.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) return TOO_DEEP;
    const duplicates = duplicateKeyErrors(doc);
    if (duplicates.length) doc.errors = mergeByPosition(doc.errors, duplicates);
  }
  return docs;
}

/** The text with each CR that is not followed by LF replaced by LF. */
export function withLineFeeds(text: string): string {
  let at = text.indexOf('\r');
  let out = '';
  let from = 0;
  while (at >= 0) {
    if (text.charCodeAt(at + 1) !== 10) {
      out += text.slice(from, at) + '\n';
      from = at + 1;
    }
    at = text.indexOf('\r', at + 1);
  }
  return from === 0 ? text : out + text.slice(from);
}

/** "Map keys must be unique" at each scalar key equal to an earlier key of the same mapping, as the library words it. */
function duplicateKeyErrors(doc: Document.Parsed): YAMLParseError[] {
  const out: YAMLParseError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object' || !('items' in node)) continue;
    const items = (node as { items: unknown[] }).items;
    const seen = isMap(node) ? new Set<unknown>() : undefined;
    for (const item of items) {
      if (!isPair(item)) {
        stack.push(item);
        continue;
      }
      const key = item.key as Node | null;
      if (seen && isScalar(key) && !Number.isNaN(key.value)) {
        if (seen.has(key.value) && key.range) out.push(new YAMLParseError([key.range[0], key.range[0] + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
        seen.add(key.value);
      }
      stack.push(item.key, item.value);
    }
  }
  return out.sort((a, b) => a.pos[0] - b.pos[0]);
}

/** Both lists in one, each duplicate-key error placed before the first error that starts after it. */
function mergeByPosition(errors: YAMLParseError[], sorted: YAMLParseError[]): YAMLParseError[] {
  const out: YAMLParseError[] = [];
  let j = 0;
  for (const e of errors) {
    while (j < sorted.length && sorted[j].pos[0] < e.pos[0]) out.push(sorted[j++]);
    out.push(e);
  }
  while (j < sorted.length) out.push(sorted[j++]);
  return out;
}
