// Each open contract through the engine's front door, with its registry listing, the source catalog and the settings.
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from '../engine/analyze';
import { checkContract, CheckResult, RegistryState } from '../engine/check';
import { Catalog } from '../engine/sources/types';
import { RegistryEntry, RegistryIndex } from '../io/registryIndex';
import { AnalysisStore } from './documents';
import { filePath } from './paths';
import { Settings } from './settings';
import { SourceService } from './sources';

export interface EditorCheck {
  result: CheckResult;
  /** The registry listing the contract was compared with (none for untitled files, files without `id`, registered copies). */
  entry: RegistryEntry | undefined;
  /** False while the registry listing or the workspace's source files are still being read. */
  complete: boolean;
}

type Severity = Settings['breakingSeverity'];

export class ContractChecks {
  private readonly last = new Map<string, { analysis: Analysis; entry?: RegistryEntry; catalog?: Catalog; key: string; check: EditorCheck }>();
  private readonly states = new WeakMap<RegistryEntry, RegistryState>();

  constructor(
    private readonly store: AnalysisStore,
    readonly registry: RegistryIndex,
    private readonly sources: SourceService,
    private readonly settings: () => Settings,
    /** Called when something the check waited for has arrived, so that the document is checked again. */
    private readonly reschedule: (uri: string) => void,
  ) {}

  /** The check with what is known now; what is missing is read in the background and the document rescheduled. */
  current(doc: TextDocument, breakingSeverity?: Severity): EditorCheck {
    const analysis = this.store.get(doc);
    let complete = true;
    let entry: RegistryEntry | undefined;
    const file = filePath(doc.uri);
    const id = analysis.facts.id;
    if (analysis.isContract && analysis.parsed?.analysable && file && id) {
      entry = this.registry.cached(file, id);
      if (!entry) {
        complete = false;
        void this.registry.load(file, id).then(() => this.reschedule(doc.uri), () => undefined);
      } else if (isInside(file, entry.dir)) {
        entry = undefined; // a registered version itself, not a working copy to judge
      }
    }
    // the latest catalog answers while a newer one is being built (the document is checked again when it is in place)
    const catalog = this.sources.latest();
    if (!this.sources.isReady()) {
      complete = false;
      void this.sources.ready().then(() => this.reschedule(doc.uri), () => undefined);
    }
    const settings = this.settings();
    const severity = breakingSeverity ?? settings.breakingSeverity;
    const key = `${settings.compatibility}\u0000${settings.registryKind}\u0000${severity}\u0000${complete}`;
    const known = this.last.get(doc.uri + severity);
    if (known && known.analysis === analysis && known.entry === entry && known.catalog === catalog && known.key === key) return known.check;
    const result = checkContract(analysis, {
      registry: entry && this.stateOf(entry),
      catalog,
      settings: { mode: settings.compatibility, registryKind: settings.registryKind, breakingSeverity: severity },
      memo: this.sources.memoFor(doc.uri),
    });
    const check = { result, entry, complete };
    this.last.set(doc.uri + severity, { analysis, entry, catalog, key, check });
    return check;
  }

  /** The check once the registry listing and the source files are read (for requests that can wait: publish, lenses). */
  async settled(doc: TextDocument, breakingSeverity?: Severity): Promise<EditorCheck> {
    await this.sources.ready();
    const analysis = this.store.get(doc);
    const file = filePath(doc.uri);
    if (analysis.isContract && file && analysis.facts.id) await this.registry.load(file, analysis.facts.id);
    return this.current(doc, breakingSeverity);
  }

  forget(uri: string): void {
    for (const severity of ['warning', 'error']) this.last.delete(uri + severity);
  }

  /** One registry state per listing, so that the check's memo sees the same value until the listing is read again. */
  private stateOf(entry: RegistryEntry): RegistryState {
    let state = this.states.get(entry);
    if (!state) {
      // messages name registry files relative to the workspace; related information links to them by their full path
      const shown = <T extends { location: string }>(x: T): T & { shown: string } => ({ ...x, shown: this.registry.shownPath(x.location, entry.dir) });
      this.states.set(entry, (state = { versions: entry.listing.versions.map(shown), unusable: entry.listing.problems.map(shown) }));
    }
    return state;
  }
}

function isInside(file: string, dir: string): boolean {
  return file.startsWith(dir + path.sep) || file.startsWith(dir + '/');
}
