// Seeded random edits of contract text, as typing, deleting, re-indenting and pasting make them (for the incremental tests).

/** What one keystroke or paste may insert. */
export const INSERTS = ['a', 'e', 'x', '1', ' ', ' ', '  ', '\t', '\n', '\r', '\r\n', '\u0000', ':', ': ', '-', '- ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '|', '>', '&a', '*a', '!', '?', '\\', 'true', '\n        ', '\n      - ', 'name: x\n'];

/** A small deterministic generator, so that a failure can be replayed. */
export function random(seed: number): () => number {
  let state = seed % 2147483648;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

export interface Edit {
  at: number;
  removed: number;
  inserted: string;
}

/** One edit of `text`: typing, deleting, re-indenting, pasting or deleting a line; mostly inside the properties. */
export function randomEdit(text: string, next: () => number): Edit {
  const first = text.indexOf('properties:');
  const from = next() < 0.85 && first >= 0 ? first : 0;
  const at = from + Math.floor(next() * (text.length - from + 1));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at) + 1;
  const kind = next();
  if (kind < 0.55) {
    const removed = next() < 0.3 ? 1 + Math.floor(next() * 3) : 0;
    return { at, removed, inserted: next() < 0.85 ? INSERTS[Math.floor(next() * INSERTS.length)] : '' };
  }
  if (kind < 0.65) return { at, removed: 1 + Math.floor(next() * 40), inserted: '' };
  if (kind < 0.75) return next() < 0.5 ? { at: lineStart, removed: 0, inserted: '  ' } : { at: lineStart, removed: text.startsWith('  ', lineStart) ? 2 : 0, inserted: '' };
  if (kind < 0.85) return { at: lineStart, removed: lineEnd - lineStart, inserted: '' };
  // paste a copy of another line of the text at the start of this one
  const other = Math.floor(next() * text.length);
  const otherStart = text.lastIndexOf('\n', other - 1) + 1;
  const otherEnd = text.indexOf('\n', other) < 0 ? text.length : text.indexOf('\n', other) + 1;
  const pasted = text.slice(otherStart, otherEnd);
  return { at: lineStart, removed: 0, inserted: pasted.endsWith('\n') ? pasted : `${pasted}\n` };
}

