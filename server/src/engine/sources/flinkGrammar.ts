// Checks one Flink SQL statement with dt-sql-parser's Flink grammar: its first syntax error, and where its identifiers are.
import { TextCache } from '../textCache';
import { FlinkSQL, FlinkSqlParserListener } from 'dt-sql-parser';
import type { ParserRuleContext } from 'antlr4ng';
import { ctxSpan, grammar, OffsetMap, parseSql } from './sqlParser';
import { bridgeGaps, GrammarGap } from './grammarGaps';

export type { GrammarGap };

export interface StatementFacts {
  /** The first syntax error the grammar reports, as offsets into the statement. */
  error?: { start: number; end: number; message: string; token: string };
  gaps: GrammarGap[];
  /** Unquoted identifiers in column, table and alias positions: quoting them changes nothing but safety. */
  unquoted: { start: number; end: number }[];
  /** Tables of FROM clauses, with their aliases. */
  tables: { start: number; end: number; text: string; alias?: string }[];
}

/** Parses one statement (no trailing `;` needed). Never throws: a parser failure is reported as an error at the start. */
/** Statements parsed lately: a keystroke in a description generates the same statements as the one before. */
const statements = new TextCache<StatementFacts>(64);

/** The facts of a statement (each caller gets its own copy: callers adjust the error's place). */
export function checkStatement(sql: string): StatementFacts {
  const facts = statements.get(sql, () => checkStatementNow(sql));
  return { ...facts, gaps: [...facts.gaps], unquoted: [...facts.unquoted], tables: [...facts.tables], ...(facts.error ? { error: { ...facts.error } } : {}) };
}

function checkStatementNow(sql: string): StatementFacts {
  const { text, gaps } = bridgeGaps(sql);
  const facts: StatementFacts = { gaps, unquoted: [], tables: [] };
  try {
    const parsed = parseSql('flink', text);
    const first = parsed.errors[0];
    if (first) {
      const end = Math.max(first.span.end, first.span.start);
      facts.error = { start: first.span.start, end, message: first.message, token: sql.slice(first.span.start, end) };
    } else {
      (grammar('flink') as FlinkSQL).listen(new FactCollector(text, parsed.offsets, facts), parsed.tree);
    }
  } catch (err) {
    facts.error = { start: 0, end: 0, message: `the grammar failed on this statement (${err instanceof Error ? err.message : String(err)})`, token: '' };
  }
  return facts;
}

const reserved = new Map<string, boolean>();

/** Whether a word cannot be a column name without backquotes (`value`, `date`, `timestamp`...). */
export function isReservedWord(word: string): boolean {
  const key = word.toUpperCase();
  let verdict = reserved.get(key);
  if (verdict === undefined) {
    verdict = /^[A-Za-z_][A-Za-z0-9_]*$/.test(word) && checkStatement(`SELECT ${word} FROM t`).error !== undefined;
    reserved.set(key, verdict);
  }
  return verdict;
}

const NAME_CONTEXTS = ['ColumnName', 'ColumnNamePath', 'ColumnNamePathAllowEmpty', 'TablePath', 'TableAlias', 'ColumnAlias'] as const;

class FactCollector extends FlinkSqlParserListener {
  private names = 0;
  private functionNames = 0;
  private from = 0;
  private current: { start: number; end: number; text: string; alias?: string } | undefined;

  constructor(sql: string, offsets: OffsetMap, facts: StatementFacts) {
    super();
    const span = (ctx: ParserRuleContext) => ctxSpan(ctx, offsets);
    for (const name of NAME_CONTEXTS) {
      (this as Record<string, unknown>)[`enter${name}`] = () => this.names++;
      (this as Record<string, unknown>)[`exit${name}`] = () => this.names--;
    }
    this.enterFunctionNameWithParams = () => this.functionNames++;
    this.exitFunctionNameWithParams = () => this.functionNames--;
    this.enterUnquotedIdentifier = (ctx) => {
      if (this.names > 0 && this.functionNames === 0) facts.unquoted.push(span(ctx));
    };
    this.enterNonReservedKeywords = (ctx) => {
      if (this.names === 0 || this.functionNames > 0) return;
      // `p.name` is a column path, but `x IGNORE NULLS` also lands here: only words joined by dots are names
      const { start, end } = span(ctx);
      if (sql[start - 1] === '.' || sql[end] === '.') facts.unquoted.push({ start, end });
    };
    this.enterFromClause = () => this.from++;
    this.exitFromClause = () => this.from--;
    this.enterTableReference = () => {
      if (this.from > 0) this.current = undefined;
    };
    this.enterTablePath = (ctx) => {
      this.names++;
      if (this.from === 0) return;
      const s = span(ctx);
      this.current = { ...s, text: sql.slice(s.start, s.end) };
      facts.tables.push(this.current);
    };
    this.enterTableAlias = (ctx) => {
      this.names++;
      if (this.from === 0 || !this.current || !ctx.stop) return;
      this.current.alias = (ctx.stop.text ?? '').replace(/^`|`$/g, '').replace(/``/g, '`');
    };
  }
}
