// Runs dt-sql-parser's Flink SQL and PostgreSQL grammars: parse trees, syntax errors as UTF-16 spans, tree helpers.
import { FlinkSQL } from 'dt-sql-parser';
import type { ErrorListener, PostgreSQL } from 'dt-sql-parser';
import { PredictionMode } from 'antlr4ng';
import type { ParserRuleContext, ParseTree, TerminalNode, Token } from 'antlr4ng';
import { Span } from '../types';

export type Dialect = 'flink' | 'postgres';

export interface SqlError {
  message: string;
  span: Span;
}

export interface ParsedSql {
  tree: ParserRuleContext;
  /** Every syntax error, in order (they cascade: callers keep the first per statement). */
  errors: SqlError[];
  offsets: OffsetMap;
}

let flink: FlinkSQL | undefined;
let postgres: PostgreSQL | undefined;

let createPostgres: (() => PostgreSQL) | undefined;

/**
 * The PostgreSQL grammar comes from the module that reads PostgreSQL DDL: code that checks Flink SQL alone (the
 * language server's own thread) never loads it, the largest grammar of all.
 */
export function providePostgresGrammar(create: () => PostgreSQL): void {
  createPostgres ??= create;
}

/** The grammar for a dialect (created once: the parsers build their lookup tables on first use). */
export function grammar(dialect: Dialect): FlinkSQL | PostgreSQL {
  if (dialect === 'flink') return (flink ??= new FlinkSQL());
  if (!createPostgres) throw new Error('the PostgreSQL grammar is not loaded (import ./postgresDdl)');
  return (postgres ??= createPostgres());
}

/**
 * Parses with the fast SLL prediction first; only when that reports errors, once more with full LL, whose
 * verdict is the real one (SLL can reject valid input; full LL costs seconds on a cold parser, so callers bridge
 * the known cases first). `source` is the text spans and slices refer to, when `text` is a same-length rewrite of
 * it. Passing a listener replaces antlr's console listener, so nothing is printed.
 */
export function parseSql(dialect: Dialect, text: string, source = text): ParsedSql {
  const sql = grammar(dialect);
  const offsets = new OffsetMap(text, source);
  let errors: SqlError[] = [];
  const listener: ErrorListener = (e, raw) => errors.push(toError(e.message, raw.offendingSymbol, e.startLine, e.startColumn, offsets));
  let tree = sql.parse(text, listener) as ParserRuleContext;
  if (errors.length > 0) {
    errors = [];
    const parser = sql.createParser(text, listener);
    parser.interpreter.predictionMode = PredictionMode.LL;
    parser.buildParseTrees = true;
    tree = parser.program() as ParserRuleContext;
  }
  return { tree, errors, offsets };
}

function toError(message: string, symbol: Token | null, line: number, column: number, offsets: OffsetMap): SqlError {
  if (symbol && symbol.type !== -1 && symbol.start >= 0) return { message, span: offsets.span(symbol.start, symbol.stop) };
  if (symbol && symbol.type === -1) {
    const end = offsets.length;
    return { message, span: { start: end, end } };
  }
  const start = offsets.fromLineColumn(line, column - 1);
  return { message, span: { start, end: Math.min(offsets.lineEnd(start), start + 1) } };
}

/**
 * antlr counts code points; spans count UTF-16 units. Identity unless the text has characters outside the BMP.
 * `text` is what slices are taken from: the source, when the parsed text is a same-length rewrite of it.
 */
export class OffsetMap {
  private readonly map: Int32Array | undefined;
  private lineStarts: number[] | undefined;
  readonly text: string;
  private readonly parsed: string;
  constructor(parsed: string, source = parsed) {
    this.text = source.length === parsed.length ? source : parsed;
    this.parsed = parsed;
    const text = parsed;
    if (!/[\uD800-\uDBFF]/.test(text)) return;
    const map: number[] = [];
    for (let i = 0; i < text.length; i++) {
      map.push(i);
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i++;
    }
    map.push(text.length);
    this.map = Int32Array.from(map);
  }
  get length(): number {
    return this.text.length;
  }
  at(codePoint: number): number {
    if (!this.map) return Math.min(codePoint, this.text.length);
    return this.map[Math.min(Math.max(codePoint, 0), this.map.length - 1)];
  }
  /** The span of code points `start..stop` (inclusive, as antlr tokens give them). */
  span(start: number, stop: number): Span {
    const s = this.at(start);
    return { start: s, end: Math.max(s, this.at(stop + 1)) };
  }
  /** 1-based line, 0-based column in code points → UTF-16 offset. */
  fromLineColumn(line: number, column: number): number {
    this.lineStarts ??= [0, ...[...this.parsed.matchAll(/\n/g)].map((m) => m.index! + 1)];
    let offset = this.lineStarts[Math.min(Math.max(line - 1, 0), this.lineStarts.length - 1)];
    for (let i = 0; i < column && offset < this.parsed.length; i++) offset += this.parsed.codePointAt(offset)! > 0xffff ? 2 : 1;
    return offset;
  }
  lineEnd(offset: number): number {
    const nl = this.text.indexOf('\n', offset);
    return nl < 0 ? this.text.length : nl;
  }
}

