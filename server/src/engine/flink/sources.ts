// The source tables of a job: Flink DDL reused with credentials masked, PostgreSQL tables turned into postgres-cdc DDL.
import { parseFlinkType } from '../diff';
import { SourceColumn, SourceTable } from '../sources/types';
import { trimUnderscores } from '../sources/newContract';
import { stringValue } from '../sources/sqlParser';
import { commentLine, ident, isCredentialOption, isPlaceholder, lex, placeholderFor, renderOptions, renderType, str } from './sqlText';

export interface SourceDdl {
  /** Comment lines and the CREATE TABLE statement, without the final `;`; only a comment when `declared` is false. */
  lines: string[];
  /** False when the table's statement has a syntax error and too little of it could be read to declare it. */
  declared: boolean;
  /** Option keys whose literal values were replaced by placeholders. */
  masked: string[];
}

/** The name a table is known by in its files: `inventory.customers`, or just `customers`. */
export function qualifiedName(table: SourceTable): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}

/**
 * The DDL of one source table. `former`: columns a migration renamed that the job still reads under their old name
 * (a rename's transition); a PostgreSQL table declares them after its columns, nullable, with the type they had.
 */
export function sourceDdl(table: SourceTable, jobName: string, contractId: string, former: readonly SourceColumn[] = []): SourceDdl {
  const changed = [...new Set(table.changes.map((c) => c.file))].filter((f) => f !== table.file);
  if (table.dialect === 'postgres') {
    const where = `declared in ${table.file}${changed.length ? `, changed in ${changed.join(', ')}` : ''}`;
    const kept = table.formerColumns?.filter((c) => former.includes(c)) ?? [];
    const notes = kept.map((c) => commentLine`Column ${c.name} was renamed to ${c.renamedTo ?? ''} (${c.file}): it is declared as well while events written before the rename may still arrive.`);
    return {
      lines: [commentLine`Source: PostgreSQL table ${qualifiedName(table)} (${where}), read through change data capture.`, ...notes, ...postgresCdc(table, jobName, contractId, kept)],
      declared: true,
      masked: [],
    };
  }
  // a statement with a syntax error is never copied: what was read of it is declared afresh, literal values masked
  if (table.statement && !table.incomplete) {
    const { text, masked } = reuseStatement(table.statement, jobName, table.connector);
    return { lines: [commentLine`Source: ${qualifiedName(table)} (declared in ${table.file}).`, ...text.split('\n')], declared: true, masked };
  }
  if (!table.columns.some((c) => c.kind === 'physical') || !table.connector) {
    return { lines: [commentLine`Source: ${qualifiedName(table)} (declared in ${table.file}) is not declared here: its CREATE TABLE has a syntax error, and too little of it could be read.`], declared: false, masked: [] };
  }
  // values read from a statement the parser gave up on may be anything, a credential among them: none is printed
  const masked: string[] = [];
  const options = Object.entries(table.options).map(([key, value]): [string, string] => {
    if (isPlaceholder(value)) return [key, value];
    if (isCredentialOption(key)) masked.push(key);
    return [key, placeholderFor(table.connector, key)];
  });
  return { lines: [commentLine`Source: ${qualifiedName(table)} (declared in ${table.file}; its columns as far as they could be read, its options as placeholders).`, ...createTable(table, jobName, [], options)], declared: true, masked };
}

function postgresCdc(table: SourceTable, jobName: string, contractId: string, former: readonly SourceColumn[]): string[] {
  const slot = trimUnderscores(`${contractId}_${table.name}`.toLowerCase().replace(/[^a-z0-9_]+/g, '_')).slice(0, 63);
  return createTable(table, jobName, former, [
    ['connector', 'postgres-cdc'],
    ['hostname', '${PG_HOST}'],
    ['port', '${PG_PORT}'],
    ['username', '${PG_USER}'],
    ['password', '${PG_PASSWORD}'],
    ['database-name', table.database ?? '${PG_DATABASE}'],
    ['schema-name', table.schema ?? 'public'],
    ['table-name', table.name],
    ['slot.name', slot || 'streamcontract'],
    ['decoding.plugin.name', 'pgoutput'],
  ]);
}

/** A type the generator cannot parse, written as declared only when it is words, numbers and brackets; else STRING. */
function plainType(declared: string): string {
  const tokens = lex(declared);
  const plain = tokens.length > 0 && tokens.every((t) => t.kind === 'word' || t.kind === 'number' || t.kind === 'space' || (t.kind === 'punct' && '(),<>'.includes(t.text)));
  return plain ? tokens.map((t) => (t.kind === 'space' ? ' ' : t.text)).join('') : 'STRING';
}

