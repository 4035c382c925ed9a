// A linear estimate of how deeply a YAML text nests, taken before the parser runs: hostile nesting never reaches it.

/**
 * Texts whose estimate is above this are refused before parsing. For a valid contract the estimate is at most about
 * three times the real depth (each line counts its indicators on top of its parent line), and parsing refuses
 * anything deeper than 64 anyway. The YAML parser recurses per level and keeps a token per level: 10,000 `[` or
 * `- - -` would overflow its stack or exhaust memory, and from about 300 levels the outcome would depend on how much
 * stack the caller left. Below this estimate the parser never gets that deep.
 */
export const MAX_ESTIMATED_DEPTH = 200;

/** The depth a parsed contract may have (parse.ts refuses deeper ones after parsing). */
const MAX_DEPTH = 64;

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/** A block line on the stack of open parents. */
interface Line {
  indent: number;
  depth: number;
  /** The deepest line seen below it so far. */
  deepest: number;
  /** Whether a value (not only a key or `- `) stands after its last indicator. */
  valued: boolean;
  /** Whether that value is plain text, which a deeper line continues (quotes and brackets there are text). */
  plain: boolean;
  /** Columns where keys and `- ` / `? ` start on it: a deeper line at one of them is a sibling, not a continuation. */
  columns: number[];
}

/** The estimate, and where nesting first went past MAX_DEPTH: that line, or the out-of-place line that led to it. */
export interface NestingEstimate {
  depth: number;
  deepAt: number;
  /** Whether deepAt is an out-of-place line (a dedent inside a value, a key after a value) rather than deep nesting. */
  outOfPlace: boolean;
}

/**
 * An estimate of the nesting depth of the YAML in `text` (for valid YAML an upper bound), from indentation, block
 * indicators (`- `, `? `, `: `) and flow brackets, skipping quoted scalars, block scalars and comments as the parser's
 * lexer ends them. A deeper line under a line that already has its value is a continuation: plain text adds nothing,
 * but with indicators the parser's error recovery nests it, and every line after it, inside the one before, so from
 * there on lines count from the deepest line so far. Stops early once above `stopAbove`.
 */
export function estimateNesting(text: string, stopAbove = Infinity): number {
  return estimateNestingAt(text, stopAbove).depth;
}

