// Builds one SQL statement from generated text and contract fragments, remembering where each fragment landed.
import { Document } from 'yaml';
import { locate } from '../locate';
import { scalarOffsetMap } from '../scalarOffsets';
import { Span } from '../types';
import { Fragment } from './model';

/** A change to a fragment, in offsets of its value: quoting an identifier, renaming a table. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface Segment {
  start: number;
  end: number;
  fragment: Fragment;
  /** For each character of the segment, the offset in the fragment's value it comes from (-1: added). */
  map: number[];
}

export class StatementBuilder {
  text = '';
  readonly segments: Segment[] = [];
  private lines = 0;

  add(text: string): this {
    this.text += text;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lines++;
    return this;
  }

  /** Appends a fragment, its later lines indented by `indent`, with `edits` applied. */
  fragment(fragment: Fragment, indent: string, edits: readonly Edit[] = []): this {
    const { text, map } = renderFragment(fragment.text, indent, edits);
    this.segments.push({ start: this.text.length, end: this.text.length + text.length, fragment, map });
    this.add(text);
    return this;
  }

  /** The 0-based line the next character will be on. */
  get line(): number {
    return this.lines;
  }

  /** The fragment an offset of the statement belongs to: the one it is in, else the last one before it. */
  at(offset: number): { segment: Segment; valueStart: number; valueEnd: number; past: boolean } | undefined {
    let found: Segment | undefined;
    for (const s of this.segments) if (s.start <= offset) found = s;
    if (!found) return undefined;
    if (offset < found.end) {
      const value = valueOffset(found.map, offset - found.start);
      return { segment: found, valueStart: value, valueEnd: value, past: false };
    }
    const last = valueOffset(found.map, found.end - found.start - 1);
    return { segment: found, valueStart: last, valueEnd: last + 1, past: true };
  }
}

function valueOffset(map: number[], index: number): number {
  for (let i = Math.min(index, map.length - 1); i >= 0; i--) if (map[i] >= 0) return map[i];
  return map.find((v) => v >= 0) ?? 0;
}

/** The fragment without surrounding blanks and trailing spaces, later lines indented, edits applied. */
export function renderFragment(value: string, indent: string, edits: readonly Edit[]): { text: string; map: number[] } {
  let a = 0;
  let b = value.length;
  while (a < b && /\s/.test(value[a])) a++;
  while (b > a && /\s/.test(value[b - 1])) b--;
  const sorted = [...edits].filter((e) => e.start >= a && e.end <= b).sort((x, y) => x.start - y.start || x.end - y.end);
  let text = '';
  const map: number[] = [];
  const emit = (s: string, from: number) => {
    text += s;
    for (let k = 0; k < s.length; k++) map.push(from);
  };
  let next = 0;
  for (let i = a; i < b; ) {
    const edit = sorted[next];
    if (edit && edit.start === i) {
      emit(edit.text, edit.start);
      next++;
      i = Math.max(i, edit.end);
      continue;
    }
    const c = value[i];
    if (c === ' ' || c === '\t') {
      let j = i;
      while (j < b && (value[j] === ' ' || value[j] === '\t')) j++;
      if (value[j] === '\n') {
        i = j;
        continue;
      }
    }
    if (c === '\n') {
      emit('\n', i);
      emit(indent, -1);
    } else {
      emit(c, i);
    }
    i++;
  }
  for (; sorted[next]?.start === b; next++) emit(sorted[next].text, b);
  return { text, map };
}

/** The span in the contract text of `[start, end)` of a fragment's value: exact inside plain, quoted and block scalars. */
export function fragmentSpan(contractText: string, doc: Document | null | undefined, fragment: Fragment, start: number, end: number): Span | undefined {
  const node = doc ? locate(doc, fragment.path).node : null;
  if (!node?.range) return undefined;
  const map = scalarOffsetMap(contractText, node);
  if (!map) return { start: node.range[0], end: node.range[1] };
  const from = map(start);
  // the end is where the next character starts (an escaped `''` stays whole), without the line break before it
  let to = map(end);
  while (to > from + 1 && /\s/.test(contractText[to - 1])) to--;
  return { start: from, end: Math.max(from + 1, to) };
}
