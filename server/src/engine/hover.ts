// Hover: what the key (or enum value) under the cursor means, its type and its allowed values.
import { ParsedYaml } from './parse';
import { Document, isMap, isPair, isScalar, isSeq, Node, parseDocument } from 'yaml';
import { isRecord } from './locate';
import { familyFor, LATEST_FAMILY, metaSchema } from './metaSchema';
import { factsOf, typeLabel } from './schemaFacts';
import { keysAt, schemasAt } from './schemaNav';
import { Path, Span } from './types';
import { withLineFeeds } from './yamlDocuments';
import { estimateNesting, MAX_ESTIMATED_DEPTH } from './yamlNesting';

export interface HoverResult {
  markdown: string;
  span: Span;
}

interface Target {
  path: Path;
  span: Span;
  on: 'key' | 'value';
}

/** The hover at `offset`, from the editor's parse of the text when it has one (`parsed`), else from a parse of its own. */
export function hover(text: string, offset: number, parsed?: ParsedYaml | null): HoverResult | undefined {
  let doc: Document | null = parsed?.analysable ? parsed.doc : null;
  let value = parsed?.value;
  if (!doc) {
    try {
      if (estimateNesting(text, MAX_ESTIMATED_DEPTH) > MAX_ESTIMATED_DEPTH) return undefined;
      doc = parseDocument(withLineFeeds(text), { prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
      value = doc.toJS({ maxAliasCount: 200 });
    } catch {
      return undefined;
    }
  }
  const target = findTarget(doc.contents as Node | null, offset);
  if (!target || target.path.length === 0) return undefined;
  const meta = metaSchema((isRecord(value) && familyFor(value.apiVersion)) || LATEST_FAMILY);
  const key = target.path[target.path.length - 1];
  if (typeof key !== 'string') return undefined;
  const parent = target.path.slice(0, -1);
  const at = keysAt(meta, value, parent).get(key);
  if (!at) return undefined;
  const facts = factsOf(meta, at);
  const required = schemasAt(meta, value, parent).some(({ schema }) => Array.isArray(schema.required) && schema.required.includes(key));
  const lines = [`**${key}** · \`${typeLabel(facts)}\`${required ? ' · required' : ''}${facts.deprecated ? ' · deprecated' : ''}`];
  if (facts.description) lines.push('', facts.description);
  if (target.on === 'value') {
    const current = scalarAt(doc, target.path);
    const described = facts.enumValues.find((v) => v.value === current);
    if (described?.description) lines.push('', `\`${described.value}\`: ${described.description}`);
  }
  if (facts.enumValues.length > 0) lines.push('', `Allowed values: ${facts.enumValues.map((v) => `\`${v.value}\``).join(', ')}`);
  else if (facts.examples.length > 0) lines.push('', `Examples: ${facts.examples.slice(0, 8).map((v) => `\`${v}\``).join(', ')}`);
  if (facts.defaultValue !== undefined) lines.push('', `Default: \`${String(facts.defaultValue)}\``);
  return { markdown: lines.join('\n'), span: target.span };
}

/** The innermost key or scalar value whose span contains the offset, with its path. */
function findTarget(root: Node | null, offset: number): Target | undefined {
  let node: unknown = root;
  const path: (string | number)[] = [];
  for (let depth = 0; depth < 200; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && containsOffset(p.key as Node, p.value as Node, offset));
      if (!pair || !isScalar(pair.key)) return undefined;
      path.push(String(pair.key.value));
      const keyRange = (pair.key as Node).range!;
      if (offset >= keyRange[0] && offset <= keyRange[1]) return { path, span: { start: keyRange[0], end: keyRange[1] }, on: 'key' };
      if (isScalar(pair.value)) {
        const r = pair.value.range!;
        return offset >= r[0] && offset <= r[1] ? { path, span: { start: r[0], end: r[1] }, on: 'value' } : undefined;
      }
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const r = (item as Node | null)?.range;
        return r && offset >= r[0] && offset <= r[2];
      });
      if (index < 0) return undefined;
      path.push(index);
      node = node.items[index];
      if (isScalar(node)) return undefined;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function containsOffset(key: Node | null, value: Node | null, offset: number): boolean {
  const start = key?.range?.[0];
  const end = value?.range?.[2] ?? key?.range?.[2];
  return start !== undefined && end !== undefined && offset >= start && offset <= end;
}

function scalarAt(doc: Document, path: Path): string | undefined {
  const node = doc.getIn(path, true);
  return isScalar(node) ? String(node.value) : undefined;
}
