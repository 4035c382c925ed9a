// The contract's SQL fragments in the job: which ones may be pasted into it, and the problems of those that may not.
import { expressionColumns } from '../sources/expressions';
import { FragmentKind, FRAGMENT_TEMPLATES, FragmentVerdict, screenFragment } from '../sources/flinkFragments';
import { checkStatement, isReservedWord, StatementFacts } from '../sources/flinkGrammar';
import { bridgeGaps, GrammarGap } from '../sources/grammarGaps';
import { Fragment, StreamModel } from './model';
import type { ScopeContext, StreamScope } from './scope';
import { fragmentSpan, StatementBuilder } from './statement';

const KIND: Record<Fragment['what'], FragmentKind> = {
  transformLogic: 'expression',
  flinkFilter: 'condition',
  flinkSource: 'fromClause',
  flinkGroupBy: 'groupByList',
};

const WHAT: Record<Fragment['what'], string> = {
  transformLogic: 'is not a valid Flink SQL expression',
  flinkSource: 'is not a valid Flink SQL FROM clause',
  flinkFilter: 'is not a valid Flink SQL condition',
  flinkGroupBy: 'is not a valid Flink SQL GROUP BY list',
};

const verdicts = new WeakMap<Fragment, FragmentVerdict>();

/** Whether a fragment is exactly what it claims to be (read once per fragment). */
export function verdictOf(fragment: Fragment): FragmentVerdict {
  let verdict = verdicts.get(fragment);
  if (!verdict) {
    verdict = screenFragment(fragment.text, KIND[fragment.what]);
    verdicts.set(fragment, verdict);
  }
  return verdict;
}

/** Every fragment of a stream: its FROM clause, condition, GROUP BY items and the properties' expressions. */
export function streamFragments(stream: StreamModel): Fragment[] {
  return [stream.source, stream.filter, ...stream.groupBy, ...stream.properties.map((p) => p.logic)].filter((f): f is Fragment => f !== undefined);
}

function owner(stream: StreamModel, fragment: Fragment): string {
  if (fragment.what !== 'transformLogic') return `\`${fragment.what}\` of stream \`${stream.name}\``;
  return `The transformLogic of \`${stream.properties.find((p) => p.logic === fragment)?.field}\``;
}

/** A fragment that holds more than it claims (a `;`, a comment, a clause of its own): reported where it is, never pasted. */
export function reportRefusal(stream: StreamModel, fragment: Fragment, verdict: Extract<FragmentVerdict, { ok: false }>, ctx: ScopeContext): void {
  // an expression that is not one: checked on its own, the reason is often plainer (`)` has no matching `(`)
  const alone = verdict.reason === 'shape' && (fragment.what === 'transformLogic' || fragment.what === 'flinkFilter') ? expressionColumns(fragment.text).errors[0] : undefined;
  const why = alone && !alone.grammarGap ? { start: alone.span.start, end: alone.span.end, message: lowerFirst(alone.message).replace(/\.$/, '') } : verdict;
  const span = fragmentSpan(ctx.text, ctx.doc, fragment, why.start, Math.max(why.end, why.start + 1));
  ctx.problems.push({ code: 'flink-fragment-refused', severity: 'error', path: fragment.owner, ...(span ? { span } : {}), message: `${owner(stream, fragment)} is left out of the job: ${why.message}.` });
}

/** Constructs the grammar does not know, in the fragments of a checked statement: information, not errors. */
export function reportGaps(b: StatementBuilder, gaps: readonly GrammarGap[], ctx: ScopeContext): void {
  for (const gap of gaps) {
    const where = b.at(gap.start);
    if (!where || where.past) continue;
    const end = b.at(gap.end - 1);
    const span = fragmentSpan(ctx.text, ctx.doc, where.segment.fragment, where.valueStart, end && end.segment === where.segment ? end.valueStart + 1 : where.valueStart + 1);
    ctx.problems.push({
      code: 'flink-grammar-gap',
      severity: 'info',
      path: where.segment.fragment.owner,
      ...(span ? { span } : {}),
      message: gap.bridged
        ? `\`${gap.construct}\` is valid Flink SQL that the SQL checker's grammar (dt-sql-parser) does not know: it is generated as written and the rest of the statement was checked around it. This is a limitation of the checker, not an error.`
        : `\`${gap.construct}\` is valid Flink SQL that the SQL checker's grammar (dt-sql-parser) does not know: this statement could not be checked. This is a limitation of the checker, not an error.`,
    });
  }
}

/**
 * The grammar's first error in a checked statement, reported in the fragment it falls in (or just after); returns
 * that fragment. An error outside every fragment is the generator's own defect: reported as such.
 */