/** Without leading and trailing underscores (a loop: a regular expression for it backtracks over long runs). */
function createTable(table: SourceTable, jobName: string, former: readonly SourceColumn[], options: [string, string][]): string[] {
  const columns = [...table.columns, ...former].filter((c) => c.kind === 'physical').sort((a, b) => a.position - b.position);
  const lines = columns.map((c) => {
    const type = parseFlinkType(c.flinkType);
    const spelled = type ? renderType({ ...type, notNull: false }, false) : plainType(c.flinkType);
    return `  ${ident(c.name)} ${spelled}${c.nullable && !table.primaryKey.includes(c.name) ? '' : ' NOT NULL'}`;
  });
  if (table.primaryKey.length) lines.push(`  PRIMARY KEY (${table.primaryKey.map(ident).join(', ')}) NOT ENFORCED`);
  return [`CREATE TABLE ${ident(jobName)} (`, ...lines.map((l, i) => (i < lines.length - 1 ? `${l},` : l)), ') WITH (', ...renderOptions(options), ')'];
}

/**
 * The statement as written, with what must not reach the job taken out: its name becomes the job's name
 * (`CREATE TABLE inventory.customers` reads `customers`), comments are dropped (a line that held only a comment
 * goes with it), literal credentials become placeholders, and the final `;` and trailing blanks go.
 */
function reuseStatement(statement: string, jobName: string, connector: string | undefined): { text: string; masked: string[] } {
  const tokens = lex(statement);
  const code = tokens.map((t, index) => ({ t, index })).filter(({ t }) => t.kind !== 'space' && t.kind !== 'comment');
  const replace = new Map<number, string>();
  const drop = new Set<number>();
  // the table's name
  let k = code.findIndex(({ t }) => t.kind === 'word' && t.text.toUpperCase() === 'CREATE');
  if (k >= 0) {
    for (k++; k < code.length && code[k].t.kind === 'word' && TABLE_WORDS.has(code[k].t.text.toUpperCase()); k++);
    const first = k;
    if (code[first] && (code[first].t.kind === 'word' || code[first].t.kind === 'quoted')) {
      while (code[k + 1]?.t.text === '.' && code[k + 2] && (code[k + 2].t.kind === 'word' || code[k + 2].t.kind === 'quoted')) k += 2;
      replace.set(code[first].index, ident(jobName));
      for (let i = code[first].index + 1; i <= code[k].index; i++) drop.add(i);
    }
  }
  // 'key' = 'value' pairs whose key names a credential
  const masked: string[] = [];
  for (let i = 0; i + 2 < code.length; i++) {
    const [key, eq, value] = [code[i].t, code[i + 1].t, code[i + 2].t];
    if (key.kind !== 'string' || eq.text !== '=' || value.kind !== 'string') continue;
    const name = stringValue(key.text);
    if (!isCredentialOption(name) || isPlaceholder(stringValue(value.text))) continue;
    if (!masked.includes(name)) masked.push(name);
    replace.set(code[i + 2].index, str(placeholderFor(connector, name)));
  }
  // the final `;`, if the statement's text holds it
  const last = code[code.length - 1];
  if (last?.t.text === ';') for (let i = last.index; i < tokens.length; i++) drop.add(i);

  let text = '';
  /** Horizontal blanks not yet written: dropped at the end of a line. */
  let blank = '';
  let lineHasCode = false;
  let lineHadComment = false;
  /** A comment was dropped since the last code: blanks around it count once, and words it separated stay apart. */
  let afterComment = false;
  tokens.forEach((t, i) => {
    if (drop.has(i)) return;
    if (t.kind === 'comment') {
      lineHadComment = true;
      afterComment = true;
      return;
    }
    if (t.kind === 'space') {
      for (const ch of t.text) {
        if (ch !== '\n') {
          if (!(afterComment && blank)) blank += ch === '\t' ? ch : ' ';
          continue;
        }
        if (lineHasCode || !lineHadComment) text += '\n';
        blank = '';
        lineHasCode = false;
        lineHadComment = false;
        afterComment = false;
      }
      return;
    }
    const code = replace.get(i) ?? t.text;
    if (afterComment && !blank && isWordEdge(text[text.length - 1]) && isWordEdge(code[0])) blank = ' ';
    text += blank + code;
    blank = '';
    lineHasCode = true;
    afterComment = false;
  });
  return { text, masked };
}

/** A character that would run into a word next to it: letters, digits, quotes. */
function isWordEdge(ch: string | undefined): boolean {
  return ch !== undefined && (/[A-Za-z0-9_$`'"]/.test(ch) || ch.charCodeAt(0) >= 0x80);
}

/** Words between CREATE and the table's name. */
const TABLE_WORDS = new Set(['TEMPORARY', 'TABLE', 'IF', 'NOT', 'EXISTS']);
