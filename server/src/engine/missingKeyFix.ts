// The quick fix for a missing required key: `key: <placeholder>` inserted inside the object that lacks it.
import { Document, isMap, isPair, Node } from 'yaml';
import { locate } from './locate';
import { MetaSchema } from './metaSchema';
import { factsOf } from './schemaFacts';
import { keysAt } from './schemaNav';
import { Fix, Path } from './types';

/**
 * Adds `key` as the object's last key, on the line after its last pair and at the column of its first key (in a flow
 * mapping, before its closing brace). The value is a placeholder the schema allows in form: the first allowed value,
 * else an empty string, list or mapping. Undefined when the object is not a mapping in the text (an alias, a scalar).
 */
export function addMissingKeyFix(text: string, doc: Document, meta: MetaSchema, root: unknown, path: Path, key: string): Fix | undefined {
  const node = locate(doc, path).node;
  if (!isMap(node) || !node.range) return undefined;
  const value = placeholder(meta, root, path, key);
  const title = `Add \`${key}\``;
  const first = node.items[0];
  const last = node.items[node.items.length - 1];
  const end = isPair(last) ? ((last.value as Node | null)?.range ?? (last.key as Node | null)?.range)?.[1] : undefined;
  if (node.flow) {
    if (end !== undefined) return { title, edits: [{ span: { start: end, end }, newText: `, ${key}: ${value}` }] };
    const close = node.range[1] - 1;
    return text.charAt(close) === '}' ? { title, edits: [{ span: { start: close, end: close }, newText: `${key}: ${value}` }] } : undefined;
  }
  const firstKey = isPair(first) ? (first.key as Node | null)?.range : undefined;
  if (!firstKey || end === undefined) return undefined;
  const column = firstKey[0] - (text.lastIndexOf('\n', firstKey[0] - 1) + 1);
  const line = `${' '.repeat(column)}${key}: ${value}`;
  // a nested block value ends where the next line starts; a scalar ends on its own line
  if (text.charAt(end - 1) === '\n') return { title, edits: [{ span: { start: end, end }, newText: `${line}${lineBreakBefore(text, end)}` }] };
  const lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) return { title, edits: [{ span: { start: text.length, end: text.length }, newText: `\n${line}` }] };
  const breakText = text.charAt(lineEnd - 1) === '\r' ? '\r\n' : '\n';
  return { title, edits: [{ span: { start: lineEnd + 1, end: lineEnd + 1 }, newText: `${line}${breakText}` }] };
}

function lineBreakBefore(text: string, offset: number): string {
  return text.charAt(offset - 2) === '\r' ? '\r\n' : '\n';
}

/** A value of the key's form: its first allowed value, else an empty value of its type. */
function placeholder(meta: MetaSchema, root: unknown, path: Path, key: string): string {
  const at = keysAt(meta, root, path).get(key);
  if (!at) return "''";
  const facts = factsOf(meta, at);
  if (facts.enumValues.length) return yamlScalar(facts.enumValues[0].value);
  switch (facts.types[0]) {
    case 'array':
      return '[]';
    case 'object':
      return '{}';
    case 'integer':
    case 'number':
      return '0';
    case 'boolean':
      return 'false';
    default:
      return "''";
  }
}

/** A string as a YAML scalar that reads back as the same string. */
function yamlScalar(value: string): string {
  const plain = /^[A-Za-z][A-Za-z0-9_.\-/]*$/.test(value) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}