/** estimateNesting, with the offset of the line to blame when it goes past MAX_DEPTH (-1 when it does not). */
export function estimateNestingAt(text: string, stopAbove = Infinity): NestingEstimate {
  const n = text.length;
  let deepAt = -1;
  let outOfPlace = false;
  let brokenFrom = -1; // where the first out-of-place line starts
  // the document itself is the first parent, so that lines out of place at the root are seen too
  const root: Line = { indent: -1, depth: 0, deepest: 0, valued: false, plain: false, columns: [] };
  const stack: Line[] = [root];
  let max = 0;
  let depth = 0;
  let flow = 0;
  const pairs: number[] = []; // per open flow collection: the pairs and indicators of its current entry
  let openPairs = 0;
  let quote = 0; // the open quote character, 0 outside quoted scalars
  let blockScalar = false; // inside a block scalar (`|`, `>`): its lines are text
  let blockScalarIndent = -1; // the indentation of its content, once its first line set it
  let indentNext = 0; // a quoted scalar or flow collection goes on only on lines indented at least this much
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
    let cutShort = false;
    if ((quote !== 0 || flow > 0) && k < lineEnd && endsOpenScalarOrFlow(text, j, indent, indentNext, quote, flow)) {
      // the parser ends a quoted scalar or flow collection at a line indented less than its key (an error)
      cutShort = true;
      quote = 0;
      flow = 0;
      pairs.length = 0;
      openPairs = 0;
    }
    const blockLine = quote === 0 && flow === 0;
    if (blockScalar) {
      // as the lexer reads it: the first content line sets the indentation, which must reach indentNext
      const empty = k === lineEnd;
      if (empty || (blockScalarIndent < 0 ? indent >= indentNext : indent >= blockScalarIndent)) {
        if (!empty && blockScalarIndent < 0) blockScalarIndent = indent;
        i = nextLine(text, lineEnd);
        continue;
      }
      blockScalar = false;
    }
    blockScalarIndent = -1;
    let parent: Line | undefined;
    let continuation = false;
    let brokenAt = -1;
    if (blockLine) {
      if (blank) {
        i = nextLine(text, lineEnd);
        continue;
      }
      if (indent === 0 && (text.startsWith('---', j) || text.startsWith('...', j) || text.charCodeAt(j) === 0x25 /* % */)) {
        stack.length = 1;
        brokenFrom = -1;
      }
      while (stack.length > 1 && stack[stack.length - 1].indent >= indent) {
        const done = stack.pop()!;
        stack[stack.length - 1].deepest = Math.max(stack[stack.length - 1].deepest, done.deepest);
      }
      // the lexer lowers it at a line start, unless the line's first character stands alone (`- x`, `' x`)
      const second = j + 1 < lineEnd ? text.charCodeAt(j + 1) : SPACE;
      if (indentNext > indent && second !== SPACE && second !== TAB) indentNext = indent;
      parent = stack[stack.length - 1];
      brokenAt = brokenFrom;
      // a tab in the indentation (an error) shifts every column the lexer counts: treat the line as out of place
      if ((cutShort || text.charCodeAt(j) === TAB) && brokenAt < 0) brokenAt = i;
      continuation = !!parent && (brokenAt >= 0 || (parent.valued && !parent.columns.includes(indent)));
      // one more than the parent line: a block sequence may stand at its key's indentation; after an out-of-place
      // line, the parser nests each line inside everything before it
      depth = (brokenAt >= 0 ? max : parent ? (continuation ? parent.deepest : parent.depth) : 0) + 1;
    }

    let lineMax = 0;
    // a line continuing plain text starts inside that text: only `: ` and ` #` mean something there
    const inPlainText = continuation && parent!.plain;
    let atToken = quote === 0 && !inPlainText;
    let leading = blockLine && !inPlainText;
    let plain = inPlainText;
    let valueColumn = indent;
    let indicators = 0;
    let valued = false;
    let afterColon = false; // a `: ` stands before on this line
    let valueAfterColon = false; // and a value after it
    let tokenColumn = j - i;
    const columns: number[] = [];
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
          pairs.push(0);
          atToken = true;
        } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
          openPairs -= pairs.pop() ?? 0;
          flow--;
          atToken = false;
        } else if (c === 0x2c /* , */) {
          openPairs -= pairs[pairs.length - 1];
          pairs[pairs.length - 1] = 0;
          atToken = true;
        } else if (c === 0x3a /* : */ || ((c === 0x3f /* ? */ || c === 0x2d /* - */) && atToken)) {
          // `a: b` in a flow sequence is a mapping of its own; a stray `- ` may open a level in error recovery
          pairs[pairs.length - 1]++;
          openPairs++;
          atToken = true;
        } else if (atToken && (c === 0x22 || c === 0x27)) quote = c;
        else atToken = false;
        if (depth + flow + openPairs > lineMax) lineMax = depth + flow + openPairs;
        continue;
      }
      if (atToken) tokenColumn = p - i;
      if ((c === 0x2d /* - */ || c === 0x3f /* ? */) && atToken && separated) {
        depth++;
        indicators++;
        valued = false;
        columns.push(p - i);
        afterColon = false;
        valueAfterColon = false;
        plain = false;
        // as the parser's lexer counts the indentation a continued scalar or flow collection needs
        indentNext = valueColumn + 1;
        if (leading) {
          let q = p + 1;
          while (q < lineEnd && text.charCodeAt(q) === SPACE) q++;
          valueColumn = q - i;
        }
        atToken = true;
      } else if (c === 0x3a /* : */ && separated) {
        // `a: b: c` is an error after which the parser nests the following lines inside it
        if (valueAfterColon && brokenAt < 0) brokenAt = i;
        depth++;
        indicators++;
        valued = false;
        columns.push(tokenColumn);
        afterColon = true;
        plain = false;
        indentNext = valueColumn + 1;
        leading = false;
        atToken = true;
      } else if (atToken && (c === 0x5b || c === 0x7b)) {
        flow = 1;
        pairs.length = 0;
        pairs.push(0);
        openPairs = 0;
        valued = true;
        plain = false;
        valueAfterColon = afterColon;
        atToken = true;
      } else if (atToken && (c === 0x22 || c === 0x27)) {
        quote = c;
        valued = true;
        plain = false;
        valueAfterColon = afterColon;
      } else if (atToken && (c === 0x7c /* | */ || c === 0x3e /* > */) && blockScalarHeader(text, p + 1, lineEnd)) {
        blockScalar = true;
        break;
      } else if (atToken && (c === 0x26 /* & */ || c === 0x21 /* ! */)) {
        // an anchor or a tag: the node itself follows
        while (p + 1 < lineEnd && text.charCodeAt(p + 1) !== SPACE && text.charCodeAt(p + 1) !== TAB) p++;
      } else {
        if (atToken) {
          valued = true;
          plain = true;
        }
        if (atToken && afterColon) valueAfterColon = true;
        atToken = false;
        leading = false;
      }
      if (depth + flow > lineMax) lineMax = depth + flow;
    }
    if (depth + flow > lineMax) lineMax = depth + flow;
    if (lineMax > max) max = lineMax;
    if (blockLine && continuation && indicators > 0 && brokenAt < 0) brokenAt = i;
    // from an out-of-place line on, every line after it nests too (until the next document)
    if (blockLine && brokenAt >= 0 && brokenFrom < 0) brokenFrom = brokenAt;
    if (deepAt < 0 && max > MAX_DEPTH) {
      deepAt = brokenAt >= 0 ? brokenAt : i;
      outOfPlace = brokenAt >= 0;
    }
    if (max > stopAbove) return { depth: max, deepAt, outOfPlace };
    if (blockLine) {
      // plain text continuing a value adds no level; anything else counts from where it was put, and once a line
      // with indicators continued a value, the parser nests every deeper line after it inside the one before
      const plainText = continuation && indicators === 0 && brokenAt < 0;
      const own = plainText ? parent!.depth : depth;
      // what the line opened in flow counts too: a collection cut short by a dedent takes in the lines after it
      const deepest = plainText && flow === 0 && quote === 0 ? own : Math.max(own, lineMax);
      if (parent) parent.deepest = Math.max(parent.deepest, deepest);
      stack.push({ indent, depth: own, deepest, valued: valued || inPlainText, plain: plain && (valued || inPlainText), columns });
    }
    i = nextLine(text, lineEnd);
  }
  return { depth: max, deepAt, outOfPlace };
}

