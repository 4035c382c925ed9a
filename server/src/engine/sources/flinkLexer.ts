// Flink SQL text read the way Flink reads it (Apache Calcite's lexical rules): strings, quoted names, comments, statement ends.
//
// dt-sql-parser's grammar is lenient where Flink is not (it takes `\'` for an escaped quote, `#` for a comment, lines
// without a final newline for comments), so whatever decides what the job executes is read with these rules instead.
// One pass, no regular expression: the time is linear in the text, whatever it holds.

export type FlinkTokenKind = 'space' | 'comment' | 'string' | 'quoted' | 'dquoted' | 'word' | 'number' | 'punct';

export interface FlinkToken {
  /** `quoted`: a backquoted name; `dquoted`: text in double quotes, which Flink SQL does not accept. */
  kind: FlinkTokenKind;
  text: string;
  start: number;
  end: number;
  /** False for a string, name or block comment that runs to the end of the text without its closing mark. */
  closed: boolean;
}

/** Whitespace to Flink. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

const LETTER = /\p{L}/u;
const LETTER_PART = /\p{L}|\p{N}|\p{M}/u;

/** A character that may start a word: ASCII letters, `_`, `$`, and letters of other scripts. */
function isWordStart(ch: string, c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24 || (c >= 0xc0 && LETTER.test(ch));
}

function isWordPart(ch: string, c: number): boolean {
  return isWordStart(ch, c) || isDigit(c) || (c >= 0xc0 && LETTER_PART.test(ch));
}

/** Splits Flink SQL into tokens; every character of the text is in exactly one token. */
export function flinkTokens(sql: string): FlinkToken[] {
  const tokens: FlinkToken[] = [];
  const n = sql.length;
  let i = 0;
  const push = (kind: FlinkTokenKind, start: number, end: number, closed = true) => tokens.push({ kind, text: sql.slice(start, end), start, end, closed });
  /** The end of a quoted run opened at `start` by `q`, where a doubled `q` stands for itself. */
  const quoted = (start: number, q: number): { end: number; closed: boolean } => {
    let j = start + 1;
    while (j < n) {
      if (sql.charCodeAt(j) === q) {
        if (j + 1 < n && sql.charCodeAt(j + 1) === q) {
          j += 2;
          continue;
        }
        return { end: j + 1, closed: true };
      }
      j++;
    }
    return { end: n, closed: false };
  };
  while (i < n) {
    const c = sql.charCodeAt(i);
    const next = i + 1 < n ? sql.charCodeAt(i + 1) : -1;
    const start = i;
    if (isSpace(c)) {
      while (i < n && isSpace(sql.charCodeAt(i))) i++;
      push('space', start, i);
    } else if ((c === 0x2d && next === 0x2d) || (c === 0x2f && next === 0x2f)) {
      // `--` and `//` run to the end of the line; Flink ends a line at \n or \r
      while (i < n && sql.charCodeAt(i) !== 0x0a && sql.charCodeAt(i) !== 0x0d) i++;
      push('comment', start, i);
    } else if (c === 0x2f && next === 0x2a) {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      push('comment', start, i, close >= 0);
    } else if (c === 0x27 || c === 0x60 || c === 0x22) {
      const run = quoted(i, c);
      i = run.end;
      push(c === 0x27 ? 'string' : c === 0x60 ? 'quoted' : 'dquoted', start, i, run.closed);
    } else if (isDigit(c)) {
      while (i < n && isDigit(sql.charCodeAt(i))) i++;
      if (sql.charCodeAt(i) === 0x2e && isDigit(sql.charCodeAt(i + 1))) for (i++; i < n && isDigit(sql.charCodeAt(i)); i++);
      const e = sql.charCodeAt(i);
      if (e === 0x65 || e === 0x45) {
        let j = i + 1;
        if (sql.charCodeAt(j) === 0x2b || sql.charCodeAt(j) === 0x2d) j++;
        if (isDigit(sql.charCodeAt(j))) for (i = j; i < n && isDigit(sql.charCodeAt(i)); i++);
      }
      push('number', start, i);
    } else {
      const width = c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
      const ch = sql.slice(i, i + width);
      if (isWordStart(ch, sql.codePointAt(i)!)) {
        i += width;
        while (i < n) {
          const w = sql.charCodeAt(i) >= 0xd800 && sql.charCodeAt(i) <= 0xdbff ? 2 : 1;
          const part = sql.slice(i, i + w);
          if (!isWordPart(part, sql.codePointAt(i)!)) break;
          i += w;
        }
        push('word', start, i);
      } else {
        i += width;
        push('punct', start, i);
      }
    }
  }
  return tokens;
}

/** Every kind of line break some reader of the job honours: Flink ends comments at \n and \r; editors and other tools also at these. */
export function isLineBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029 || c === 0x85;
}

/**
 * Characters that have no place in a job's text: control characters (a tab aside), the Unicode line and paragraph
 * separators, and the direction marks and overrides that make text read differently from how it runs.
 */
export function isUnsafeCharacter(c: number): boolean {
  if (c === 0x09) return false;
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  return c === 0x2028 || c === 0x2029 || c === 0x061c || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/** `\n`, `\r` or `\uXXXX`: how an unsafe character is shown. */
export function escapedCharacter(c: number): string {
  if (c === 0x0a) return '\\n';
  if (c === 0x0d) return '\\r';
  return `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `U+000A (a line break)`: an unsafe character named for a message. */
export function describeCharacter(c: number): string {
  const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  const what =
    c === 0x0a || c === 0x0d || c === 0x85 ? 'a line break'
    : c === 0x2028 ? 'a line separator'
    : c === 0x2029 ? 'a paragraph separator'
    : c === 0x061c || c >= 0x200e ? 'a text direction control'
    : 'a control character';
  return `${code} (${what})`;
}

/** The text with each unsafe character replaced by its escape: one line of plain text. */
export function escapeUnsafe(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isUnsafeCharacter(c)) continue;
    out += text.slice(from, i) + escapedCharacter(c);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** The first unsafe character of a text and where it is, if any. */
export function firstUnsafe(text: string, from = 0, to = text.length): { at: number; code: number } | undefined {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isUnsafeCharacter(c)) return { at: i, code: c };
  }
  return undefined;
}