const ruleNames = new Map<Dialect, readonly string[]>();

/** The grammar's name of a rule node (`selectStatement`), read from the parser: class names do not survive bundling. */
export function ruleName(dialect: Dialect, node: ParseTree | null | undefined): string {
  if (!node || isTerminal(node)) return '';
  let names = ruleNames.get(dialect);
  if (!names) {
    names = grammar(dialect).createParser('', () => undefined).ruleNames;
    ruleNames.set(dialect, names);
  }
  return names[(node as ParserRuleContext).ruleIndex] ?? '';
}

export function isTerminal(node: ParseTree): node is TerminalNode {
  return (node as TerminalNode).symbol !== undefined;
}

/** The span a rule covers (empty at its start when it matched nothing). */
export function ctxSpan(ctx: ParserRuleContext, offsets: OffsetMap): Span {
  const start = ctx.start?.start ?? 0;
  const stop = ctx.stop && ctx.stop.stop >= start && ctx.stop.type !== -1 ? ctx.stop.stop : start - 1;
  return offsets.span(start, stop);
}

/** The source text of a rule, as written (the tree's own getText drops the spaces). */
export function textOf(ctx: ParserRuleContext | null | undefined, offsets: OffsetMap): string {
  if (!ctx) return '';
  const span = ctxSpan(ctx, offsets);
  return offsets.text.slice(span.start, span.end);
}

export function children(ctx: ParseTree | null | undefined): ParseTree[] {
  const out: ParseTree[] = [];
  if (!ctx) return out;
  for (let i = 0; i < ctx.getChildCount(); i++) out.push(ctx.getChild(i)!);
  return out;
}

/** Upper-cased texts of a rule's own terminal children (its keywords and punctuation). */
export function keywords(ctx: ParserRuleContext | null | undefined): string[] {
  return children(ctx).filter(isTerminal).map((t) => t.getText().toUpperCase());
}

/** Depth-first walk; `enter` returns false to skip a subtree. */
export function walk(node: ParseTree, enter: (node: ParseTree) => boolean | void): void {
  if (enter(node) === false) return;
  for (let i = 0; i < node.getChildCount(); i++) walk(node.getChild(i)!, enter);
}

/** Offsets just after each top-level `;`: statement boundaries that survive error recovery. */
export function statementEnds(tree: ParseTree, offsets: OffsetMap): number[] {
  const ends: number[] = [];
  walk(tree, (n) => {
    if (isTerminal(n) && n.getText() === ';') ends.push(offsets.at(n.symbol.stop + 1));
  });
  return ends;
}

/** The first error of each statement (errors cascade after the first one). */
export function firstErrorPerStatement(errors: readonly SqlError[], ends: readonly number[]): SqlError[] {
  const seen = new Set<number>();
  const out: SqlError[] = [];
  for (const e of errors) {
    const index = statementIndex(ends, e.span.start);
    if (seen.has(index)) continue;
    seen.add(index);
    out.push(e);
  }
  return out;
}

/** Which statement an offset is in (the number of statement ends at or before it). */
export function statementIndex(ends: readonly number[], offset: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A Flink identifier's value: backquotes removed (and doubled backquotes undone); quoted option keys unquoted. */
export function flinkIdentifier(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('`') && t.endsWith('`')) return t.slice(1, -1).replace(/``/g, '`');
  if (t.length >= 2 && t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
  return t;
}

/** A PostgreSQL identifier's value: quoted names keep their case, unquoted ones fold to lower case. */
export function postgresIdentifier(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/""/g, '"');
  return t.toLowerCase();
}

/** A SQL string literal's value. */
export function stringValue(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith("'") && t.endsWith("'") ? t.slice(1, -1).replace(/''/g, "'") : t;
}
