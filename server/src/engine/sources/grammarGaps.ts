// Flink SQL that Flink accepts but dt-sql-parser's grammar rejects, rewritten into same-length forms the grammar accepts.
import { grammar, OffsetMap } from './sqlParser';

/**
 * A construct the grammar cannot check as written. Spans are offsets into the text; `bridged` is false when no
 * stand-in exists (the grammar's verdict on that part is then not the user's fault).
 */
export interface GrammarGap {
  start: number;
  end: number;
  /** How the construct is written in Flink SQL, for messages: `TRY_CAST(...)`. */
  construct: string;
  bridged: boolean;
}

export interface Tok {
  text: string;
  upper: string;
  start: number;
  end: number;
}

const HINT = /TRY_CAST|ARRAY_AGG|ARRAY\s*\[|MAP\s*\[|EXTRACT|SUBSTRING|OVERLAY|TRIM|CEIL|FLOOR|\bOVER\s*\(|\bFILTER\s*\(/i;

/** `NOT NULL` on a field or element of a ROW, ARRAY, MAP or MULTISET type: Flink reads it, the grammar does not. */
const NOT_NULL = /\bNOT\s+NULL\b/i;
const NESTING_TYPES = new Set(['ROW', 'ARRAY', 'MAP', 'MULTISET']);

/** Functions whose arguments are separated by keywords the grammar does not know there. */
const KEYWORD_ARGUMENTS: Record<string, RegExp> = {
  EXTRACT: /^FROM$/,
  SUBSTRING: /^(FROM|FOR)$/,
  OVERLAY: /^(PLACING|FROM|FOR)$/,
  TRIM: /^FROM$/,
  CEIL: /^TO$/,
  CEILING: /^TO$/,
  FLOOR: /^TO$/,
};

/** Time units Flink knows that the grammar would read as column names: replaced by a unit it knows. */
const UNIT_STAND_INS: Record<string, string> = { DOW: 'DAY', DOY: 'DAY', ISODOW: 'DAY   ', ISOYEAR: 'YEAR   ' };

/** Rewrites the gaps; the result has the same length, so every offset into it is an offset into `sql`. */
export function bridgeGaps(sql: string): { text: string; gaps: GrammarGap[] } {
  if (!HINT.test(sql) && !(sql.includes('<') && NOT_NULL.test(sql))) return { text: sql, gaps: [] };
  const tokens = lex(sql);
  const chars = sql.split('');
  const put = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) chars[at + i] = text[i];
  };
  const gaps: GrammarGap[] = [];
  // the nested types open at this token, innermost last: `ARRAY<ROW<` is ['ARRAY', 'ROW']
  const types: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const next = tokens[k + 1];
    if (t.text === '<' && (types.length > 0 || NESTING_TYPES.has(tokens[k - 1]?.upper ?? ''))) types.push(tokens[k - 1]?.upper ?? '');
    else if (t.text === '>' && types.length > 0) types.pop();
    if (tokens[k - 1]?.text === '.') continue;
    if (types.length > 0 && t.upper === 'NOT' && next?.upper === 'NULL') {
      put(t.start, ' '.repeat(t.text.length));
      put(next.start, ' '.repeat(next.text.length));
      gaps.push(gap(t, next, `NOT NULL inside ${types[types.length - 1]}<...>`, true));
      k++;
    } else if (t.upper === 'ARRAY_AGG' && next?.text === '(') {
      put(t.start, 'X');
      gaps.push(gap(t, tokens[closing(tokens, k + 1)], 'ARRAY_AGG(...)', true));
    } else if (t.upper === 'TRY_CAST' && next?.text === '(') {
      put(t.start, '    ');
      gaps.push(gap(t, tokens[closing(tokens, k + 1)], 'TRY_CAST(...)', true));
    } else if ((t.upper === 'ARRAY' || t.upper === 'MAP') && next?.text === '[') {
      const end = tokens[closing(tokens, k + 1, '[', ']')];
      put(t.start, 'X');
      put(next.start, '(');
      if (end) put(end.start, ')');
      gaps.push(gap(t, end, `${t.upper}[...]`, true));
    } else if (KEYWORD_ARGUMENTS[t.upper] && next?.text === '(') {
      const end = closing(tokens, k + 1);
      if (bridgeArguments(t.upper, tokens.slice(k + 2, end), put)) {
        const word = t.upper === 'OVERLAY' ? 'PLACING' : /^(CEIL|CEILING|FLOOR)$/.test(t.upper) ? 'TO' : 'FROM';
        gaps.push(gap(t, tokens[end], `${t.upper}(... ${word} ...)`, true));
      }
    } else if (t.upper === 'FILTER' && tokens[k - 1]?.text === ')' && next?.text === '(' && tokens[k + 2]?.upper === 'WHERE') {
      // `COUNT(*) FILTER (WHERE c)` → `COUNT(*)    AND (      c)`: the condition's columns stay visible to the grammar
      put(t.start, '   AND');
      put(tokens[k + 2].start, '     ');
      gaps.push(gap(t, tokens[closing(tokens, k + 1)], 'FILTER (WHERE ...)', true));
    } else if (t.upper === 'OVER' && next?.text === '(') {
      gaps.push(gap(t, tokens[closing(tokens, k + 1)], 'OVER (...)', false));
    }
  }
  return { text: chars.join(''), gaps };
}

/**
 * The text for the grammar: gaps bridged, and what it cannot read at all (`OVER (...)`) blanked to spaces (line
 * breaks kept, so lines and offsets stay those of `sql`).
 */
export function blankedGaps(sql: string): { text: string; gaps: GrammarGap[] } {
  const { text, gaps } = bridgeGaps(sql);
  if (gaps.every((g) => g.bridged)) return { text, gaps };
  const chars = text.split('');
  for (const gap of gaps) if (!gap.bridged) for (let i = gap.start; i < gap.end; i++) if (chars[i] !== '\n') chars[i] = ' ';
  return { text: chars.join(''), gaps };
}

/** Default-channel tokens of the Flink lexer (strings stay whole, comments are left out), as UTF-16 spans. */
export function lex(sql: string): Tok[] {
  const offsets = new OffsetMap(sql);
  const lexer = grammar('flink').createLexer(sql, () => undefined);
  const out: Tok[] = [];
  for (const token of lexer.getAllTokens()) {
    if (token.channel !== 0) continue;
    const span = offsets.span(token.start, token.stop);
    const text = sql.slice(span.start, span.end);
    out.push({ text, upper: text.toUpperCase(), start: span.start, end: span.end });
  }
  return out;
}

function gap(first: Tok, last: Tok | undefined, construct: string, bridged: boolean): GrammarGap {
  return { start: first.start, end: last ? last.end : first.end, construct, bridged };
}

/** The index of the token closing the bracket opened at tokens[open] (the length when it is never closed). */
function closing(tokens: Tok[], open: number, left = '(', right = ')'): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    if (tokens[k].text === left) depth++;
    else if (tokens[k].text === right && --depth === 0) return k;
  }
  return tokens.length;
}

