// Checks that Flink SQL written in a contract is exactly what it claims to be: one expression, one condition, a FROM clause or a GROUP BY list.
//
// A fragment is pasted into a job that a cluster runs with its credentials, so it must not be able to end the
// statement, hide the rest of a line, or carry a clause of its own. It is read twice: with Flink's lexical rules
// (no `;`, no comment, nothing Flink would read differently from the checker), then with the grammar inside a
// statement made for it, whose parse tree must hold the fragment as exactly one node of the expected kind.
import { TextCache } from '../textCache';
import type { ParserRuleContext, ParseTree } from 'antlr4ng';
import { blankedGaps } from './grammarGaps';
import { describeCharacter, flinkTokens, isLineBreak, isUnsafeCharacter } from './flinkLexer';
import { children, ctxSpan, isTerminal, OffsetMap, parseSql, ruleName } from './sqlParser';

export type FragmentKind = 'expression' | 'condition' | 'fromClause' | 'groupByList';

export type FragmentVerdict =
  | { ok: true }
  | {
      ok: false;
      /** `lexical`: a `;`, a comment, ...; `syntax`: the grammar rejects it; `shape`: it parses, but as more than it claims. */
      reason: 'lexical' | 'syntax' | 'shape';
      /** Offsets into the fragment's text. */
      start: number;
      end: number;
      message: string;
    };

/** Longer than any fragment a contract holds: refused unread. */
export const MAX_FRAGMENT = 20_000;

/** The statement each kind is checked in; the newline ends nothing (comments are refused) but keeps the suffix off the last line. */
export const FRAGMENT_TEMPLATES: Record<FragmentKind, { prefix: string; suffix: string }> = {
  expression: { prefix: 'SELECT (', suffix: '\n) FROM t' },
  condition: { prefix: 'SELECT 1 FROM t WHERE ', suffix: '\n' },
  fromClause: { prefix: 'SELECT 1 FROM ', suffix: '\n' },
  groupByList: { prefix: 'SELECT 1 FROM t GROUP BY ', suffix: '\n' },
};

const WHAT: Record<FragmentKind, string> = {
  expression: 'the expression',
  condition: 'the condition',
  fromClause: 'the FROM clause',
  groupByList: 'the GROUP BY list',
};

export function screenFragment(text: string, kind: FragmentKind): FragmentVerdict {
  return screened.get(`${kind}\u0000${text}`, () => screenNow(text, kind));
}

/** Verdicts by kind and text: a contract's fragments are screened again at every keystroke, mostly unchanged. */
const screened = new TextCache<FragmentVerdict>(20_000);

function screenNow(text: string, kind: FragmentKind): FragmentVerdict {
  if (text.length > MAX_FRAGMENT) return { ok: false, reason: 'lexical', start: 0, end: 0, message: `it is too long to check (${text.length} characters)` };
  return lexicalVerdict(text) ?? grammarVerdict(text, kind);
}

/** What Flink reads in a fragment that no fragment may hold. */
export function lexicalVerdict(text: string): FragmentVerdict | undefined {
  const refuse = (start: number, end: number, message: string): FragmentVerdict => ({ ok: false, reason: 'lexical', start, end, message });
  const tokens = flinkTokens(text);
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const unsafe = unsafeIn(t.text, [0x0a]);
    if (t.kind === 'comment') return refuse(t.start, t.end, 'a comment (`--`, `//`, `/* */`) is not allowed here: it can hide the rest of a line of the job. Describe the logic in the `description` instead');
    if (t.kind === 'dquoted') return refuse(t.start, t.end, 'double quotes are not Flink SQL: write strings in single quotes and names in backquotes');
    if (t.text === ';') return refuse(t.start, t.end, '`;` ends a statement, and this text is pasted into one: remove it');
    if (t.text === '#') return refuse(t.start, t.end, '`#` is not Flink SQL (some SQL dialects start a comment with it)');
    if ((t.kind === 'string' || t.kind === 'quoted') && !t.closed) return refuse(t.start, t.end, t.kind === 'string' ? 'the string starting here is never closed' : 'the quoted name starting here is never closed');
    if (t.kind === 'string' || t.kind === 'quoted') {
      const quote = t.text[0];
      for (let i = 1; i < t.text.length; i++) {
        const c = t.text.charCodeAt(i);
        if (isLineBreak(c)) return refuse(t.start + i, t.start + i + 1, `a ${t.kind === 'string' ? 'string' : 'quoted name'} cannot span lines here: write it on one line`);
        // the checker's grammar reads `\'` as an escaped quote, Flink reads a backslash and the end of the string
        if (t.text[i] === '\\' && t.text[i + 1] === quote) return refuse(t.start + i, t.start + i + 2, `a backslash does not escape a quote in Flink SQL: write the quote twice (\`${quote}${quote}\`)`);
      }
    }
    if (unsafe !== undefined) return refuse(t.start + unsafe, t.start + unsafe + 1, `it holds ${describeCharacter(t.text.charCodeAt(unsafe))}`);
    // `//` starts a comment for Flink (and is two divisions for the checker's grammar)
    if (t.text === '/' && tokens[k + 1]?.text === '/') return refuse(t.start, t.start + 2, '`//` starts a comment in Flink SQL: it is not allowed here');
  }
  return undefined;
}

/** The index of the first unsafe character of a token (line feeds allowed where listed), if any. */
function unsafeIn(text: string, allowed: number[]): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isUnsafeCharacter(c) && !allowed.includes(c)) return i;
  }
  return undefined;
}

