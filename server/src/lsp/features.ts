// Completion, hover and outline handlers: get the document, call the engine, convert the answer.
import { CodeAction, CodeActionKind, CompletionParams, Connection, Hover, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { complete } from '../engine/completion';
import { hover } from '../engine/hover';
import { outline } from '../engine/symbols';
import { DiagnosticFixes, toCompletionItem, toDocumentSymbol, toRange } from './convert';
import { AnalysisStore } from './documents';
import { guard } from './guard';

/** `sourceHover`: a hover on a source-column reference, which wins over the meta-schema's hover of the key. */
export function registerFeatures(connection: Connection, documents: TextDocuments<TextDocument>, store: AnalysisStore, sourceHover: (uri: string, offset: number) => Hover | undefined): void {
  const contract = (uri: string) => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const analysis = store.get(doc);
    return analysis.isContract && !analysis.skippedReason ? { doc, analysis } : undefined;
  };

  connection.onCompletion(
    guard(connection, 'completion', (params: CompletionParams) => {
      const found = contract(params.textDocument.uri);
      if (!found) return [];
      const entries = complete(found.doc.getText(), found.doc.offsetAt(params.position), found.analysis.parsed);
      // a typed space only asks for values (after `key: `), not for keys while indenting
      if (params.context?.triggerCharacter === ' ' && !entries.some((e) => e.kind === 'value')) return [];
      return entries.map((e) => toCompletionItem(found.doc, e));
    }, []),
  );

  connection.onHover(
    guard(connection, 'hover', (params) => {
      const found = contract(params.textDocument.uri);
      if (!found) return null;
      const fromSource = sourceHover(params.textDocument.uri, found.doc.offsetAt(params.position));
      if (fromSource) return fromSource;
      const result = hover(found.doc.getText(), found.doc.offsetAt(params.position), found.analysis.parsed);
      return result ? { contents: { kind: 'markdown' as const, value: result.markdown }, range: toRange(found.doc, result.span) } : null;
    }, null),
  );

  connection.onCodeAction(
    guard(connection, 'quick fixes', (params) => {
      // several problems may offer the same fix (every breaking change offers the new major): the same title and
      // edits are one action, which resolves all of them and is preferred when any of them prefers it
      const actions = new Map<string, CodeAction>();
      for (const diagnostic of params.context.diagnostics) {
        for (const fix of (diagnostic.data as DiagnosticFixes | undefined)?.fixes ?? []) {
          const key = JSON.stringify([fix.title, fix.edits, fix.command ?? null]);
          const known = actions.get(key);
          if (known) {
            known.diagnostics!.push(diagnostic);
            known.isPreferred = known.isPreferred || fix.preferred;
            continue;
          }
          actions.set(key, {
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: fix.preferred,
            ...(fix.edits.length ? { edit: { changes: { [params.textDocument.uri]: fix.edits } } } : {}),
            ...(fix.command ? { command: fix.command } : {}),
          });
        }
      }
      return [...actions.values()];
    }, []),
  );

  connection.onDocumentSymbol(
    guard(connection, 'outline', (params) => {
      const found = contract(params.textDocument.uri);
      return found ? outline(found.analysis.parsed).map((s) => toDocumentSymbol(found.doc, s)) : [];
    }, []),
  );
}
