// Spelling of Flink SQL text: quoted identifiers and strings, column types, WITH options, and a lexer for fragments.
import { FlinkType, renderFlinkType } from '../diff';
import { escapeUnsafe, FlinkToken, flinkTokens } from '../sources/flinkLexer';

/** A backquoted identifier: every identifier the generator writes is quoted, so reserved words never clash. */
export function ident(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** A SQL string literal. */
export function str(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

/** The type as a column declaration writes it: ROW field names quoted, NOT NULL only where asked. */
export function renderType(type: FlinkType, withNotNull: boolean): string {
  const nn = withNotNull && type.notNull ? ' NOT NULL' : '';
  switch (type.kind) {
    case 'array':
    case 'multiset':
      return `${type.kind.toUpperCase()}<${renderType(type.element, true)}>${nn}`;
    case 'map':
      return `MAP<${renderType(type.key, true)}, ${renderType(type.value, true)}>${nn}`;
    case 'row':
      return `ROW<${type.fields.map((f) => `${ident(f.name)} ${renderType(f.type, true)}`).join(', ')}>${nn}`;
    default:
      return renderFlinkType({ ...type, notNull: false }) + nn;
  }
}

/** `WITH (...)` lines: one option per line, trailing commas. */
export function renderOptions(options: readonly [string, string][]): string[] {
  return options.map(([key, value], i) => `  ${str(key)} = ${str(value)}${i < options.length - 1 ? ',' : ''}`);
}

/** Tokens as Flink reads them: strings, quoted identifiers and comments stay whole, so nothing inside them is taken for a keyword. */
export const lex = flinkTokens;
export type Token = FlinkToken;

/** Longest value a comment line shows of one contract or source value: a comment is a label, not a copy. */
export const MAX_COMMENT_VALUE = 160;

/**
 * Text that stays inside a `--` comment line whatever it holds: every line break (\n, \r, U+2028, U+2029, U+0085)
 * and control character is shown as an escape, so nothing after it can become a statement; cut to `max` characters.
 */
export function commentText(text: string, max = MAX_COMMENT_VALUE): string {
  let end = Math.min(text.length, max);
  // never half of a surrogate pair
  if (end < text.length && end > 0 && text.charCodeAt(end - 1) >= 0xd800 && text.charCodeAt(end - 1) <= 0xdbff) end--;
  const cut = text.slice(0, end);
  return escapeUnsafe(cut) + (cut.length < text.length ? '…' : '');
}

/** A `--` comment line: the template's own words as written, every value through `commentText`. */
export function commentLine(strings: TemplateStringsArray, ...values: unknown[]): string {
  let line = '-- ' + escapeUnsafe(strings[0]);
  values.forEach((value, i) => (line += commentText(String(value)) + escapeUnsafe(strings[i + 1])));
  return line;
}

/** Aggregate functions of Flink SQL: a SELECT item calling one makes the query a GROUP BY query. */
const AGGREGATES = new Set([
  'ARRAY_AGG', 'AVG', 'COLLECT', 'COUNT', 'FIRST_VALUE', 'JSON_ARRAYAGG', 'JSON_OBJECTAGG', 'LAST_VALUE', 'LISTAGG', 'MAX', 'MIN',
  'STDDEV_POP', 'STDDEV_SAMP', 'SUM', 'VAR_POP', 'VAR_SAMP', 'BIT_AND', 'BIT_OR', 'BIT_XOR', 'BOOL_AND', 'BOOL_OR',
]);

/** The first aggregate function called in an expression (outside strings and comments), if any. */
export function aggregateCall(expression: string): string | undefined {
  const tokens = lex(expression).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'word' && tokens[i + 1].text === '(' && AGGREGATES.has(t.text.toUpperCase()) && tokens[i - 1]?.text !== '.') return t.text.toUpperCase();
  }
  return undefined;
}

/** Connection options whose literal values are secrets (or tie a job to one environment's account). */
export function isCredentialOption(key: string): boolean {
  const lower = key.toLowerCase();
  const last = lower.split('.').pop() ?? '';
  return /password|passwd|secret|token|credential|jaas|user-info|api[-_.]?key/.test(lower) || /^(username|user)$/.test(last);
}

/** A value that is one `${NAME}` placeholder (or several), filled in where the job is deployed. */
export function isPlaceholder(value: string): boolean {
  return /^(?:\$\{[A-Za-z_][A-Za-z0-9_]*\})+$/.test(value.trim());
}

/** `${PG_PASSWORD}`-style placeholder for a credential option of a connector. */
export function placeholderFor(connector: string | undefined, key: string): string {
  const prefix = connectorPrefix(connector);
  const parts = key.toLowerCase().split('.');
  const last = parts[parts.length - 1];
  // `properties.sasl.jaas.config` → SASL_JAAS_CONFIG: the last part alone (`config`) would say nothing
  const words = last === 'username' || last === 'user' ? 'user' : /^(config|url|value)$/.test(last) && parts.length > 1 ? parts.slice(-3).filter((p) => p !== 'properties').join('_') : last;
  const name = words.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '');
  return `\${${prefix}_${name}}`;
}

function connectorPrefix(connector: string | undefined): string {
  const c = (connector ?? '').toLowerCase();
  if (c.startsWith('postgres')) return 'PG';
  if (c.startsWith('mysql')) return 'MYSQL';
  if (c.includes('kafka')) return 'KAFKA';
  if (c.startsWith('oracle')) return 'ORACLE';
  if (c.startsWith('sqlserver')) return 'SQLSERVER';
  if (c.startsWith('mongodb')) return 'MONGODB';
  return c.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '') || 'SOURCE';
}
