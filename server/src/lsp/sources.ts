// Keeps the source catalog and the lineage of every workspace contract current, for links in both directions.
import { pathToFileURL } from 'node:url';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CheckMemo } from '../engine/check';
import { ContractReader } from '../engine/checkSources';
import { isContractFile } from '../engine/contractFiles';
import { Lineage } from '../engine/lineage';
import { parseYaml, ParsedYaml } from '../engine/parse';
import { Catalog, SourceFile } from '../engine/sources/types';
import { CatalogThread } from '../io/catalogThread';
import { sourceName, sourcePath, TextFile, WorkspaceRoot, workspaceContracts, workspaceSources } from '../io/workspace';
import { filePath } from './paths';

export interface ContractLineage extends ContractReader {
  uri: string;
  text: string;
}

/**
 * Source tables come from every `.sql` file of the workspace (open editors win over the disk), named relative to
 * their workspace folder; contract lineage is kept for every contract file, so that a column can tell which
 * contracts read it. Disk files are read again after `invalidate()` (a file changed); results are memoised per
 * document in a `CheckMemo`, which the contract checks share.
 */
export class SourceService {
  private readonly thread = new CatalogThread();
  private diskSources: SourceFile[] | undefined;
  private diskContracts: TextFile[] | undefined;
  private loading: Promise<void> | undefined;
  /** The latest catalog built, and the files it was built from (a fingerprint of their names and texts). */
  private built: { key: string; catalog: Catalog } | undefined;
  private building: { key: string; done: Promise<void> } | undefined;
  /** The files the catalog should be built from now; recomputed only when an input changed. */
  private wanted: { signature: string; key: string; files: SourceFile[] } | undefined;
  private readonly memos = new Map<string, CheckMemo>();
  /** Contracts read from disk, parsed: by URI, with the text they were parsed from. */
  private readonly closedParses = new Map<string, { text: string; parsed: ParsedYaml }>();
  generation = 0;

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly roots: () => readonly WorkspaceRoot[],
    /** The editor's own parse of an open document's current text, so that a keystroke is parsed once. */
    private readonly openParse: (uri: string, text: string) => ParsedYaml | undefined = () => undefined,
    /** Told when a newer catalog is in place, so that what depends on it is checked again. */
    private readonly onCatalog: () => void = () => undefined,
  ) {}

  /** The memo of one document's check stages (lineage, job, evolution). */
  memoFor(uri: string): CheckMemo {
    let memo = this.memos.get(uri);
    if (!memo) this.memos.set(uri, (memo = new CheckMemo()));
    return memo;
  }

  /** How many documents the service keeps results for (open documents and the workspace's contracts). */
  get remembered(): number {
    return this.memos.size;
  }

  /** A document closed: its memo goes unless the file is a workspace contract on disk (its lineage is still used). */
  forget(uri: string): void {
    const file = filePath(uri);
    if (!file || !this.diskContracts?.some((c) => c.path === file)) this.memos.delete(uri);
  }

  /** The parsed text: the open document's analysis when it is current, else a parse of its own. */
  parsed(uri: string, text: string): ParsedYaml {
    const open = this.openParse(uri, text);
    if (open) return open;
    // a contract that is not open is parsed once per text, not at every keystroke of another document
    const known = this.closedParses.get(uri);
    if (known?.text === text) return known.parsed;
    const parsed = parseYaml(text);
    this.closedParses.set(uri, { text, parsed });
    return parsed;
  }

  /** Reads the workspace's .sql and contract files (once per generation) and builds the catalog from them. */
  async ready(): Promise<void> {
    if (!this.diskSources || !this.diskContracts) {
      this.loading ??= this.load().finally(() => (this.loading = undefined));
      await this.loading;
    }
    for (;;) {
      this.catalog();
      const building = this.building;
      if (!building) return;
      await building.done;
    }
  }

  /** The workspace's files are read and the catalog is built from the files as they are now. */
  isReady(): boolean {
    return this.diskSources !== undefined && this.diskContracts !== undefined && this.built?.key === this.wantedFiles().key;
  }

  dispose(): void {
    this.thread.dispose();
  }

  invalidate(): void {
    this.diskSources = undefined;
    this.diskContracts = undefined;
    this.generation++;
  }

  /** How the catalog names a file of the workspace (relative to its folder). */
  nameOf(file: string): string {
    return sourceName(file, this.roots());
  }

  /**
   * The latest catalog: from the disk files, with open .sql documents in place of their saved text. When those
   * changed, a new one is built in the catalog thread and `onCatalog` is told when it is in place; until then the
   * previous one answers, so that nothing waits on the SQL parser.
   */
  catalog(): Catalog {
    const wanted = this.wantedFiles();
    if (this.diskSources && this.built?.key !== wanted.key && this.building?.key !== wanted.key) {
      const key = wanted.key;
      const done = this.thread.build(wanted.files).then(
        (catalog) => {
          if (this.building?.key === key) this.building = undefined;
          if (this.built?.key === key) return;
          this.built = { key, catalog };
          this.onCatalog();
        },
        () => {
          if (this.building?.key === key) this.building = undefined;
        },
      );
      this.building = { key, done };
    }
    return this.built?.catalog ?? EMPTY_CATALOG;
  }

  /** The latest catalog built from the workspace, even while a newer one is being built; undefined before the first. */
  latest(): Catalog | undefined {
    const catalog = this.catalog();
    return this.built ? catalog : undefined;
  }

  private wantedFiles(): { key: string; files: SourceFile[] } {
    const open = this.documents.all().filter((d) => /\.sql$/i.test(d.uri));
    const signature = `${this.generation}\u0000${this.diskSources ? 'disk' : ''}\u0000${open.map((d) => `${d.uri}@${d.version}`).join('\u0001')}`;
    if (this.wanted?.signature === signature) return this.wanted;
    const files = new Map((this.diskSources ?? []).map((f) => [f.path, f.text]));
    for (const doc of open) {
      const file = filePath(doc.uri);
      if (file) files.set(this.nameOf(file), doc.getText());
    }
    const list = [...files.entries()].map(([p, text]) => ({ path: p, text })).sort((a, b) => a.path.localeCompare(b.path));
    const key = list.map((f) => `${f.path}\u0000${f.text.length}\u0000${hash(f.text)}`).join('\u0001');
    this.wanted = { signature, key, files: list };
    return this.wanted;
  }

  /** The absolute path of a catalog file name. */
  pathOf(name: string): string {
    return sourcePath(name, this.roots());
  }

  /** The text of a source file, as the catalog saw it (to turn its spans into positions). */
  sourceText(name: string): string | undefined {
    const open = this.documents.get(pathToFileURL(this.pathOf(name)).toString());
    return open?.getText() ?? this.diskSources?.find((f) => f.path === name)?.text;
  }

  /** Lineage of one contract text against the current catalog. */
  lineageOf(uri: string, text: string): Lineage {
    return this.memoFor(uri).lineage(this.parsed(uri, text), this.catalog());
  }

  /** Every workspace contract (open documents win), with its lineage. */
  allContracts(): ContractLineage[] {
    const texts = new Map<string, string>();
    for (const c of this.diskContracts ?? []) texts.set(pathToFileURL(c.path).toString(), c.text);
    for (const doc of this.documents.all()) if (isContractFile(doc.uri, doc.getText())) texts.set(doc.uri, doc.getText());
    const catalog = this.catalog();
    return [...texts.entries()].map(([uri, text]) => {
      const parsed = this.parsed(uri, text);
      const id = typeof (parsed.value as { id?: unknown } | undefined)?.id === 'string' ? (parsed.value as { id: string }).id : null;
      return { uri, text, contractId: id, lineage: this.memoFor(uri).lineage(parsed, catalog) };
    });
  }

  private async load(): Promise<void> {
    const roots = this.roots();
    const sources = await workspaceSources(roots);
    const contracts = await workspaceContracts(roots);
    this.diskSources = sources.map((f) => ({ path: sourceName(f.path, roots), text: f.text }));
    this.diskContracts = contracts;
    this.closedParses.clear();
    this.wanted = undefined;
  }
}

const EMPTY_CATALOG: Catalog = { tables: [], problems: [], dropped: [] };

/** A cheap content fingerprint for cache keys (FNV-1a). */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
