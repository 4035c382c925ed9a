// Column references in a Flink SQL expression (a contract property's transformLogic), found with the Flink grammar.
import { TextCache } from '../textCache';
import { FlinkSqlParserListener } from 'dt-sql-parser';
import type { ParserRuleContext } from 'antlr4ng';
import { Span } from '../types';
import { FRAGMENT_TEMPLATES, MAX_FRAGMENT } from './flinkFragments';
import { bridgeGaps, GrammarGap, lex, Tok } from './grammarGaps';
import { ctxSpan, flinkIdentifier, grammar, isTerminal, parseSql, walk } from './sqlParser';

export interface ExpressionRef {
  /** The column (the last part of the reference), unquoted. */
  name: string;
  /** What qualifies it: a table, alias or `schema.table` (everything before the last part), unquoted. */
  qualifier?: string;
  /** Every part, unquoted: `c.addr.street` → c, addr, street (a resolver may read trailing parts as ROW fields). */
  parts: string[];
  /** Offsets into the expression string, covering the whole reference (`c.email`, backquotes included). */
  span: Span;
}

export interface ExpressionError {
  message: string;
  span: Span;
  /** The construct is valid Flink SQL that the grammar does not know: the checker's limit, not the user's error. */
  grammarGap?: boolean;
}

export interface ExpressionColumns {
  refs: ExpressionRef[];
  /** At most one: the first error (later ones cascade from it). */
  errors: ExpressionError[];
}

// Parenthesised as the job's fragments are checked, the text must be one expression: `a, b` and `a AS b` are rejected.
const { prefix: PREFIX, suffix: SUFFIX } = FRAGMENT_TEMPLATES.expression;

export function expressionColumns(expression: string): ExpressionColumns {
  return columnsOf.get(expression, () => expressionColumnsNow(expression));
}

/** Expressions read lately: each property's transformLogic is read again at every keystroke, mostly unchanged. */
const columnsOf = new TextCache<ExpressionColumns>(20_000);

function expressionColumnsNow(expression: string): ExpressionColumns {
  const whole = { start: 0, end: expression.length };
  if (!expression.trim()) return { refs: [], errors: [{ message: 'The expression is empty.', span: whole }] };
  if (expression.length > MAX_FRAGMENT) return { refs: [], errors: [{ message: `The expression is too long to check (${expression.length} characters).`, span: { start: 0, end: 0 }, grammarGap: true }] };
  try {
    return analyse(expression);
  } catch (err) {
    // a failure of the parser is the checker's, not the user's
    const message = `The grammar failed on this expression (${err instanceof Error ? err.message : String(err)}); it is not checked.`;
    return { refs: [], errors: [{ message, span: whole, grammarGap: true }] };
  }
}

function analyse(expression: string): ExpressionColumns {
  const { text, gaps } = bridgeGaps(expression);
  const parsed = parseSql('flink', PREFIX + text + SUFFIX, PREFIX + expression + SUFFIX);
  const refs: ExpressionRef[] = [];
  // the wrapper is select statement 1; deeper ones are subqueries, whose columns belong to their own FROM clause
  let selects = 0;
  const listener = new FlinkSqlParserListener();
  listener.enterSelectStatement = () => selects++;
  listener.exitSelectStatement = () => selects--;
  listener.enterColumnReference = (ctx) => {
    if (selects !== 1) return;
    const ref = columnRef(ctx, shift(ctxSpan(ctx, parsed.offsets)), expression);
    if (ref) refs.push(ref);
  };
  // alone, a backquoted name is read by the grammar as a string constant; in Flink it is a column
  listener.enterStringLiteral = (ctx) => {
    if (selects !== 1 || !ctx.getText().startsWith('`')) return;
    const ref = columnRef(ctx, shift(ctxSpan(ctx, parsed.offsets)), expression);
    if (ref) refs.push(ref);
  };
  grammar('flink').listen(listener, parsed.tree);
  const first = parsed.errors[0];
  if (!first) return { refs, errors: [] };
  const unclosed = unclosedParentheses(expression, shift(first.span));
  if (unclosed) return unclosed;
  const error = describe(first.message, shift(first.span), expression, gaps);
  return { refs: refs.filter((r) => r.span.end <= error.span.start || error.grammarGap), errors: [error] };
}

function shift(span: Span): Span {
  return { start: span.start - PREFIX.length, end: span.end - PREFIX.length };
}

function columnRef(node: ParserRuleContext, span: Span, expression: string): ExpressionRef | undefined {
  if (span.start < 0 || span.end > expression.length || span.end <= span.start) return undefined;
  const parts: string[] = [];
  let current = '';
  walk(node, (n) => {
    if (!isTerminal(n)) return;
    if (n.getText() === '.') {
      parts.push(current);
      current = '';
    } else {
      current += n.getText();
    }
  });
  parts.push(current);
  const names = parts.map(flinkIdentifier);
  if (names.some((p) => !p)) return undefined;
  const name = names[names.length - 1];
  return { name, ...(names.length > 1 ? { qualifier: names.slice(0, -1).join('.') } : {}), parts: names, span };
}

