// Parses contract text into a YAML document and a plain value; every failure becomes a problem, never a throw.
import { Document, isAlias, isCollection, isPair, isScalar, YAMLError } from 'yaml';
import { lineEndFrom } from './lineIndex';
import { Problem, Span } from './types';
import { parseDocuments, TOO_DEEP, withLineFeeds } from './yamlDocuments';
import { estimateNestingAt, MAX_ESTIMATED_DEPTH } from './yamlNesting';

/** Files above this size get one "too large" diagnostic instead of live analysis (bounded time). */
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
/** Nesting deeper than this is never a real contract; refusing it keeps every walker bounded. */
export const MAX_DEPTH = 64;
/** Alias expansions allowed when building the value (guards against alias bombs). */
export const MAX_ALIAS_COUNT = 200;

export interface ParsedYaml {
  /** The text as parsed: a lone CR reads as LF (a line break, as editors count it), so every offset is the editor's. */
  text: string;
  /** The first YAML document, when the text could be parsed at all. */
  doc: Document.Parsed | null;
  /** The plain value of the first document; undefined when it must not be analysed further. */
  value: unknown;
  problems: Problem[];
  /** True when the structure is sound enough for schema validation and semantic rules. */
  analysable: boolean;
  /** Whether the document uses no anchors or aliases (computed on demand for incremental re-parsing). */
  aliasFree?: boolean;
  /** Set when this result came from re-parsing only the edited property. */
  incremental?: boolean;
  /** Set with `incremental`: the one property that was re-parsed, and how the text around it moved. */
  edit?: PropertyEdit;
  /** Set once a later analysis re-parsed incrementally from this one: its tree now belongs to that analysis. */
  superseded?: boolean;
}

/** An edit inside `schema[stream].properties[index]`: the text from `changeEnd` on (old offsets) moved by `delta`. */
export interface PropertyEdit {
  previousText: string;
  stream: number;
  index: number;
  /** The property's value before the edit (the new one is in the value tree). */
  replaced: unknown;
  changeStart: number;
  changeEnd: number;
  delta: number;
}

export interface ParseOptions {
  maxBytes?: number;
}

export function parseYaml(original: string, options: ParseOptions = {}): ParsedYaml {
  const text = withLineFeeds(original);
  const result: ParsedYaml = { text, doc: null, value: undefined, problems: [], analysable: false };
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const firstLine = { start: 0, end: Math.max(0, Math.min(lineEndFrom(text.slice(0, 201), 0), 200)) };
  if (text.length > maxBytes) {
    const size = `${(text.length / (1024 * 1024)).toFixed(1)} MiB`;
    const limit = `${Math.round(maxBytes / 1024)} KiB`;
    result.problems.push(fileProblem('file-too-large', 'warning', `This file (${size}) is too large for live analysis (limit ${limit}); it was not checked.`, firstLine));
    return result;
  }
  if (text.includes('\u0000')) {
    result.problems.push(fileProblem('binary-file', 'error', 'This file contains binary data (NUL bytes); a contract must be YAML text.', firstLine));
    return result;
  }
  if (!hasContent(text)) {
    result.problems.push(fileProblem('empty-file', 'warning', 'The contract is empty: start with `apiVersion`, `kind: DataContract`, `id`, `version` and `status`.', firstLine));
    return result;
  }

  let docs: Document.Parsed[] | typeof TOO_DEEP;
  try {
    docs = parseDocuments(text);
  } catch (err) {
    result.problems.push(fileProblem('yaml-too-deep', 'error', `The YAML could not be parsed: ${describe(err)}.`, firstLine));
    return result;
  }
  if (docs === TOO_DEEP) {
    result.problems.push(refusedBeforeParsing(text, firstLine));
    return result;
  }
  if (docs.length === 0) {
    result.problems.push(fileProblem('empty-file', 'warning', 'The file holds no YAML document.', firstLine));
    return result;
  }
  const doc = docs[0];
  result.doc = doc;
  let syntaxErrors = 0;
  for (const err of doc.errors) {
    if (err.code !== 'DUPLICATE_KEY') syntaxErrors++;
    result.problems.push(yamlProblem(err, 'error', text));
  }
  for (const warn of doc.warnings) result.problems.push(yamlProblem(warn, 'warning', text));
  for (const extra of docs.slice(1)) {
    const start = extra.range[0];
    const span = { start, end: lineEndFrom(text, start) };
    result.problems.push({ code: 'yaml-multi-document', severity: 'error', span, message: 'A contract file holds exactly one YAML document; this second document is ignored. Move it to its own file.' });
  }
  if (syntaxErrors > 0) return result;

  if (nestingDepth(doc.contents) > MAX_DEPTH) {
    result.problems.push(tooDeep(firstLine));
    return result;
  }
  try {
    result.value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (err instanceof RangeError) {
      result.problems.push(tooDeep(firstLine));
      return result;
    }
    const code = err instanceof ReferenceError ? 'yaml-alias-limit' : 'yaml-syntax';
    result.problems.push(fileProblem(code, 'error', `The YAML could not be read: ${describe(err)}.`, firstLine));
    return result;
  }
  result.analysable = true;
  return result;
}

