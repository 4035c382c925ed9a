// Source-side diagnostics: lineage and generated-job problems in contracts, and in .sql files what contracts depend on.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateJob } from '../engine/flink';
import { GeneratedJob } from '../engine/flink/types';
import { isRecord, spanForPath } from '../engine/locate';
import { Catalog } from '../engine/sources/types';
import { Problem, Span } from '../engine/types';
import { ProblemSource } from './diagnostics';
import { filePath } from './paths';
import { SourceService } from './sources';

/** Problems the lineage already reports in its own words; the generator's versions of them are left out. */
const COVERED_BY_LINEAGE = new Set(['flink-unknown-table', 'flink-unknown-column']);

export class JobService {
  private memo = new Map<string, { version: number; catalog: Catalog; job: GeneratedJob }>();
  constructor(private readonly sources: SourceService) {}

  /** The job generated from the document's text against the current catalog (cached per version and catalog). */
  jobFor(doc: TextDocument): GeneratedJob | undefined {
    const catalog = this.sources.catalog();
    const known = this.memo.get(doc.uri);
    if (known?.version === doc.version && known.catalog === catalog) return known.job;
    const parsed = this.sources.parsed(doc.uri, doc.getText());
    if (!parsed.doc || !parsed.analysable || !isRecord(parsed.value)) return undefined;
    const job = generateJob(parsed.value, doc.getText(), parsed.doc, catalog);
    this.memo.set(doc.uri, { version: doc.version, catalog, job });
    return job;
  }

  forget(uri: string): void {
    this.memo.delete(uri);
  }
}

export class SourceProblems implements ProblemSource {
  constructor(
    private readonly sources: SourceService,
    private readonly jobs: JobService,
    private readonly reschedule: (uri: string) => void,
  ) {}

  contract(doc: TextDocument): Problem[] {
    if (!this.whenReady(doc.uri)) return [];
    if (this.sources.catalog().tables.length === 0) return [];
    const lineage = this.sources.lineageOf(doc.uri, doc.getText())?.lineage.problems ?? [];
    const job = this.jobs.jobFor(doc);
    const parsed = job ? this.sources.parsed(doc.uri, doc.getText()) : undefined;
    const fromJob: Problem[] = [];
    for (const p of job?.problems ?? []) {
      if (COVERED_BY_LINEAGE.has(p.code)) continue;
      const span = p.span ?? (parsed?.doc ? spanForPath(doc.getText(), parsed.doc, p.path) : { start: 0, end: 0 });
      if (lineage.some((l) => l.severity === 'error' && overlaps(l.span, span))) continue;
      fromJob.push({ code: p.code, severity: p.severity, message: p.message, span });
    }
    return [...lineage, ...fromJob];
  }

  other(doc: TextDocument): Problem[] | undefined {
    const file = filePath(doc.uri);
    if (!file || !/\.sql$/i.test(file)) return undefined;
    if (!this.whenReady(doc.uri)) return [];
    const catalog = this.sources.catalog();
    const problems: Problem[] = catalog.problems.filter((p) => p.file === file && p.severity !== 'info').map((p) => ({ code: p.code, severity: p.severity, message: p.message, span: p.span }));
    problems.push(...this.brokenDependencies(file, catalog), ...literalCredentials(doc, file, catalog));
    return problems;
  }

  /** An ALTER TABLE that renames or drops a column some contract still reads. */
  private brokenDependencies(file: string, catalog: Catalog): Problem[] {
    const out: Problem[] = [];
    const contracts = this.sources.allContracts();
    for (const table of catalog.tables) {
      for (const change of table.changes) {
        if (change.file !== file || (change.kind !== 'renamed' && change.kind !== 'dropped')) continue;
        const readers = contracts.flatMap((c) =>
          c.lineage.properties.flatMap((p) => p.refs.filter((r) => r.missing?.table === table && r.missing.columnName.toLowerCase() === change.column.toLowerCase()).map(() => `${c.contractId ?? '?'} (${String(p.property.name ?? '?')})`)),
        );
        if (readers.length === 0) continue;
        const what = change.kind === 'renamed' ? `Renaming \`${change.column}\` to \`${change.to}\`` : `Dropping \`${change.column}\``;
        out.push({
          code: change.kind === 'renamed' ? 'source-rename-breaks-contract' : 'source-drop-breaks-contract',
          severity: 'warning',
          message: `${what} breaks ${readers.join(', ')}: the contract${readers.length === 1 ? '' : 's'} still read${readers.length === 1 ? 's' : ''} the old column.${change.kind === 'renamed' ? ' The contract offers a quick fix that follows the rename while its public field keeps its name.' : ''}`,
          span: change.span,
        });
      }
    }
    return out;
  }

  private whenReady(uri: string): boolean {
    if (this.sources.isReady()) return true;
    void this.sources.ready().then(() => this.reschedule(uri), () => undefined);
    return false;
  }
}

/** A Flink source table whose WITH options hold a literal password or user (not a `${...}` placeholder). */
function literalCredentials(doc: TextDocument, file: string, catalog: Catalog): Problem[] {
  const out: Problem[] = [];
  const text = doc.getText();
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

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}
