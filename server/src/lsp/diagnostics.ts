// Publishes diagnostics and status facts as soon as the event loop is free: edits arriving together are analysed once.
import { Connection, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkSourceFile } from '../engine/checkSources';
import { Problem } from '../engine/types';
import { DOCUMENT_INFO_NOTIFICATION, DocumentInfo } from '../shared/protocol';
import { ContractChecks } from './checks';
import { toDiagnostic } from './convert';
import { AnalysisStore } from './documents';
import { filePath } from './paths';
import { SourceService } from './sources';

export class DiagnosticsPublisher {
  private readonly pending = new Set<string>();
  private scheduled = false;
  /** Documents that were published with diagnostics, so that they can be cleared later. */
  private readonly published = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: AnalysisStore,
    private readonly checks: ContractChecks,
    private readonly sources: SourceService,
    private readonly docsUrl: string | undefined,
  ) {}

  /** No debounce: setImmediate only lets the other queued messages (more edits) in first. */
  schedule(uri: string): void {
    this.pending.add(uri);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  clear(uri: string): void {
    this.pending.delete(uri);
    if (this.published.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private flush(): void {
    this.scheduled = false;
    const uris = [...this.pending];
    this.pending.clear();
    for (const uri of uris) {
      const doc = this.documents.get(uri);
      if (!doc) continue;
      try {
        this.publish(doc);
      } catch (err) {
        this.connection.console.error(`analysis of ${uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
    }
  }

  private publish(doc: TextDocument): void {
    const analysis = this.store.get(doc);
    let problems: Problem[] = [];
    let complete = true;
    const sql = !analysis.isContract ? this.sqlProblems(doc) : undefined;
    if (analysis.isContract) {
      const check = this.checks.current(doc);
      problems = check.result.problems;
      complete = check.complete;
    } else if (sql) {
      problems = sql;
    }
    const mine = analysis.isContract || sql !== undefined;
    if (mine || this.published.has(doc.uri)) {
      void this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: problems.map((p) => toDiagnostic(doc, p, this.docsUrl)) });
      if (mine) this.published.add(doc.uri);
      else this.published.delete(doc.uri);
    }
    if (!analysis.isContract && mine) return;
    const info: DocumentInfo = {
      uri: doc.uri,
      isContract: analysis.isContract,
      apiVersion: analysis.facts.apiVersion,
      version: analysis.facts.version,
      contractId: analysis.facts.id,
      errors: problems.filter((p) => p.severity === 'error').length,
      warnings: problems.filter((p) => p.severity === 'warning').length,
      skippedReason: analysis.skippedReason,
      complete,
    };
    void this.connection.sendNotification(DOCUMENT_INFO_NOTIFICATION, info);
  }

  /** Problems of a .sql file of the workspace, by the engine's front door for source files; undefined for other files. */
  private sqlProblems(doc: TextDocument): Problem[] | undefined {
    const file = filePath(doc.uri);
    if (!file || !/\.sql$/i.test(file)) return undefined;
    const catalog = this.sources.latest();
    if (!this.sources.isReady()) void this.sources.ready().then(() => this.schedule(doc.uri), () => undefined);
    return catalog ? checkSourceFile(this.sources.nameOf(file), doc.getText(), catalog, this.sources.allContracts()) : [];
  }
}