export function reportSyntaxError(stream: StreamModel, b: StatementBuilder, facts: StatementFacts, scope: StreamScope, ctx: ScopeContext): Fragment | undefined {
  const error = facts.error;
  // where the grammar cannot read a valid construct, its verdict says nothing about the contract
  if (!error || facts.gaps.some((g) => !g.bridged)) return undefined;
  // `missing a keyword at 'date'` can come at the end of the statement: the token it names is the place
  let named = /at '([^']+)'$/.exec(error.message)?.[1];
  // at the very end the grammar names the line break it stopped at: the word before it is the place
  if (named !== undefined && !named.trim() && error.start >= b.text.trimEnd().length) {
    named = lastWord(b.text.trimEnd());
    if (named) error.message = error.message.replace(/at '[^']*'$/, `at '${named}'`);
  }
  if (named && error.start >= b.text.trimEnd().length) {
    const found = b.text.toLowerCase().lastIndexOf(named.toLowerCase(), error.start);
    if (found >= 0) Object.assign(error, { start: found, end: found + named.length, token: b.text.slice(found, found + named.length) });
  }
  const where = b.at(error.start);
  const message = grammarMessage(error.message, error.token, scope);
  if (!where) {
    ctx.problems.push({ code: 'flink-generated-sql', severity: 'error', path: stream.path, message: `The generated INSERT for stream \`${stream.name}\` does not parse: ${message}. This is a defect of streamcontract; please report it with the contract.` });
    return undefined;
  }
  const fragment = where.segment.fragment;
  // an expression checked on its own gets the precise message (incomplete, reserved word) the editor shows too
  const alone = fragment.what === 'transformLogic' || fragment.what === 'flinkFilter' ? expressionColumns(fragment.text).errors[0] : undefined;
  if (alone && !alone.grammarGap) {
    const span = fragmentSpan(ctx.text, ctx.doc, fragment, alone.span.start, Math.max(alone.span.end, alone.span.start + 1));
    ctx.problems.push({ code: 'flink-sql-syntax', severity: 'error', path: fragment.owner, ...(span ? { span } : {}), message: `${owner(stream, fragment)} ${WHAT[fragment.what]}: ${lowerFirst(quoteTokens(alone.message)).replace(/\.$/, '')}.` });
    return fragment;
  }
  const last = b.at(Math.max(error.start, error.end - 1));
  const end = !where.past && last && last.segment === where.segment && !last.past ? last.valueStart + 1 : where.valueEnd;
  const span = fragmentSpan(ctx.text, ctx.doc, fragment, where.valueStart, Math.max(end, where.valueStart + 1));
  const text = where.past
    ? `${owner(stream, fragment)} ${WHAT[fragment.what]}: it ends too early (an unclosed parenthesis or quote, or a CASE without END?); the grammar stopped at what follows it (${message}).`
    : `${owner(stream, fragment)} ${WHAT[fragment.what]}: ${message}.`;
  ctx.problems.push({ code: 'flink-sql-syntax', severity: 'error', path: fragment.owner, ...(span ? { span } : {}), message: text });
  return fragment;
}

/** Constructs the grammar does not know in a fragment that passed its screening, checked in the statement made for its kind. */
export function reportGapsAlone(fragment: Fragment, ctx: ScopeContext): void {
  const { prefix, suffix } = FRAGMENT_TEMPLATES[KIND[fragment.what]];
  const b = new StatementBuilder().add(prefix).fragment(fragment, '  ').add(suffix);
  // the gaps are lexical: no parse needed (the screening parsed the fragment already)
  reportGaps(b, bridgeGaps(b.text).gaps, ctx);
}

/** A fragment the grammar rejects on its own, checked in the statement made for its kind and reported like the others. */
export function reportSyntaxAlone(stream: StreamModel, fragment: Fragment, verdict: Extract<FragmentVerdict, { ok: false }>, scope: StreamScope, ctx: ScopeContext): void {
  const { prefix, suffix } = FRAGMENT_TEMPLATES[KIND[fragment.what]];
  const b = new StatementBuilder().add(prefix).fragment(fragment, '  ').add(suffix);
  if (reportSyntaxError(stream, b, checkStatement(b.text), scope, ctx) === fragment) return;
  const span = fragmentSpan(ctx.text, ctx.doc, fragment, verdict.start, Math.max(verdict.end, verdict.start + 1));
  ctx.problems.push({ code: 'flink-sql-syntax', severity: 'error', path: fragment.owner, ...(span ? { span } : {}), message: `${owner(stream, fragment)} ${WHAT[fragment.what]}: ${lowerFirst(quoteTokens(verdict.message))}.` });
}

/** The word (letters, digits, `_`, `$`) the text ends with, read backwards. */
function lastWord(text: string): string | undefined {
  let start = text.length;
  while (start > 0 && /[\w$]/.test(text[start - 1])) start--;
  return start < text.length ? text.slice(start) : undefined;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z ]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

/** The grammar quotes tokens in single quotes (`''VIP'' is not valid`): code quotes read better around SQL strings. */
function quoteTokens(message: string): string {
  return message.replace(/^'(.*)' is not valid at this position/, (_, t: string) => `\`${t}\` is not valid at this position`).replace(/ at '([^']+)'$/, (_, t: string) => ` at \`${t}\``);
}

/** The grammar's message, in the user's terms where it is cryptic, with a hint for reserved words used as column names. */
function grammarMessage(message: string, token: string, scope: StreamScope): string {
  const word = token.trim();
  let text = /failed predicate/.test(message) ? `\`${word}\` is not valid at this position` : quoteTokens(message);
  const column = scope.tables.some((t) => t.table.columns.some((c) => c.name.toLowerCase() === word.toLowerCase()));
  if (column && isReservedWord(word)) text += ` (\`${word}\` is a reserved word in Flink SQL: write the column name in backquotes)`;
  return text;
}
