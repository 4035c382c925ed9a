// Keeps the source catalog and the lineage of every workspace contract current, for links in both directions.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isContractName } from '../engine/contractFiles';
import { isRecord } from '../engine/locate';
import { contractLineage, Lineage } from '../engine/lineage';
import { parseYaml, ParsedYaml } from '../engine/parse';
import { CatalogBuilder } from '../engine/sources/catalog';
import { Catalog, SourceFile } from '../engine/sources/types';
import { loadSourceFiles } from '../io/sourceCatalog';
import { glob } from 'tinyglobby';
import { filePath } from './paths';

export interface ContractLineage {
  uri: string;
  text: string;
  contractId: string | null;
  lineage: Lineage;
}

/**
 * Source tables come from every `.sql` file of the workspace (open editors win over the disk); contract lineage is
 * kept for every contract file, so that a column can tell which contracts read it. Everything is rebuilt lazily
 * after `invalidate()` (a file changed) and cached by text in between.
 */
export class SourceService {
  private readonly builder = new CatalogBuilder();
  private diskSources: SourceFile[] | undefined;
  private diskContracts: Map<string, string> | undefined;
  private loading: Promise<void> | undefined;
  private catalogCache: { key: string; catalog: Catalog } | undefined;
  private readonly lineageCache = new Map<string, { text: string; catalogKey: string; result: ContractLineage }>();
  generation = 0;

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly folders: () => readonly string[],
    private readonly excluded: () => string[],
    /** The editor's own parse of an open document's current text, so that a keystroke is parsed once. */
    private readonly openParse: (uri: string, text: string) => ParsedYaml | undefined = () => undefined,
  ) {}

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
    return this.diskSources !== undefined;
  }

  invalidate(): void {
    this.diskSources = undefined;
    this.diskContracts = undefined;
    this.generation++;
  }

  /** The catalog from the disk files, with open .sql documents in place of their saved text. */
  catalog(): Catalog {
    const files = new Map((this.diskSources ?? []).map((f) => [f.path, f.text]));
    for (const doc of this.documents.all()) {
      const file = filePath(doc.uri);
      if (file && /\.sql$/i.test(file)) files.set(file, doc.getText());
    }
    const list = [...files.entries()].map(([p, text]) => ({ path: p, text })).sort((a, b) => a.path.localeCompare(b.path));
    const key = list.map((f) => `${f.path}\u0000${f.text.length}\u0000${hash(f.text)}`).join('\u0001');
    if (this.catalogCache?.key !== key) this.catalogCache = { key, catalog: this.builder.update(list) };
    return this.catalogCache.catalog;
  }

  /** The text of a source file, as the catalog saw it (to turn its spans into positions). */
  sourceText(file: string): string | undefined {
    const open = this.documents.get(pathToFileURL(file).toString());
    return open?.getText() ?? this.diskSources?.find((f) => f.path === file)?.text;
  }

  /** Lineage of one contract text. */
  lineageOf(uri: string, text: string): ContractLineage | undefined {
    const catalog = this.catalog();
    const catalogKey = this.catalogCache?.key ?? '';
    const cached = this.lineageCache.get(uri);
    if (cached && cached.text === text && cached.catalogKey === catalogKey) return cached.result;
    const parsed = this.parsed(uri, text);
    if (!parsed.doc || !parsed.analysable || !isRecord(parsed.value)) return undefined;
    const result: ContractLineage = {
      uri,
      text,
      contractId: typeof parsed.value.id === 'string' ? parsed.value.id : null,
      lineage: contractLineage(text, parsed.doc, parsed.value, catalog),
    };
    this.lineageCache.set(uri, { text, catalogKey, result });
    return result;
  }

  /** Every workspace contract (open documents win), with its lineage. */
  allContracts(): ContractLineage[] {
    const texts = new Map<string, string>();
    for (const [file, text] of this.diskContracts ?? []) texts.set(pathToFileURL(file).toString(), text);
    for (const doc of this.documents.all()) if (isContractName(doc.uri) || doc.languageId === 'odcs') texts.set(doc.uri, doc.getText());
    return [...texts.entries()].flatMap(([uri, text]) => this.lineageOf(uri, text) ?? []);
  }

  private async load(): Promise<void> {
    const roots = this.folders();
    const exclude = ['**/node_modules/**', '**/.git/**', ...this.excluded()];
    this.diskSources = roots.length ? await loadSourceFiles([...roots], { include: '**/*.sql', exclude }) : [];
    const contracts = new Map<string, string>();
    for (const root of roots) {
      for (const file of await glob('**/*.odcs.{yaml,yml}', { cwd: root, absolute: true, ignore: exclude })) {
        const text = await readFile(file, 'utf8').catch(() => undefined);
        if (text !== undefined) contracts.set(path.normalize(file), text);
      }
    }
    this.diskContracts = contracts;
  }
}

/** A cheap content fingerprint for cache keys (FNV-1a). */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
