// The source tables of a job: Flink DDL reused with credentials masked, PostgreSQL tables turned into postgres-cdc DDL.
import { parseFlinkType } from '../diff';
import { SourceTable } from '../sources/types';
import { ident, isCredentialOption, isPlaceholder, lex, placeholderFor, renderOptions, renderType, str } from './sqlText';

export interface SourceDdl {
  /** Comment lines and the CREATE TABLE statement, without the final `;`. */
  lines: string[];
  /** Option keys whose literal values were replaced by placeholders. */
  masked: string[];
}

/** The name a table is known by in its files: `inventory.customers`, or just `customers`. */
export function qualifiedName(table: SourceTable): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}

export function sourceDdl(table: SourceTable, jobName: string, contractId: string): SourceDdl {
  const changed = [...new Set(table.changes.map((c) => c.file))].filter((f) => f !== table.file);
  if (table.dialect === 'postgres') {
    const where = `declared in ${table.file}${changed.length ? `, changed in ${changed.join(', ')}` : ''}`;
    return {
      lines: [
        `-- Source: PostgreSQL table ${qualifiedName(table)} (${where}), read through change data capture.`,
        ...postgresCdc(table, jobName, contractId),
      ],
      masked: [],
    };
  }
  const comment = `-- Source: ${qualifiedName(table)} (declared in ${table.file}).`;
  if (table.statement) {
    const { text, masked } = maskStatement(renameStatement(table.statement, jobName), table.connector);
    return { lines: [comment, ...text.split('\n')], masked };
  }
  const masked: string[] = [];
  const options = Object.entries(table.options).map(([key, value]): [string, string] => {
    if (!isCredentialOption(key) || isPlaceholder(value)) return [key, value];
    masked.push(key);
    return [key, placeholderFor(table.connector, key)];
  });
  return { lines: [comment, ...createTable(table, jobName, options)], masked };
}

function postgresCdc(table: SourceTable, jobName: string, contractId: string): string[] {
  const slot = `${contractId}_${table.name}`.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 63);
  return createTable(table, jobName, [
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

function createTable(table: SourceTable, jobName: string, options: [string, string][]): string[] {
  const columns = table.columns.filter((c) => c.kind === 'physical').sort((a, b) => a.position - b.position);
  const lines = columns.map((c) => {
    const type = parseFlinkType(c.flinkType);
    const spelled = type ? renderType({ ...type, notNull: false }, false) : c.flinkType;
    return `  ${ident(c.name)} ${spelled}${c.nullable && !table.primaryKey.includes(c.name) ? '' : ' NOT NULL'}`;
  });
  if (table.primaryKey.length) lines.push(`  PRIMARY KEY (${table.primaryKey.map(ident).join(', ')}) NOT ENFORCED`);
  return [`CREATE TABLE ${ident(jobName)} (`, ...lines.map((l, i) => (i < lines.length - 1 ? `${l},` : l)), ') WITH (', ...renderOptions(options), ')'];
}

/** The statement as written, named as the job names it (`CREATE TABLE inventory.customers` reads `customers`). */
function renameStatement(statement: string, jobName: string): string {
  const tokens = lex(statement).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  let k = tokens.findIndex((t) => t.kind === 'word' && t.text.toUpperCase() === 'CREATE');
  if (k < 0) return statement;
  for (k++; k < tokens.length && /^(TEMPORARY|TABLE|IF|NOT|EXISTS)$/i.test(tokens[k].text); k++);
  const first = tokens[k];
  if (!first || (first.kind !== 'word' && first.kind !== 'quoted')) return statement;
  let last = first;
  while (tokens[k + 1]?.text === '.' && tokens[k + 2] && (tokens[k + 2].kind === 'word' || tokens[k + 2].kind === 'quoted')) {
    k += 2;
    last = tokens[k];
  }
  return statement.slice(0, first.start) + ident(jobName) + statement.slice(last.start + last.text.length);
}

/** Replaces literal credentials in WITH options (and in comments, where they leak just as well) by placeholders. */
function maskStatement(statement: string, connector: string | undefined): { text: string; masked: string[] } {
  const masked: string[] = [];
  const pair = /'((?:[^']|'')*)'(\s*=\s*)'((?:[^']|'')*)'/g;
  const replace = (text: string) =>
    text.replace(pair, (whole, key: string, eq: string, value: string) => {
      const k = key.replace(/''/g, "'");
      if (!isCredentialOption(k) || isPlaceholder(value.replace(/''/g, "'"))) return whole;
      if (!masked.includes(k)) masked.push(k);
      return `${str(k)}${eq}${str(placeholderFor(connector, k))}`;
    });
  const text = replace(statement)
    .replace(/\s*;\s*$/, '')
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''))
    .join('\n');
  return { text, masked };
}
