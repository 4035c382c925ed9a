// Publishes diagnostics and status facts as soon as the event loop is free: edits arriving together are analysed once.
import { Connection, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DOCUMENT_INFO_NOTIFICATION, DocumentInfo } from '../shared/protocol';
import { toDiagnostic } from './convert';
import { AnalysisStore } from './documents';
import { mergeProblems } from '../engine/evolution';
import { Problem } from '../engine/types';

/** More problems for a document: for contracts (breaking changes, lineage...) and for other files (.sql). */
export interface ProblemSource {
  contract(doc: TextDocument): Problem[];
  /** Problems of a file that is not a contract, or undefined when the file is none of this source's business. */
  other(doc: TextDocument): Problem[] | undefined;
}

export class DiagnosticsPublisher {
  private readonly pending = new Set<string>();
  private scheduled = false;
  /** Documents that were published with diagnostics, so that they can be cleared later. */
  private readonly published = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: AnalysisStore,
    private readonly sources: readonly ProblemSource[],
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
    let mine = analysis.isContract;
    if (analysis.isContract) {
      problems = this.sources.reduce((all, source) => mergeProblems(all, source.contract(doc)), analysis.problems);
    } else {
      for (const source of this.sources) {
        const more = source.other(doc);
        if (more) {
          mine = true;
          problems = mergeProblems(problems, more);
        }
      }
    }
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
    };
    void this.connection.sendNotification(DOCUMENT_INFO_NOTIFICATION, info);
  }
}
