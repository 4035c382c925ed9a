// Reads a JavaScript regular expression into a small tree of character sets, sequences, alternations, repeats and assertions.

export type Range = [number, number];
export type CharSet = Range[];

const MAX_CODE = 0x10ffff;
export const ALL: CharSet = [[0, MAX_CODE]];
export const LINE_TERMINATORS: CharSet = [[10, 10], [13, 13], [0x2028, 0x2029]];
const DIGITS: CharSet = [[48, 57]];
const WORD: CharSet = [[48, 57], [65, 90], [95, 95], [97, 122]];
const SPACES: CharSet = normalize([[9, 13], [32, 32], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]]);

function normalize(ranges: Range[]): CharSet {
  const sorted = ranges.map((r) => [r[0], r[1]] as Range).sort((a, b) => a[0] - b[0]);
  const out: CharSet = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push(r);
  }
  return out;
}

export function complement(set: CharSet): CharSet {
  const out: CharSet = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE) out.push([next, MAX_CODE]);
  return out;
}

export function intersect(a: CharSet, b: CharSet): CharSet {
  const out: CharSet = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

function withCase(set: CharSet): CharSet {
  const extra: Range[] = [];
  for (const [lo, hi] of set) {
    const upper = intersect([[lo, hi]], [[65, 90]]);
    const lower = intersect([[lo, hi]], [[97, 122]]);
    for (const [a, b] of upper) extra.push([a + 32, b + 32]);
    for (const [a, b] of lower) extra.push([a - 32, b - 32]);
  }
  return normalize([...set, ...extra]);
}

type Assertion = 'caret' | 'dollar' | 'other';
export type RegexNode =
  | { t: 'chars'; set: CharSet }
  | { t: 'seq'; items: RegexNode[] }
  | { t: 'alt'; alts: RegexNode[] }
  | { t: 'rep'; node: RegexNode; min: number; max: number }
  | { t: 'assert'; kind: Assertion };

/** Parses the JavaScript regular expression syntax the project uses (throws on what it does not know). */
export function parseRegex(source: string, flags: string): RegexNode {
  const unicode = flags.includes('u') || flags.includes('v');
  const fold = flags.includes('i') ? withCase : (s: CharSet) => s;
  let i = 0;
  const peek = () => source[i];
  const fail = (why: string): never => {
    throw new Error(`cannot read /${source}/ at ${i}: ${why}`);
  };

  function alternation(): RegexNode {
    const alts = [sequence()];
    while (peek() === '|') {
      i++;
      alts.push(sequence());
    }
    return alts.length === 1 ? alts[0] : { t: 'alt', alts };
  }

  function sequence(): RegexNode {
    const items: RegexNode[] = [];
    while (i < source.length && peek() !== '|' && peek() !== ')') {
      const atom = term();
      items.push(quantified(atom));
    }
    return { t: 'seq', items };
  }

  function quantified(atom: RegexNode): RegexNode {
    let min = -1;
    let max = -1;
    const c = peek();
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      i += m[0].length - 1;
    } else return atom;
    i++;
    if (peek() === '?') i++; // lazy: the same paths, tried in another order
    if (atom.t === 'assert') return atom;
    return { t: 'rep', node: atom, min, max };
  }

  function term(): RegexNode {
    const c = source[i++];
    if (c === '^') return { t: 'assert', kind: 'caret' };
    if (c === '$') return { t: 'assert', kind: 'dollar' };
    if (c === '.') return { t: 'chars', set: flags.includes('s') ? ALL : complement(LINE_TERMINATORS) };
    if (c === '[') return { t: 'chars', set: fold(charClass()) };
    if (c === '(') {
      let lookaround = false;
      if (source.startsWith('?:', i)) i += 2;
      else if (/^\?<?[=!]/.test(source.slice(i, i + 3))) {
        lookaround = true;
        i += source[i + 1] === '<' ? 3 : 2;
      } else if (source.startsWith('?<', i)) i = source.indexOf('>', i) + 1;
      const inner = alternation();
      if (source[i++] !== ')') fail('unclosed group');
      return lookaround ? { t: 'assert', kind: 'other' } : inner;
    }
    if (c === '\\') {
      const e = source[i];
      if (e === 'b' || e === 'B') {
        i++;
        return { t: 'assert', kind: 'other' };
      }
      if (/[1-9]/.test(e) || (e === 'k' && source[i + 1] === '<')) {
        i = e === 'k' ? source.indexOf('>', i) + 1 : i + /^\d+/.exec(source.slice(i))![0].length;
        return { t: 'assert', kind: 'other' };
      }
      return { t: 'chars', set: fold(escape()) };
    }
    if (c === '*' || c === '+' || c === '?') fail('nothing to repeat');
    const code = unicode ? source.codePointAt(i - 1)! : c.charCodeAt(0);
    if (code > 0xffff) i++;
    return { t: 'chars', set: fold([[code, code]]) };
  }

  /** After a backslash: a class escape or one character. */
  function escape(): CharSet {
    const e = source[i++];
    const classes: Record<string, CharSet> = { d: DIGITS, D: complement(DIGITS), w: WORD, W: complement(WORD), s: SPACES, S: complement(SPACES) };
    if (classes[e]) return classes[e];
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, f: 12, '0': 0 };
    if (e in simple) return [[simple[e], simple[e]]];
    if (e === 'x' && /^[0-9a-fA-F]{2}/.test(source.slice(i))) {
      i += 2;
      const code = parseInt(source.slice(i - 2, i), 16);
      return [[code, code]];
    }
    if (e === 'u') {
      const braced = /^\{([0-9a-fA-F]+)\}/.exec(source.slice(i));
      const plain = /^[0-9a-fA-F]{4}/.exec(source.slice(i));
      const hex = unicode && braced ? braced[1] : plain?.[0];
      if (hex) {
        i += unicode && braced ? braced[0].length : 4;
        const code = parseInt(hex, 16);
        return [[code, code]];
      }
    }
    if (e === 'c' && /[A-Za-z]/.test(source[i] ?? '')) {
      const code = source.charCodeAt(i++) % 32;
      return [[code, code]];
    }
    if ((e === 'p' || e === 'P') && unicode) {
      i = source.indexOf('}', i) + 1;
      return ALL; // a property class: assume it may hold anything
    }
    const code = e.charCodeAt(0);
    return [[code, code]];
  }

  function charClass(): CharSet {
    const negated = peek() === '^';
    if (negated) i++;
    const ranges: Range[] = [];
    const single = (): CharSet => {
      const c = source[i++];
      if (c === '\\') {
        if (peek() === 'b') {
          i++;
          return [[8, 8]];
        }
        return escape();
      }
      const code = c.charCodeAt(0);
      return [[code, code]];
    };
    while (i < source.length && peek() !== ']') {
      const from = single();
      if (peek() === '-' && source[i + 1] !== ']' && from.length === 1 && from[0][0] === from[0][1]) {
        i++;
        const to = single();
        ranges.push([from[0][0], to[0][1]]);
      } else ranges.push(...from);
    }
    if (source[i++] !== ']') fail('unclosed class');
    const set = normalize(ranges);
    return negated ? complement(set) : set;
  }

  const node = alternation();
  if (i !== source.length) fail('unbalanced parenthesis');
  return node;
}
