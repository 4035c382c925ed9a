// The request behind the live SQL preview: the job generated from a contract, with where each field landed.
import { Connection, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentParams, GENERATED_SQL_REQUEST, GeneratedSqlResult } from '../shared/protocol';
import { toRange } from './convert';
import { guard } from './guard';
import { SourceService } from './sources';

export function registerPreviewFeatures(connection: Connection, documents: TextDocuments<TextDocument>, sources: SourceService): void {
  connection.onRequest(
    GENERATED_SQL_REQUEST,
    guard(connection, 'generated SQL', async (params: DocumentParams): Promise<GeneratedSqlResult | null> => {
      await sources.ready();
      const doc = documents.get(params.uri);
      if (!doc) return null;
      // the same memo as the contract's check: a job the diagnostics generated is not generated again
      const job = sources.memoFor(doc.uri).job(sources.parsed(doc.uri, doc.getText()), sources.catalog());
      if (!job) return { uri: doc.uri, version: doc.version, sql: '', fields: [], problems: ['The contract cannot be read: fix its YAML first.'] };
      const fields = job.fields.map((f) => ({ line: f.line, stream: f.stream, field: f.field, range: toRange(doc, f.span) }));
      const problems = job.problems.filter((p) => p.severity !== 'info').map((p) => `${p.severity}: ${p.message}`);
      return { uri: doc.uri, version: doc.version, sql: job.sql, fields, problems };
    }, null),
  );
}
