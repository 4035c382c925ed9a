// Keeps each open document's latest analysis, re-analysing only when its version changed.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONTRACT_LANGUAGE_ID } from '../shared/documents';
import { analyze, Analysis } from '../engine/analyze';
import { PartCache } from '../engine/validate';

interface Entry {
  version: number;
  analysis: Analysis;
}

export class AnalysisStore {
  private readonly entries = new Map<string, Entry>();
  private readonly caches = new Map<string, PartCache>();
  maxBytes: number | undefined;

  /** The analysis of the document's current version (computed now if it is stale). */
  get(doc: TextDocument): Analysis {
    const entry = this.entries.get(doc.uri);
    if (entry && entry.version === doc.version) return entry.analysis;
    let cache = this.caches.get(doc.uri);
    if (!cache) this.caches.set(doc.uri, (cache = new PartCache()));
    const analysis = analyze(doc.getText(), { fileName: doc.uri, knownContract: doc.languageId === CONTRACT_LANGUAGE_ID, maxBytes: this.maxBytes, cache, previous: entry?.analysis });
    this.entries.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.caches.delete(uri);
  }

  /** Settings changed: every document is analysed again. */
  invalidateAll(): void {
    this.entries.clear();
  }
}