/** Whether what follows `|` or `>` is a valid block scalar header: indicators, then at most a comment. */
function blockScalarHeader(text: string, from: number, lineEnd: number): boolean {
  let p = from;
  while (p < lineEnd && /[-+0-9]/.test(text[p])) p++;
  if (p < lineEnd && text[p] !== ' ' && text[p] !== '\t') return false;
  while (p < lineEnd && (text[p] === ' ' || text[p] === '\t')) p++;
  return p === lineEnd || text[p] === '#';
}

/** Whether the line at `start` (indented `indent`) ends an open quoted scalar or flow collection, as the YAML lexer decides. */
function endsOpenScalarOrFlow(text: string, start: number, indent: number, indentNext: number, quote: number, flow: number): boolean {
  const first = text.charCodeAt(start);
  if (indent === 0 && (text.startsWith('---', start) || text.startsWith('...', start))) return true;
  if (indent >= indentNext) return false;
  if (quote !== 0) return true;
  if (first === 0x23 /* # */) return false;
  // a closing bracket one column left of the content is tolerated
  return !(flow === 1 && indent === indentNext - 1 && (first === 0x5d || first === 0x7d));
}

function nextLine(text: string, lineEnd: number): number {
  return text.charCodeAt(lineEnd) === CR && text.charCodeAt(lineEnd + 1) === LF ? lineEnd + 2 : lineEnd + 1;
}