function grammarVerdict(text: string, kind: FragmentKind): FragmentVerdict {
  const { prefix, suffix } = FRAGMENT_TEMPLATES[kind];
  const source = prefix + text + suffix;
  // what the grammar cannot read at all (`OVER (...)`) is blanked: a balanced group without `;` or comments, after a call
  const { text: checked } = blankedGaps(source);
  const body = checked.slice(prefix.length, prefix.length + text.length);
  let a = 0;
  let b = body.length;
  while (a < b && /\s/.test(body[a])) a++;
  while (b > a && /\s/.test(body[b - 1])) b--;
  if (a === b) return { ok: false, reason: 'syntax', start: 0, end: text.length, message: `${WHAT[kind]} is empty` };
  let parsed;
  try {
    parsed = parseSql('flink', checked, source);
  } catch (err) {
    return { ok: false, reason: 'syntax', start: a, end: b, message: `the grammar failed on it (${err instanceof Error ? err.message : String(err)})` };
  }
  const shift = prefix.length;
  const clamp = (offset: number) => Math.min(Math.max(offset - shift, 0), text.length);
  const first = parsed.errors[0];
  if (first) return { ok: false, reason: 'syntax', start: clamp(first.span.start), end: clamp(Math.max(first.span.end, first.span.start + 1)), message: first.message };
  const node = expectedNode(parsed.tree, kind, parsed.offsets, source.length - suffix.length + suffix.indexOf(')'));
  const want = { start: shift + a, end: shift + b };
  if (node && node.start === want.start && node.end === want.end) return { ok: true };
  // a parenthesis closed that the fragment never opened reaches into the statement around it
  let depth = 0;
  for (const t of flinkTokens(text)) {
    depth += t.text === '(' ? 1 : t.text === ')' ? -1 : 0;
    if (depth < 0) return { ok: false, reason: 'shape', start: t.start, end: t.end, message: `\`)\` closes a parenthesis that ${WHAT[kind]} did not open` };
  }
  // the tokens after what the grammar took for the fragment are what it does not claim to be
  const stop = node && node.start === want.start && node.end < want.end ? node.end : want.start;
  const rest = flinkTokens(source.slice(stop, want.end)).find((t) => t.kind !== 'space');
  const at = rest ? stop + rest.start : want.start;
  const message = rest && node?.start === want.start
    ? `${WHAT[kind]} ends before \`${rest.text}\`: what follows is not part of it`
    : `it is not ${kind === 'expression' ? 'one expression' : kind === 'condition' ? 'one condition' : kind === 'fromClause' ? 'a FROM clause (tables and joins)' : 'a list of expressions'}`;
  return { ok: false, reason: 'shape', start: clamp(at), end: clamp(rest ? at + rest.text.length : want.end), message };
}

/** The span of the node the fragment must be exactly, in the one statement of the template. */
function expectedNode(tree: ParseTree, kind: FragmentKind, offsets: OffsetMap, close: number): { start: number; end: number } | undefined {
  const statements = children(tree).filter((c) => ruleName('flink', c) === 'singleStatement');
  if (statements.length !== 1) return undefined;
  const select = find(statements[0], 'selectStatement');
  if (!select) return undefined;
  const clause = (name: string) => children(select).find((c) => ruleName('flink', c) === name) as ParserRuleContext | undefined;
  const span = (ctx: ParseTree | undefined) => (ctx && !isTerminal(ctx) ? ctxSpan(ctx as ParserRuleContext, offsets) : undefined);
  switch (kind) {
    case 'expression': {
      const items = children(find(clause('selectClause'), 'selectList')).filter((c) => !isTerminal(c));
      if (items.length !== 1) return undefined;
      // the template's own parentheses: `(` just before the fragment, `)` after its newline
      const open = FRAGMENT_TEMPLATES.expression.prefix.length - 1;
      const group = findNode(items[0], (n) => {
        const c = children(n);
        return c.length === 3 && isTerminal(c[0]) && isTerminal(c[2]) && c[0].getText() === '(' && c[2].getText() === ')' && offsets.at(c[0].symbol.start) === open && offsets.at(c[2].symbol.start) === close;
      });
      return group ? span(children(group)[1]) : undefined;
    }
    case 'condition': {
      const inner = children(clause('whereClause')).filter((c) => !isTerminal(c));
      return inner.length === 1 ? span(inner[0]) : undefined;
    }
    case 'fromClause': {
      const inner = children(clause('fromClause')).filter((c) => !isTerminal(c));
      return inner.length === 1 ? span(inner[0]) : undefined;
    }
    case 'groupByList': {
      const group = clause('groupByClause');
      const items = children(group).filter((c) => !isTerminal(c));
      if (!group || items.length === 0 || items.some((i) => ruleName('flink', i) !== 'groupItemDefinition')) return undefined;
      const whole = span(group)!;
      return { start: span(items[0])!.start, end: whole.end };
    }
  }
}

/** The first rule node named `name` at or below `node`, depth first. */
function find(node: ParseTree | undefined, name: string): ParseTree | undefined {
  return findNode(node, (n) => ruleName('flink', n) === name);
}

function findNode(node: ParseTree | undefined, match: (node: ParseTree) => boolean): ParseTree | undefined {
  if (!node || isTerminal(node)) return undefined;
  if (match(node)) return node;
  for (const child of children(node)) {
    const found = findNode(child, match);
    if (found) return found;
  }
  return undefined;
}
