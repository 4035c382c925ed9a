// A linear upper bound of how deeply a YAML text nests, taken before the parser runs: hostile nesting never reaches it.

/**
 * Texts whose estimate is above this are refused before parsing. The estimate is at most about three times the real
 * depth of a contract (each line counts its indicators on top of its parent line), and parsing refuses anything
 * deeper than 64 anyway; the YAML parser recurses per level and keeps a token per level, so 10,000 `[` or `- - -`
 * would otherwise overflow the stack or exhaust memory.
 */
export const MAX_ESTIMATED_DEPTH = 256;

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/**
 * An upper bound of the nesting depth of the YAML in `text`, from indentation, block indicators (`- `, `? `, `: `)
 * and flow brackets, skipping quoted scalars, block scalars and comments. Stops early once above `stopAbove`.
 */
export function estimateNesting(text: string, stopAbove = Infinity): number {
  const n = text.length;
  const indents: number[] = [];
  const depths: number[] = [];
  let max = 0;
  let depth = 0;
  let flow = 0;
  let quote = 0; // the open quote character, 0 outside quoted scalars
  let blockScalarIndent = -1; // lines indented deeper than this are a block scalar's content
  let i = 0;
  while (i < n) {
    let lineEnd = i;
    while (lineEnd < n && text.charCodeAt(lineEnd) !== LF && text.charCodeAt(lineEnd) !== CR) lineEnd++;
    let j = i;
    while (j < lineEnd && text.charCodeAt(j) === SPACE) j++;
    const indent = j - i;
    let k = j;
    while (k < lineEnd && text.charCodeAt(k) === TAB) k++;
    const blank = k === lineEnd || text.charCodeAt(k) === 0x23; /* # */
    const blockLine = quote === 0 && flow === 0;
    if (blockLine && blockScalarIndent >= 0 && (blank || indent > blockScalarIndent)) {
      i = nextLine(text, lineEnd);
      continue;
    }
    blockScalarIndent = -1;
    if (blockLine) {
      if (blank) {
        i = nextLine(text, lineEnd);
        continue;
      }
      if (indent === 0 && (text.startsWith('---', j) || text.startsWith('...', j) || text.charCodeAt(j) === 0x25 /* % */)) {
        indents.length = 0;
        depths.length = 0;
      }
      while (indents.length && indents[indents.length - 1] >= indent) {
        indents.pop();
        depths.pop();
      }
      // one more than the parent line: a block sequence may stand at its key's indentation
      depth = (depths.length ? depths[depths.length - 1] : 0) + 1;
    }

    let atToken = quote === 0;
    for (let p = j; p < lineEnd; p++) {
      const c = text.charCodeAt(p);
      if (quote !== 0) {
        if (quote === 0x22 && c === 0x5c /* \ */) p++;
        else if (c === quote) {
          if (quote === 0x27 && text.charCodeAt(p + 1) === 0x27) p++;
          else quote = 0;
        }
        continue;
      }
      if (c === SPACE || c === TAB) {
        atToken = atToken || flow > 0;
        continue;
      }
      const prev = p > j ? text.charCodeAt(p - 1) : SPACE;
      const afterSpace = prev === SPACE || prev === TAB || p === j;
      const next = p + 1 < lineEnd ? text.charCodeAt(p + 1) : SPACE;
      const separated = next === SPACE || next === TAB;
      if (c === 0x23 /* # */ && afterSpace) break;
      if (flow > 0) {
        if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
          flow++;
          atToken = true;
        } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
          flow--;
          atToken = false;
        } else if (c === 0x2c /* , */ || c === 0x3a /* : */ || c === 0x3f /* ? */) atToken = true;
        else if (atToken && (c === 0x22 || c === 0x27)) quote = c;
        else atToken = false;
        if (depth + flow > max) max = depth + flow;
        continue;
      }
      if ((c === 0x2d /* - */ || c === 0x3f /* ? */) && atToken && separated) {
        depth++;
        atToken = true;
      } else if (c === 0x3a /* : */ && separated) {
        depth++;
        atToken = true;
      } else if (atToken && (c === 0x5b || c === 0x7b)) {
        flow = 1;
        atToken = true;
      } else if (atToken && (c === 0x22 || c === 0x27)) {
        quote = c;
      } else if (atToken && (c === 0x7c /* | */ || c === 0x3e /* > */)) {
        blockScalarIndent = indent;
        break;
      } else if (atToken && (c === 0x26 /* & */ || c === 0x21 /* ! */)) {
        // an anchor or a tag: the node itself follows
        while (p + 1 < lineEnd && text.charCodeAt(p + 1) !== SPACE && text.charCodeAt(p + 1) !== TAB) p++;
      } else atToken = false;
      if (depth + flow > max) max = depth + flow;
    }
    if (depth + flow > max) max = depth + flow;
    if (max > stopAbove) return max;
    if (blockLine) {
      indents.push(indent);
      depths.push(depth);
    }
    i = nextLine(text, lineEnd);
  }
  return max;
}

function nextLine(text: string, lineEnd: number): number {
  return text.charCodeAt(lineEnd) === CR && text.charCodeAt(lineEnd + 1) === LF ? lineEnd + 2 : lineEnd + 1;
}
