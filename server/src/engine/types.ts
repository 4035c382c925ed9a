// Plain data shared by every engine feature: offsets, ranges, problems and YAML paths.

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A half-open span of UTF-16 offsets into the document text. */
export interface Span {
  start: number;
  end: number;
}

/** A location in the document's value tree: map keys and sequence indexes, from the root. */
export type Path = readonly (string | number)[];

export interface RelatedInfo {
  message: string;
  span: Span;
  /** Set when the place is in another file (e.g. a registered version): its path and 0-based range there. */
  file?: string;
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** One text replacement: `newText` in place of the text of `span` (an empty span inserts). */
export interface Edit {
  span: Span;
  newText: string;
}

/** Edits that resolve a problem, offered as a quick fix. */
export interface Fix {
  title: string;
  edits: Edit[];
  /** The fix to apply when the editor asks for "the" fix. */
  preferred?: boolean;
  /** An editor command to run (after the edits), for a choice that is not an edit: e.g. showing the migration rules. */
  command?: { title: string; command: string; arguments?: unknown[] };
}

export interface Problem {
  /** Stable rule id, e.g. `schema-unknown-key`; documented in the README. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedInfo[];
  fixes?: Fix[];
  /** Anchor of the rule's section in docs/rules.md, for rules documented there. */
  docs?: string;
}

export function problem(code: string, severity: Severity, message: string, span: Span): Problem {
  return { code, severity, message, span };
}

/** The same problem for text that moved by `delta`: its span, its fixes' edits and related places in the same file. */
export function shiftProblem(p: Problem, delta: number): Problem {
  if (delta === 0) return p;
  const shift = (span: Span): Span => ({ start: span.start + delta, end: span.end + delta });
  return {
    ...p,
    span: shift(p.span),
    ...(p.fixes ? { fixes: p.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, span: shift(e.span) })) })) } : {}),
    ...(p.related ? { related: p.related.map((r) => (r.file ? r : { ...r, span: shift(r.span) })) } : {}),
  };
}

/** The quick fix that replaces the text of `span` with `newText`. */
export function replaceFix(span: Span, newText: string, title = `Change to \`${newText}\``): Fix[] {
  return [{ title, edits: [{ span, newText }], preferred: true }];
}

/** Formats a path the way a contract author reads it: `schema[0].properties[2].logicalType`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '(root)';
}
