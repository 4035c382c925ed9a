// Keeps the source catalog and the lineage of every workspace contract current, for links in both directions.
import { pathToFileURL } from 'node:url';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CheckMemo } from '../engine/check';
import { ContractReader } from '../engine/checkSources';
import { isContractFile } from '../engine/contractFiles';
import { Lineage } from '../engine/lineage';
import { parseYaml, ParsedYaml } from '../engine/parse';
import { CatalogBuilder } from '../engine/sources/catalog';
import { Catalog, SourceFile } from '../engine/sources/types';
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
  private readonly builder = new CatalogBuilder();
  private diskSources: SourceFile[] | undefined;
  private diskContracts: TextFile[] | undefined;
  private loading: Promise<void> | undefined;
  private catalogCache: { key: string; catalog: Catalog } | undefined;
  private readonly memos = new Map<string, CheckMemo>();
  generation = 0;

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly roots: () => readonly WorkspaceRoot[],
    /** The editor's own parse of an open document's current text, so that a keystroke is parsed once. */
    private readonly openParse: (uri: string, text: string) => ParsedYaml | undefined = () => undefined,
  ) {}

  /** The memo of one document's check stages (lineage, job, evolution). */
  memoFor(uri: string): CheckMemo {
    let memo = this.memos.get(uri);
    if (!memo) this.memos.set(uri, (memo = new CheckMemo()));
    return memo;
  }

  /** A document closed: its memo goes unless the file is a workspace contract on disk (its lineage is still used). */
  forget(uri: string): void {
    const file = filePath(uri);
    if (!file || !this.diskContracts?.some((c) => c.path === file)) this.memos.delete(uri);
  }

  /** The parsed text: the open document's analysis when it is current, else a parse of its own. */
  parsed(uri: string, text: string): ParsedYaml {
    return this.openParse(uri, text) ?? parseYaml(text);
  }

  /** Reads the workspace's .sql and contract files (once per generation). */
  async ready(): Promise<void> {
    if (this.diskSources && this.diskContracts) return;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    await this.loading;
  }

  isReady(): boolean {
    return this.diskSources !== undefined && this.diskContracts !== undefined;
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

  /** The catalog from the disk files, with open .sql documents in place of their saved text. */
  catalog(): Catalog {
    const files = new Map((this.diskSources ?? []).map((f) => [f.path, f.text]));
    for (const doc of this.documents.all()) {
      const file = filePath(doc.uri);
      if (file && /\.sql$/i.test(file)) files.set(this.nameOf(file), doc.getText());
    }
    const list = [...files.entries()].map(([p, text]) => ({ path: p, text })).sort((a, b) => a.path.localeCompare(b.path));
    const key = list.map((f) => `${f.path}\u0000${f.text.length}\u0000${hash(f.text)}`).join('\u0001');
    if (this.catalogCache?.key !== key) this.catalogCache = { key, catalog: this.builder.update(list) };
    return this.catalogCache.catalog;
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
    this.diskSources = sources.map((f) => ({ path: sourceName(f.path, roots), text: f.text }));
    this.diskContracts = await workspaceContracts(roots);
  }
}

/** A cheap content fingerprint for cache keys (FNV-1a). */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
