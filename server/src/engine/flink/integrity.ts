// The last check of a generated job: it holds exactly the statements the generator meant, read the way Flink reads it and the way the grammar does.
//
// Every value reaching the job is escaped and every fragment screened; this check does not trust that. It reads the
// whole text with Flink's lexical rules (strings, names, comments, `;`), then with the grammar, and both must find
// the same statements: the source and sink CREATE TABLEs, then one INSERT per stream (in one EXECUTE STATEMENT SET
// when there are several), and nothing else. Comments are whole `--` lines, as the generator writes them.
import { TextCache } from '../textCache';
import { describeCharacter, flinkTokens, FlinkToken, isUnsafeCharacter } from '../sources/flinkLexer';
import { blankedGaps } from '../sources/grammarGaps';
import { children, parseSql, ruleName, statementEnds } from '../sources/sqlParser';
import type { ParseTree } from 'antlr4ng';
import { commentText } from './sqlText';

export interface JobShape {
  /** Source and sink tables. */
  creates: number;
  /** One per stream. */
  inserts: number;
}

/** Why the job is not exactly the statements of `shape` (a sentence), or undefined when it is. */
export function integrityFailure(sql: string, shape: JobShape): string | undefined {
  return checked.get(`${shape.creates}\u0000${shape.inserts}\u0000${sql}`, () => integrityFailureNow(sql, shape)) ?? undefined;
}

/** Jobs checked lately: an edit that changes no generated statement yields the same job. */
const checked = new TextCache<string | undefined>(8);

function integrityFailureNow(sql: string, shape: JobShape): string | undefined {
  const tokens = flinkTokens(sql);
  const lineOf = lineIndex(sql);
  return lexicalFailure(sql, tokens, lineOf) ?? lineSplitFailure(sql, tokens, lineOf) ?? statementFailure(tokens, shape, lineOf) ?? grammarFailure(sql, tokens, shape, lineOf);
}