/** `SUBSTRING(x FROM 1 FOR 2)` → `SUBSTRING(x ,    1 ,   2)`; only keywords at the call's own nesting level count. */
function bridgeArguments(name: string, inner: Tok[], put: (at: number, text: string) => void): boolean {
  let depth = 0;
  let changed = false;
  let sawArgument = false;
  for (const t of inner) {
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') depth--;
    if (depth > 0 || t.text === '(' || t.text === '[' || t.text === ')' || t.text === ']') {
      sawArgument = true;
      continue;
    }
    if (KEYWORD_ARGUMENTS[name].test(t.upper)) {
      // `TRIM(BOTH FROM x)` has nothing before FROM: a comma there would leave an empty argument
      put(t.start, (sawArgument ? ',' : ' ').padEnd(t.text.length, ' '));
      changed = true;
      sawArgument = false;
    } else if (name === 'TRIM' && !sawArgument && /^(BOTH|LEADING|TRAILING)$/.test(t.upper)) {
      put(t.start, ' '.repeat(t.text.length));
      changed = true;
    } else if (UNIT_STAND_INS[t.upper] && (name === 'EXTRACT' || name === 'CEIL' || name === 'CEILING' || name === 'FLOOR')) {
      put(t.start, UNIT_STAND_INS[t.upper]);
      sawArgument = true;
    } else {
      sawArgument = true;
    }
  }
  return changed;
}
