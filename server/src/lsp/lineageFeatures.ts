// Links between contract fields and source columns: definition, references, hover, document links, and SQL-side lenses.
import { CodeLens, Connection, DocumentLink, Hover, Location, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import { LineIndex } from '../engine/lineIndex';
import { mdCode } from '../engine/markdown';
import { lookupTable } from '../engine/sources/catalogLookup';
import { draftContract } from '../engine/sources/newContract';
import { DRAFT_CONTRACT_REQUEST, DraftContractResult, SOURCE_TABLES_REQUEST, SourceTableSummary } from '../shared/protocol';
import { ColumnRef } from '../engine/lineage';
import { SourceColumn, SourceTable } from '../engine/sources/types';
import { Span } from '../engine/types';
import { guard } from './guard';
import { filePath } from './paths';
import { ContractLineage, SourceService } from './sources';

export class LineageFeatures {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly sources: SourceService,
  ) {}

  /** The column reference of an open contract at an offset, with the contract's lineage. */
  refAt(uri: string, offset: number): { ref: ColumnRef } | undefined {
    const doc = this.documents.get(uri);
    if (!doc || !this.sources.isReady()) return undefined;
    for (const p of this.sources.lineageOf(uri, doc.getText()).properties) {
      for (const ref of p.refs) if (offset >= ref.span.start && offset <= ref.span.end) return { ref };
    }
    return undefined;
  }

  columnLocation(table: SourceTable, column?: SourceColumn): Location | undefined {
    const file = column?.file ?? table.file;
    const span = column?.span ?? table.span;
    const text = this.sources.sourceText(file);
    if (text === undefined) return undefined;
    return { uri: pathToFileURL(this.sources.pathOf(file)).toString(), range: rangeIn(text, span) };
  }

  /** Every contract field reading the column, across the workspace's contracts. */
  usersOf(table: SourceTable, column: SourceColumn): { contract: ContractLineage; ref: ColumnRef; field: string }[] {
    const out: { contract: ContractLineage; ref: ColumnRef; field: string }[] = [];
    for (const contract of this.sources.allContracts()) {
      for (const p of contract.lineage.properties) {
        for (const ref of p.refs) {
          if (ref.table === table && ref.column?.name === column.name) out.push({ contract, ref, field: String(p.property.name ?? '') });
        }
      }
    }
    return out;
  }

  /** The column declared at an offset of a .sql file. */
  columnAt(uri: string, offset: number): { table: SourceTable; column: SourceColumn } | undefined {
    const path = filePath(uri);
    if (!path || !this.sources.isReady()) return undefined;
    const file = this.sources.nameOf(path);
    for (const table of this.sources.catalog().tables) {
      for (const column of table.columns) if (column.file === file && offset >= column.span.start && offset <= column.span.end) return { table, column };
    }
    return undefined;
  }

  hover(uri: string, offset: number): Hover | undefined {
    const found = this.refAt(uri, offset);
    if (!found?.ref.table) return undefined;
    const { table, column } = found.ref;
    const doc = this.documents.get(uri)!;
    // table, column, type and connector names come from .sql files: code spans, never Markdown
    const tableName = qualifiedName(table);
    const lines = column
      ? [`${mdCode(`${tableName}.${column.name}`)} · ${mdCode(column.flinkType || column.declaredType)}${column.nullable ? ' · nullable' : ' · NOT NULL'}${column.primaryKey ? ' · primary key' : ''}`]
      : [`${mdCode(tableName)} (table)`];
    if (column && column.declaredType && column.declaredType.toUpperCase() !== column.flinkType.toUpperCase()) lines.push('', `Declared as ${mdCode(column.declaredType)} (${table.dialect === 'postgres' ? 'PostgreSQL' : 'Flink'}).`);
    if (column?.renamedTo) lines.push('', `Renamed to ${mdCode(column.renamedTo)} in ${mdCode(column.file.split(/[\\/]/).pop() ?? column.file)}: read under its old name while the rename is in transition.`);
    const connector = table.connector ? `${mdCode(table.connector)} table` : table.dialect === 'postgres' ? 'PostgreSQL table (read through `postgres-cdc`)' : 'table';
    lines.push('', `${connector} ${mdCode(table.name)}, declared in ${mdCode(table.file.split(/[\\/]/).pop() ?? table.file)}.`);
    if (column) {
      const fields = distinctFields(this.usersOf(table, column));
      const contracts = new Set(fields.map((f) => f.contract));
      lines.push('', `Read by ${fields.length} field${fields.length === 1 ? '' : 's'} of ${contracts.size} contract${contracts.size === 1 ? '' : 's'}.`);
    }
    return { contents: { kind: 'markdown', value: lines.join('\n') }, range: { start: doc.positionAt(found.ref.span.start), end: doc.positionAt(found.ref.span.end) } };
  }

  register(connection: Connection): void {
    const offsetOf = (uri: string, position: { line: number; character: number }) => this.documents.get(uri)?.offsetAt(position);

    connection.onDefinition(
      guard(connection, 'definition', async (params) => {
        await this.sources.ready();
        const offset = offsetOf(params.textDocument.uri, params.position);
        const found = offset === undefined ? undefined : this.refAt(params.textDocument.uri, offset);
        if (!found?.ref.table) return null;
        return this.columnLocation(found.ref.table, found.ref.column) ?? null;
      }, null),
    );

    connection.onReferences(
      guard(connection, 'references', async (params) => {
        await this.sources.ready();
        const uri = params.textDocument.uri;
        const offset = offsetOf(uri, params.position);
        if (offset === undefined) return [];
        const target = this.columnAt(uri, offset) ?? ((r) => (r?.ref.table && r.ref.column ? { table: r.ref.table, column: r.ref.column } : undefined))(this.refAt(uri, offset));
        if (!target) return [];
        const locations: Location[] = this.usersOf(target.table, target.column).map((u) => ({ uri: u.contract.uri, range: rangeIn(u.contract.text, u.ref.span) }));
        if (params.context.includeDeclaration) {
          const declaration = this.columnLocation(target.table, target.column);
          if (declaration) locations.unshift(declaration);
        }
        return locations;
      }, []),
    );

    connection.onRequest(
      SOURCE_TABLES_REQUEST,
      guard(connection, 'source tables', async (): Promise<SourceTableSummary[]> => {
        await this.sources.ready();
        return this.sources.catalog().tables.map((t) => ({
          name: t.name,
          qualifiedName: t.names.find((n) => n.includes('.')) ?? t.name,
          file: t.file,
          columns: t.columns.length,
          dialect: t.dialect,
        }));
      }, []),
    );

    connection.onRequest(
      DRAFT_CONTRACT_REQUEST,
      guard(connection, 'draft contract', async (params: { table: string }): Promise<DraftContractResult | null> => {
        await this.sources.ready();
        const table = lookupTable(this.sources.catalog(), params.table);
        if (!table) return null;
        // the id must not be one of another contract of the workspace (open drafts included)
        const taken = new Set(this.sources.allContracts().flatMap((c) => (c.contractId ? [c.contractId] : [])));
        return draftContract(table, taken);
      }, null),
    );

    connection.onDocumentLinks(
      guard(connection, 'document links', async (params): Promise<DocumentLink[]> => {
        await this.sources.ready();
        const doc = this.documents.get(params.textDocument.uri);
        if (!doc) return [];
        const links: DocumentLink[] = [];
        for (const p of this.sources.lineageOf(doc.uri, doc.getText()).properties) {
          for (const ref of p.refs) {
            if (ref.via !== 'transformSourceObjects' || !ref.table) continue;
            const target = this.columnLocation(ref.table, ref.column);
            if (!target) continue;
            links.push({ range: rangeIn(doc.getText(), ref.span), target: `${target.uri}#L${target.range.start.line + 1},${target.range.start.character + 1}`, tooltip: `Open ${ref.text}` });
          }
        }
        return links;
      }, []),
    );
  }

  /** "used by N contracts" over every column of a .sql file that contracts read. */
  async sqlLenses(uri: string): Promise<CodeLens[]> {
    await this.sources.ready();
    const path = filePath(uri);
    const doc = this.documents.get(uri);
    if (!path || !doc) return [];
    const file = this.sources.nameOf(path);
    const lenses: CodeLens[] = [];
    for (const table of this.sources.catalog().tables) {
      for (const column of table.columns) {
        if (column.file !== file) continue;
        const users = distinctFields(this.usersOf(table, column));
        if (users.length === 0) continue;
        const contracts = new Set(users.map((u) => u.contract));
        const fields = users.map((u) => `${u.contract}.${u.field}`).join(', ');
        const range = rangeIn(doc.getText(), column.span);
        lenses.push({
          range,
          command: { title: `used by ${contracts.size} contract${contracts.size === 1 ? '' : 's'} (${fields})`, command: 'streamcontract.showReferences', arguments: [uri, range.start.line, range.start.character] },
        });
      }
    }
    return lenses;
  }
}

/** A field reading a column twice (its source object and its expression) counts once. */
function distinctFields(users: { contract: ContractLineage; field: string }[]): { contract: string; field: string }[] {
  const seen = new Map<string, { contract: string; field: string }>();
  for (const u of users) {
    const contract = u.contract.contractId ?? u.contract.uri;
    seen.set(`${contract}\u0000${u.field}`, { contract, field: u.field });
  }
  return [...seen.values()];
}

/** `inventory.customers` rather than `customers`, when the table has a qualified name. */
function qualifiedName(table: SourceTable): string {
  return table.names.find((n) => n.includes('.')) ?? table.name;
}

function rangeIn(text: string, span: Span) {
  const index = new LineIndex(text);
  return { start: index.positionAt(span.start), end: index.positionAt(span.end) };
}
