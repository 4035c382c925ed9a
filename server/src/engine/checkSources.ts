// The front door for .sql source files: DDL problems, plain-text credentials and migrations that break a contract.
import { uniqueProblems } from './check';
import { Lineage } from './lineage';
import { Catalog } from './sources/types';
import { Problem } from './types';

/** A workspace contract and the columns it reads, to tell which migrations break it. */
export interface ContractReader {
  contractId: string | null;
  lineage: Lineage;
}

/** Every problem of one source file (`file` as the catalog names it, `text` its current text). */
export function checkSourceFile(file: string, text: string, catalog: Catalog, readers: readonly ContractReader[]): Problem[] {
  const problems: Problem[] = catalog.problems
    .filter((p) => p.file === file && p.severity !== 'info')
    .map((p) => ({ code: p.code, severity: p.severity, message: p.message, span: p.span }));
  problems.push(...brokenDependencies(file, catalog, readers), ...literalCredentials(file, text, catalog));
  return uniqueProblems(problems, text);
}

/**
 * An ALTER TABLE that renames or drops a column some contract still reads, once per statement. A contract that reads
 * a renamed column under both names (the rename's transition) does not count: it reads the column whichever name an
 * event carries.
 */
function brokenDependencies(file: string, catalog: Catalog, readers: readonly ContractReader[]): Problem[] {
  const out: Problem[] = [];
  const reported = new Set<string>();
  for (const table of catalog.tables) {
    for (const change of table.changes) {
      if (change.file !== file || (change.kind !== 'renamed' && change.kind !== 'dropped')) continue;
      const statement = `${change.kind}\u0000${change.span.start}\u0000${change.span.end}`;
      if (reported.has(statement)) continue;
      const column = change.column.toLowerCase();
      const names = new Set<string>();
      for (const c of readers) {
        for (const p of c.lineage.properties) {
          if (p.refs.some((r) => r.missing?.table === table && r.missing.columnName.toLowerCase() === column)) names.add(`${c.contractId ?? '?'} (${String(p.property.name ?? '?')})`);
        }
      }
      if (names.size === 0) continue;
      reported.add(statement);
      const readersList = [...names];
      const one = readersList.length === 1;
      const what = change.kind === 'renamed' ? `Renaming \`${change.column}\` to \`${change.to}\`` : `Dropping \`${change.column}\``;
      out.push({
        code: change.kind === 'renamed' ? 'source-rename-breaks-contract' : 'source-drop-breaks-contract',
        severity: 'warning',
        message: `${what} breaks ${readersList.join(', ')}: the contract${one ? '' : 's'} still read${one ? 's' : ''} the old column.${change.kind === 'renamed' ? ' The contract offers quick fixes that keep its public field as it is: read the new column, or both while a job restarted from a savepoint still sees the old one.' : ''}`,
        span: change.span,
      });
    }
  }
  return out;
}

/** A Flink source table whose WITH options hold a literal password or secret (not a `${...}` placeholder). */
function literalCredentials(file: string, text: string, catalog: Catalog): Problem[] {
  const out: Problem[] = [];
  for (const table of catalog.tables) {
    if (table.file !== file || table.dialect !== 'flink') continue;
    for (const [key, value] of Object.entries(table.options)) {
      if (!/(^|\.)(password|secret|token)$/i.test(key) || /^\$\{[^}]+\}$/.test(value.trim())) continue;
      const at = text.indexOf(`'${key}'`, table.span.start);
      const span = at >= 0 ? { start: at, end: at + key.length + 2 } : table.span;
      out.push({ code: 'source-plain-credential', severity: 'warning', message: `\`${key}\` is written in plain text: use a placeholder such as \`\${PG_PASSWORD}\` and keep the secret out of the repository (generated jobs always replace it).`, span });
    }
  }
  return out;
}