function lineIndex(sql: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < sql.length; i++) if (sql.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Tokens the generator never writes: other comments, double quotes, unclosed quotes, stray characters. */
function lexicalFailure(sql: string, tokens: FlinkToken[], lineOf: (offset: number) => number): string | undefined {
  let lineStart = true;
  let statement = -1;
  for (const t of tokens) {
    if (statement < 0 && t.kind !== 'space' && t.kind !== 'comment') statement = t.start;
    const at = `line ${lineOf(t.start)}${statement >= 0 ? ` (of the statement that starts \`${startOf(sql, statement)}\`)` : ''}`;
    // a line feed may separate tokens, and stand inside a string; no other line break or control character may be anywhere
    for (let i = 0; i < t.text.length; i++) {
      const c = t.text.charCodeAt(i);
      if (isUnsafeCharacter(c) && !(c === 10 && (t.kind === 'space' || t.kind === 'string'))) return `${at} holds ${describeCharacter(c)}`;
    }
    if (t.kind === 'comment' && (!t.text.startsWith('--') || !lineStart)) return `${at} has a comment that is not a whole \`--\` line`;
    if (t.kind === 'dquoted') return `${at} has double-quoted text, which is not Flink SQL`;
    if ((t.kind === 'string' || t.kind === 'quoted') && !t.closed) return `${at} has an unclosed ${t.kind === 'string' ? 'string' : 'quoted name'}`;
    if (t.kind === 'quoted' && t.text.includes('\n')) return `${at} has a quoted name that spans lines`;
    if (t.kind === 'punct' && (t.text === '#' || t.text === '\\')) return `${at} has \`${t.text}\`, which is not Flink SQL`;
    if (t.text === ';') statement = -1;
    if (t.kind !== 'space') lineStart = false;
    else if (t.text.includes('\n')) lineStart = true;
  }
  return undefined;
}

/** Where the statement holding `offset` starts: its first token after the previous `;`. */
function statementStart(tokens: FlinkToken[], offset: number): number {
  let start = 0;
  let pending = true;
  for (const t of tokens) {
    if (t.start >= offset) break;
    if (t.text === ';') pending = true;
    else if (pending && t.kind !== 'space' && t.kind !== 'comment') {
      start = t.start;
      pending = false;
    }
  }
  return start;
}

/** The first line of the statement at `offset`, as a message shows it. */
function startOf(sql: string, offset: number): string {
  const end = sql.indexOf('\n', offset);
  return commentText(sql.slice(offset, end < 0 ? sql.length : end), 60);
}

/**
 * Flink's SQL client before 1.17 splits a file into statements by lines: a line ends a statement when, cut at its
 * first `--`, it ends in `;`, even inside a string. Where a string spans lines, the text after such a split would
 * start a statement of its own: every line a multi-line string touches must not end in a `;` that ends nothing.
 * (Elsewhere a false split leaves two halves that both start with generated text and fail to parse.)
 */
function lineSplitFailure(sql: string, tokens: FlinkToken[], lineOf: (offset: number) => number): string | undefined {
  const ends = new Set(tokens.filter((t) => t.text === ';').map((t) => t.start));
  for (const t of tokens) {
    if (t.kind !== 'string' || !t.text.includes('\n')) continue;
    let start = sql.lastIndexOf('\n', t.start - 1) + 1;
    while (start < t.end) {
      const next = sql.indexOf('\n', start);
      const end = next < 0 ? sql.length : next;
      const dash = sql.indexOf('--', start);
      let last = (dash >= 0 && dash < end ? dash : end) - 1;
      while (last >= start && (sql[last] === ' ' || sql[last] === '\t')) last--;
      if (last >= start && sql[last] === ';' && !ends.has(last)) {
        const first = statementStart(tokens, t.start);
        return `line ${lineOf(last)} (of the statement that starts \`${startOf(sql, first)}\`) ends in \`;\` inside a string over several lines: SQL clients that split files at such lines (Flink's before 1.17) would run the next line as a statement`;
      }
      if (next < 0) break;
      start = next + 1;
    }
  }
  return undefined;
}

type Kind = 'create' | 'insert' | 'set' | 'end';

/** The statements between `;`s, by their first words. */
function statementFailure(tokens: FlinkToken[], shape: JobShape, lineOf: (offset: number) => number): string | undefined {
  const found: { kind: Kind | undefined; start: number; words: string }[] = [];
  let words: FlinkToken[] = [];
  const close = () => {
    const first = words.slice(0, 6).map((w) => w.text.toUpperCase()).join(' ');
    const kind: Kind | undefined = /^CREATE (TEMPORARY )?TABLE /.test(first)
      ? 'create'
      : /^INSERT INTO /.test(first)
        ? 'insert'
        : /^EXECUTE STATEMENT SET BEGIN INSERT INTO$/.test(first)
          ? 'set'
          : first === 'END' && words.length === 1
            ? 'end'
            : undefined;
    found.push({ kind, start: words[0]?.start ?? 0, words: first });
    words = [];
  };
  for (const t of tokens) {
    if (t.kind === 'space' || t.kind === 'comment') continue;
    if (t.text === ';') close();
    else words.push(t);
  }
  if (words.length) return `line ${lineOf(words[0].start)} starts a statement that no \`;\` ends`;
  const expected: Kind[] = [...Array<Kind>(shape.creates).fill('create')];
  if (shape.inserts > 1) expected.push('set', ...Array<Kind>(shape.inserts - 1).fill('insert'), 'end');
  else expected.push(...Array<Kind>(shape.inserts).fill('insert'));
  for (let i = 0; i < Math.max(found.length, expected.length); i++) {
    const f = found[i];
    if (!f) return `it has ${found.length} statements where ${expected.length} were generated`;
    if (f.kind !== expected[i]) return `statement ${i + 1} (line ${lineOf(f.start)}) starts with \`${f.words || ';'}\` where ${describe(expected[i])} was generated`;
  }
  return undefined;
}

function describe(kind: Kind | undefined): string {
  switch (kind) {
    case 'create':
      return 'a CREATE TABLE';
    case 'insert':
      return 'an INSERT INTO';
    case 'set':
      return 'EXECUTE STATEMENT SET';
    case 'end':
      return 'the END of the statement set';
    default:
      return 'no statement';
  }
}

/** The grammar must read the same statements, ending at the same `;`s. */
function grammarFailure(sql: string, tokens: FlinkToken[], shape: JobShape, lineOf: (offset: number) => number): string | undefined {
  // constructs the grammar cannot read at all (`OVER (...)`) are blanked: the lexical check above saw them
  const { text } = blankedGaps(sql);
  let parsed;
  try {
    parsed = parseSql('flink', text, sql);
  } catch (err) {
    return `the grammar failed on it (${err instanceof Error ? err.message : String(err)})`;
  }
  const error = parsed.errors[0];
  if (error) return `the grammar rejects line ${lineOf(error.span.start)}: ${error.message}`;
  const semicolons = tokens.filter((t) => t.text === ';').map((t) => t.end);
  const ends = statementEnds(parsed.tree, parsed.offsets);
  if (ends.length !== semicolons.length || ends.some((e, i) => e !== semicolons[i])) return 'the grammar and Flink would end its statements at different places';
  const statements = children(parsed.tree).filter((c) => ruleName('flink', c) === 'singleStatement');
  const kinds = statements.map(grammarKind);
  const creates = kinds.filter((k) => k === 'create').length;
  const inserts = kinds.reduce<number>((n, k) => n + (typeof k === 'number' ? k : 0), 0);
  const sets = kinds.filter((k) => typeof k === 'number' && k > 1).length;
  if (kinds.includes(undefined) || creates !== shape.creates || inserts !== shape.inserts || statements.length !== shape.creates + (shape.inserts > 1 ? 1 : shape.inserts) || sets !== (shape.inserts > 1 ? 1 : 0)) {
    return `the grammar reads ${statements.length} statements (${creates} CREATE TABLE, ${inserts} INSERT) where ${shape.creates} CREATE TABLE and ${shape.inserts} INSERT were generated`;
  }
  return undefined;
}

/** `create`, the number of INSERTs of an INSERT or statement set, or undefined for any other statement. */
function grammarKind(statement: ParseTree): 'create' | number | undefined {
  const path = (node: ParseTree | undefined, names: string[]): ParseTree | undefined => {
    let current = node;
    for (const name of names) {
      const next: ParseTree[] = children(current).filter((c) => ruleName('flink', c) !== '');
      if (next.length !== 1 || ruleName('flink', next[0]) !== name) return undefined;
      current = next[0];
    }
    return current;
  };
  if (path(statement, ['sqlStatement', 'ddlStatement', 'createTable', 'simpleCreateTable'])) return 'create';
  const insert = path(statement, ['sqlStatement', 'dmlStatement', 'insertStatement']);
  if (!insert) return undefined;
  const inner = children(insert).filter((c) => ruleName('flink', c) !== '');
  if (inner.length === 1 && ruleName('flink', inner[0]) === 'insertSimpleStatement') return 1;
  if (inner.length === 1 && ruleName('flink', inner[0]) === 'insertMulStatement') {
    const items = children(inner[0]).filter((c) => ruleName('flink', c) !== '');
    return items.length > 0 && items.every((c) => ruleName('flink', c) === 'insertSimpleStatement') ? items.length : undefined;
  }
  return undefined;
}
