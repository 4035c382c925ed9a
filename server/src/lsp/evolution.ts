// Breaking changes for open documents: the registered versions of each contract, compared with the buffer.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeEvolution, Evolution } from '../engine/evolution';
import { spanForPath } from '../engine/locate';
import { Problem } from '../engine/types';
import { RegistryEntry, RegistryIndex } from '../io/registryIndex';
import { AnalysisStore } from './documents';
import { ProblemSource } from './diagnostics';
import { filePath } from './paths';
import { Settings } from './settings';

interface Memo {
  key: string;
  evolution: Evolution;
  entry: RegistryEntry;
}

export class EvolutionService implements ProblemSource {
  private readonly memo = new Map<string, Memo>();

  constructor(
    private readonly store: AnalysisStore,
    readonly registry: RegistryIndex,
    private readonly settings: () => Settings,
    /** Called when a registry listing finished loading, so that the document is analysed again. */
    private readonly onLoaded: (uri: string) => void,
  ) {}

  /** The evolution of a contract document, or undefined while its registry is being read (or for non-files). */
  get(doc: TextDocument): { evolution: Evolution; entry: RegistryEntry } | undefined {
    const analysis = this.store.get(doc);
    const id = analysis.facts.id;
    const file = filePath(doc.uri);
    if (!analysis.isContract || !id || !file || !analysis.parsed?.analysable) return undefined;
    const entry = this.registry.cached(file, id);
    // a file inside the registry is a registered version itself, not a working copy to judge
    if (entry && (file.startsWith(entry.dir + '/') || file.startsWith(entry.dir + '\\'))) return undefined;
    if (!entry) {
      void this.registry.load(file, id).then(
        () => this.onLoaded(doc.uri),
        () => undefined,
      );
      return undefined;
    }
    const settings = this.settings();
    const key = `${doc.version}\u0000${this.registry.generation}\u0000${settings.compatibility}\u0000${settings.breakingSeverity}\u0000${entry.dir}`;
    const known = this.memo.get(doc.uri);
    if (known && known.key === key && known.entry === entry) return known;
    const registered = entry.listing.versions.map((v) => ({ version: v.version, text: v.text, location: v.location }));
    const evolution = analyzeEvolution(analysis, registered, { modeSetting: settings.compatibility, breakingSeverity: settings.breakingSeverity });
    const memo = { key, evolution, entry };
    this.memo.set(doc.uri, memo);
    return memo;
  }

  other(): undefined {
    return undefined;
  }

  /** Problems to show in the contract: breaking changes, version findings, unusable registry entries. */
  contract(doc: TextDocument): Problem[] {
    const found = this.get(doc);
    if (!found) return [];
    const problems = [...found.evolution.problems];
    const parsed = this.store.get(doc).parsed;
    const idSpan = parsed?.doc ? spanForPath(doc.getText(), parsed.doc, ['id']) : { start: 0, end: 0 };
    for (const p of found.entry.listing.problems) {
      problems.push({ code: 'registry-entry-unusable', severity: 'warning', message: `A registry entry for this contract is not usable (${p.location}): ${p.message}`, span: idSpan });
    }
    return problems;
  }

  forget(uri: string): void {
    this.memo.delete(uri);
  }
}