/** Nesting refused before parsing, on the line that leads to it (its estimate is what decided: never the stack left). */
function refusedBeforeParsing(text: string, firstLine: Span): Problem {
  const { deepAt, outOfPlace } = estimateNestingAt(text, MAX_ESTIMATED_DEPTH);
  if (deepAt < 0) return tooDeep(firstLine);
  const span = { start: deepAt, end: lineEndFrom(text, deepAt) };
  const message = outOfPlace
    ? `The YAML nests more than ${MAX_DEPTH} levels deep from this line on: it is out of place (indented deeper than a line that already has its value, or cutting a quoted value or a bracket short), so every line after it nests inside the one before. Fix its indentation; the file was not analysed.`
    : `The YAML is nested more than ${MAX_DEPTH} levels deep from this line on; it was not analysed.`;
  return fileProblem('yaml-too-deep', 'error', message, span);
}

/** Nesting refused after parsing, or while parsing when the parser ran out of stack. */
function tooDeep(span: Span): Problem {
  return fileProblem('yaml-too-deep', 'error', `The YAML is nested more than ${MAX_DEPTH} levels deep; it was not analysed.`, span);
}

function fileProblem(code: string, severity: Problem['severity'], message: string, span: Span): Problem {
  return { code, severity, message, span };
}

function yamlProblem(err: YAMLError, severity: Problem['severity'], text: string): Problem {
  const [start, rawEnd] = err.pos;
  let end = Math.min(text.length, Math.max(rawEnd, start + 1));
  if (err.code === 'DUPLICATE_KEY') {
    // the library points at the key's first character; underline the whole key
    const key = keyLength(text, start, Math.min(text.length, start + 500));
    if (key) end = start + key;
  } else if (end - start <= 1) {
    end = start + Math.max(1, /^\S*/.exec(text.slice(start, start + 200))![0].length);
  }
  const code = err.code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : 'yaml-syntax';
  const message = err.code === 'DUPLICATE_KEY' ? `Duplicate key \`${text.slice(start, end)}\`: a key may appear only once in a mapping.` : tidyMessage(err.message);
  return { code, severity, message, span: { start, end } };
}

/** The yaml library ends messages with a location we already show as a range. */
function tidyMessage(message: string): string {
  const location = / at line \d+, column \d+/y;
  for (let at = message.indexOf(' at line '); at >= 0; at = message.indexOf(' at line ', at + 1)) {
    location.lastIndex = at;
    if (location.test(message)) return message.slice(0, at).trim();
  }
  return message.trim();
}

/** Whether the text holds anything but white space and comment lines (one pass: no regex retried per line). */
export function hasContent(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isWhiteSpace(c)) i++;
    else if (c !== 0x23 /* # */) return true;
    else while (i < text.length && !isLineBreak(text.charCodeAt(i))) i++;
  }
  return false;
}

/** The characters `\s` matches. */
export function isWhiteSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/**
 * The length of the mapping key at `start` (a quoted key, or plain text up to `:`), when a `:` follows it before
 * `limit`; undefined otherwise. A single forward scan, where a pattern like `[^:]+?\s*:` would backtrack.
 */
function keyLength(text: string, start: number, limit: number): number | undefined {
  const colonAfter = (from: number) => {
    let j = from;
    while (j < limit && isWhiteSpace(text.charCodeAt(j))) j++;
    return j < limit && text.charCodeAt(j) === 0x3a /* : */;
  };
  const quote = text[start];
  if (quote === '"' || quote === "'") {
    let j = start + 1;
    while (j < limit && text[j] !== quote && text[j] !== '\n') j++;
    if (j < limit && text[j] === quote && colonAfter(j + 1)) return j + 1 - start;
  }
  let j = start;
  while (j < limit && text[j] !== ':' && text[j] !== '\n' && text[j] !== '#') j++;
  if (j === start || !colonAfter(j)) return undefined;
  let end = j;
  while (end > start + 1 && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  return end - start;
}

function describe(err: unknown): string {
  if (err instanceof RangeError) return 'it is nested too deeply';
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\.$/, '');
}

/** Iterative, so that a hostile document cannot overflow the stack while we measure it. */
export function nestingDepth(root: unknown): number {
  const stack: [unknown, number][] = [[root, 0]];
  let max = 0;
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (depth > MAX_DEPTH) return depth;
    if (isCollection(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          stack.push([item.value, depth + 1]);
          if (!isScalar(item.key) && !isAlias(item.key)) stack.push([item.key, depth + 1]);
        } else stack.push([item, depth + 1]);
      }
    }
  }
  return max;
}
