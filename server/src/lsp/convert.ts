// Converts engine data (offsets, problems, symbols, completions) into LSP types.
import { Command, CompletionItem, CompletionItemKind, CompletionItemTag, Diagnostic, DiagnosticSeverity, DocumentSymbol, InsertTextFormat, MarkupKind, Range, SymbolKind } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionEntry } from '../engine/completion';
import { OutlineSymbol } from '../engine/symbols';
import { Problem, Span } from '../engine/types';

const SEVERITY: Record<Problem['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

/** `docsUrl`: the rules documentation (docs/rules.md of the installed extension), linked from documented rules. */
export function toDiagnostic(doc: TextDocument, p: Problem, docsUrl?: string): Diagnostic {
  const diagnostic: Diagnostic = { range: toRange(doc, p.span), severity: SEVERITY[p.severity], code: p.code, source: 'streamcontract', message: p.message };
  if (p.docs && docsUrl) diagnostic.codeDescription = { href: `${docsUrl}#${p.docs}` };
  if (p.fixes?.length) {
    const fixes = p.fixes.map((f) => ({
      title: f.title,
      preferred: f.preferred === true,
      edits: f.edits.map((e) => ({ range: toRange(doc, e.span), newText: e.newText })),
      // a fix's command acts on the document of its diagnostic unless it says otherwise
      ...(f.command ? { command: { ...f.command, arguments: f.command.arguments ?? [doc.uri] } } : {}),
    }));
    diagnostic.data = { fixes } satisfies DiagnosticFixes;
  }
  if (p.related?.length) {
    diagnostic.relatedInformation = p.related.map((r) => ({
      location: r.file && r.range ? { uri: toUri(r.file), range: r.range } : { uri: doc.uri, range: toRange(doc, r.span) },
      message: r.message,
    }));
  }
  return diagnostic;
}

/** Quick fixes travel with their diagnostic, already in the document's coordinates. */
export interface DiagnosticFixes {
  fixes: { title: string; preferred: boolean; edits: { range: Range; newText: string }[]; command?: Command }[];
}

function toUri(location: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? location : pathToFileURL(location).toString();
}

const SYMBOL_KIND: Record<OutlineSymbol['kind'], SymbolKind> = {
  section: SymbolKind.Namespace,
  field: SymbolKind.Property,
  server: SymbolKind.Interface,
  stream: SymbolKind.Class,
  property: SymbolKind.Field,
};

export function toDocumentSymbol(doc: TextDocument, s: OutlineSymbol): DocumentSymbol {
  return {
    name: s.name || '(unnamed)',
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind],
    range: toRange(doc, s.span),
    selectionRange: toRange(doc, s.selection),
    children: s.children.map((c) => toDocumentSymbol(doc, c)),
  };
}

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
};

export function toCompletionItem(doc: TextDocument, e: CompletionEntry): CompletionItem {
  return {
    label: e.label,
    kind: COMPLETION_KIND[e.kind],
    detail: e.detail,
    documentation: e.documentation ? { kind: MarkupKind.Markdown, value: e.documentation } : undefined,
    textEdit: { range: toRange(doc, e.replace), newText: e.insertText },
    insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    sortText: e.sortText,
    filterText: e.label,
    tags: e.deprecated ? [CompletionItemTag.Deprecated] : undefined,
  };
}
