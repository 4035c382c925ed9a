// Maps offsets inside a YAML scalar's value to offsets in the file, for problems located inside expressions.
import { isScalar, Node } from 'yaml';
import { Span } from './types';

/**
 * A scalar's value differs from its source text by quotes, escapes (`''` in single quotes), indentation and
 * line folding. Walking both in step, the source skips what the value does not contain: the opening quote or
 * block header, doubled quotes, line breaks plus indentation (which the value holds as `\n` or a space).
 */
export function scalarOffsetMap(text: string, node: Node | null | undefined): ((offset: number) => number) | undefined {
  if (!node || !isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const value = node.value;
  const [start, end] = node.range;
  let src = start;
  const type = node.type;
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') src++;
  else if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    const headerEnd = text.indexOf('\n', src);
    src = headerEnd < 0 ? end : headerEnd + 1;
  }
  const map = new Array<number>(value.length + 1);
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    // skip what the value does not hold: indentation after a line break, the escape quote of `''`
    while (src < end && text[src] !== ch) {
      if (text[src] === '\n') {
        src++;
        if (ch === '\n' || ch === ' ') break;
        continue;
      }
      if (text[src] === ' ' || text[src] === '\t' || text[src] === '\r' || text[src] === "'" || text[src] === '\\') src++;
      else break;
    }
    map[i] = src;
    if (src < end && text[src] === ch) {
      src++;
      if (ch === "'" && type === 'QUOTE_SINGLE' && text[src] === "'") src++;
    }
    if (ch === '\n' || ch === ' ') {
      // a folded line break: the value's space or newline stands for the source's newline and indentation
      while (src < end && (text[src] === ' ' || text[src] === '\t') && value[i + 1] !== ' ') src++;
    }
  }
  map[value.length] = src;
  return (offset: number) => map[Math.max(0, Math.min(offset, value.length))] ?? start;
}

export function mapSpan(map: (offset: number) => number, span: Span): Span {
  return { start: map(span.start), end: Math.max(map(span.start) + 1, map(span.end)) };
}