/** Puts the grammar's first error in the user's terms: inside the expression, never on the text wrapped around it. */
function describe(message: string, span: Span, expression: string, gaps: GrammarGap[]): ExpressionError {
  const gap = gaps.find((g) => (!g.bridged && span.start >= g.start) || (span.start >= g.start && span.start < g.end));
  if (gap) {
    return {
      message: `Flink SQL accepts ${gap.construct} here, but the grammar this checker uses does not; this part of the expression is not checked.`,
      span: { start: gap.start, end: gap.end },
      grammarGap: true,
    };
  }
  const tokens = lex(expression);
  if (tokens.length === 0) return { message: 'The expression has no content (only comments).', span: { start: 0, end: expression.length } };
  let depth = 0;
  for (const t of tokens) {
    depth += t.text === '(' ? 1 : t.text === ')' ? -1 : 0;
    // one `)` too many closes the parenthesis the expression is checked in: say so before the grammar gets confused
    if (depth < 0) return { message: '`)` has no matching `(`.', span: { start: t.start, end: t.end } };
  }
  const last = tokens.length - 1;
  if (span.start >= tokens[last].end) {
    return withHint(`The expression is incomplete after \`${tokens[last].text}\` (an operand, a closing parenthesis or END may be missing).`, tokenSpan(tokens[last]), tokens, last);
  }
  if (span.start < 0) return withHint(`The expression cannot start with \`${tokens[0].text}\`.`, tokenSpan(tokens[0]), tokens, 0);
  const at = Math.max(0, tokens.findIndex((t) => t.end > span.start));
  const here = { start: span.start, end: Math.min(Math.max(span.end, span.start), expression.length) };
  const offending = tokens[at];
  if (offending.upper === 'AS') return { message: 'An expression has no alias: the field is named by its property, so `AS ...` does not belong here.', span: here };
  if (offending.text === ',' && depthAt(tokens, at) === 0) {
    return { message: 'A transformLogic is one expression: this `,` starts a second one (combine columns with CONCAT or ||).', span: here };
  }
  return withHint(message, here, tokens, at - 1);
}

/**
 * An expression that stops inside parentheses and reads as one once they are closed lacks exactly those `)`: said so
 * at its end, rather than blaming its last word (`CAST(amount AS INT` is not about `INT` being a reserved word). Its
 * columns are those of the closed expression, at the same offsets.
 */
function unclosedParentheses(expression: string, error: Span): ExpressionColumns | undefined {
  const tokens = lex(expression);
  if (tokens.length === 0 || error.start < tokens[tokens.length - 1].end) return undefined;
  const open: number[] = [];
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k].text === '(') open.push(k);
    else if (tokens[k].text === ')' && open.pop() === undefined) return undefined;
  }
  if (open.length === 0) return undefined;
  // on a line of its own, so that a trailing `--` comment does not swallow it
  const closed = expressionColumns(`${expression}\n${')'.repeat(open.length)}`);
  if (closed.errors.length > 0) return undefined;
  const opener = (k: number) => {
    const before = tokens[k - 1];
    return `\`${before && /^[A-Za-z_][A-Za-z0-9_]*$/.test(before.text) ? before.text : ''}(\``;
  };
  const what = open.length === 1 ? 'A `)` is missing' : `${open.length} \`)\` are missing`;
  const which = `${open.map(opener).join(', ')} ${open.length === 1 ? 'is' : 'are'} not closed`;
  return { refs: closed.refs, errors: [{ message: `${what} at the end of the expression (${which}).`, span: tokenSpan(tokens[tokens.length - 1]) }] };
}

function tokenSpan(t: Tok): Span {
  return { start: t.start, end: t.end };
}

function depthAt(tokens: Tok[], index: number): number {
  let depth = 0;
  for (let k = 0; k < index; k++) depth += tokens[k].text === '(' ? 1 : tokens[k].text === ')' ? -1 : 0;
  return depth;
}

/** Words that structure an expression: never taken for a column that lacks its backquotes. */
const STRUCTURE = new Set(['CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'AND', 'OR', 'NOT', 'IS', 'IN', 'LIKE', 'BETWEEN', 'AS', 'NULL', 'TRUE', 'FALSE', 'DISTINCT', 'FROM', 'FOR', 'TO', 'INTERVAL', 'CAST', 'SELECT']);
const AFTER_OPERAND = new Set([',', ')', ']', '+', '-', '*', '/', '%', '||', '=', '<>', '!=', '<', '>', '<=', '>=', 'AND', 'OR', 'IS', 'IN', 'LIKE', 'BETWEEN', 'NOT', 'THEN', 'WHEN', 'ELSE', 'END']);

/**
 * `date`, `value`, `count`...: reserved words need backquotes to be column names. Only a word where an operand
 * stands (followed by an operator, a comma, a closing parenthesis or nothing) is taken for a column.
 */
function withHint(message: string, span: Span, tokens: Tok[], k: number): ExpressionError {
  const t = tokens[k];
  const next = tokens[k + 1];
  const operand = !next || AFTER_OPERAND.has(next.upper);
  if (t && operand && !STRUCTURE.has(t.upper) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.text) && tokens[k - 1]?.text !== '.' && isReserved(t.text)) {
    // the grammar's own message is about what follows the word, which only confuses
    return { message: `\`${t.text}\` is a reserved word in Flink SQL: put it in backquotes to use it as a column name.`, span: tokenSpan(t) };
  }
  return { message, span };
}

const reserved = new Map<string, boolean>();

function isReserved(word: string): boolean {
  const key = word.toUpperCase();
  let verdict = reserved.get(key);
  if (verdict === undefined) {
    verdict = parseSql('flink', `${PREFIX}${word}${SUFFIX}`).errors.length > 0;
    reserved.set(key, verdict);
  }
  return verdict;
}
