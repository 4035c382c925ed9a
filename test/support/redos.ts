// A static check for regular expressions that a backtracking engine can run in super-linear time.
//
// The pattern becomes a position automaton (Glushkov); a search that is not anchored gets an implicit `[^]*`
// in front, as the engine retries at every start. A pattern is unsafe when, in front of a part that can still
// fail, one string can be read in several ways that grow with the input:
//   - exponentially: a state with two different paths back to itself on the same word (pairs automaton);
//   - polynomially: two states p ≠ q with p →w→ p, p →w→ q and q →w→ q (triples automaton).
// `^` and `$` are modelled exactly (also with the `m` flag, by splitting each state on line terminators);
// other assertions, lookarounds and back-references are treated as empty steps that can fail.
import { ALL, CharSet, complement, intersect, LINE_TERMINATORS, parseRegex, RegexNode } from './regexSyntax';

// Edge guards: which assertions a step crosses. A guard set is a bitmask over the 8 combinations.
const CARET = 1;
const DOLLAR = 2;
const OTHER = 4;
const FREE = 1 << 0; // the guard set holding only "no assertion"

function combine(a: number, b: number): number {
  let out = 0;
  for (let x = 0; x < 8; x++) if (a & (1 << x)) for (let y = 0; y < 8; y++) if (b & (1 << y)) out |= 1 << (x | y);
  return out;
}

interface Part {
  nullable: number;
  first: Map<number, number>;
  last: Map<number, number>;
}

class Glushkov {
  readonly sets: CharSet[] = [];
  readonly follow = new Map<number, Map<number, number>>();

  build(node: RegexNode): Part {
    switch (node.t) {
      case 'chars': {
        const pos = this.sets.push(node.set) - 1;
        return { nullable: 0, first: new Map([[pos, FREE]]), last: new Map([[pos, FREE]]) };
      }
      case 'assert':
        return { nullable: 1 << (node.kind === 'caret' ? CARET : node.kind === 'dollar' ? DOLLAR : OTHER), first: new Map(), last: new Map() };
      case 'seq':
        return node.items.reduce<Part>((acc, item) => this.concat(acc, this.build(item)), { nullable: FREE, first: new Map(), last: new Map() });
      case 'alt': {
        const parts = node.alts.map((a) => this.build(a));
        return { nullable: parts.reduce((n, p) => n | p.nullable, 0), first: union(parts.map((p) => p.first)), last: union(parts.map((p) => p.last)) };
      }
      case 'rep':
        return this.repeat(node.node, node.min, node.max);
    }
  }

  private repeat(inner: RegexNode, min: number, max: number): Part {
    // small bounded repeats are written out; large ones behave like an unbounded loop for this purpose
    const bounded = max !== Infinity && max <= 4;
    const copies = Math.min(min, 2);
    let acc: Part = { nullable: FREE, first: new Map(), last: new Map() };
    for (let k = 0; k < copies; k++) acc = this.concat(acc, this.build(inner));
    if (bounded) {
      for (let k = min; k < max; k++) acc = this.concat(acc, optional(this.build(inner)));
      return acc;
    }
    const loop = this.build(inner);
    for (const [l, ml] of loop.last) for (const [f, mf] of loop.first) this.edge(l, f, combine(ml, mf));
    return this.concat(acc, optional(loop));
  }

  private concat(a: Part, b: Part): Part {
    for (const [l, ml] of a.last) for (const [f, mf] of b.first) this.edge(l, f, combine(ml, mf));
    const first = union([a.first, scaled(b.first, a.nullable)]);
    const last = union([b.last, scaled(a.last, b.nullable)]);
    return { nullable: combine(a.nullable, b.nullable), first, last };
  }

  edge(from: number, to: number, guards: number): void {
    if (!guards) return;
    let row = this.follow.get(from);
    if (!row) this.follow.set(from, (row = new Map()));
    row.set(to, (row.get(to) ?? 0) | guards);
  }
}

function optional(p: Part): Part {
  return { ...p, nullable: p.nullable | FREE };
}

function scaled(map: Map<number, number>, guards: number): Map<number, number> {
  const out = new Map<number, number>();
  if (!guards) return out;
  for (const [k, v] of map) out.set(k, combine(v, guards));
  return out;
}

function union(maps: Map<number, number>[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const m of maps) for (const [k, v] of m) out.set(k, (out.get(k) ?? 0) | v);
  return out;
}

export interface RedosFinding {
  kind: 'exponential' | 'polynomial';
  /** The characters a hostile input repeats, as a sample. */
  pump: string;
}

/** Whether `/source/flags` can backtrack super-linearly on some input; null when it cannot. */
export function findRedos(source: string, flags: string): RedosFinding | null {
  const multiline = flags.includes('m');
  const g = new Glushkov();
  const root = g.build(parseRegex(source, flags));
  const anchored = flags.includes('y') || startsAnchored(root, multiline);
  const INITIAL = -1;
  const edges = new Map<number, Map<number, number>>(g.follow);
  edges.set(INITIAL, new Map(root.first));
  if (!anchored) {
    // the engine retries the match at every index: an implicit loop over any character in front
    const prefix = g.sets.push(ALL) - 1;
    edges.set(prefix, new Map([[prefix, FREE], ...root.first]));
    edges.get(INITIAL)!.set(prefix, FREE);
  }

  // states: each position split into its line-terminator part and the rest, so that `^`/`$` under `m` are exact
  interface State {
    pos: number;
    set: CharSet;
    lineBreak: boolean;
  }
  const states: State[] = [{ pos: INITIAL, set: [], lineBreak: true }];
  const statesOf = new Map<number, number[]>([[INITIAL, [0]]]);
  g.sets.forEach((set, pos) => {
    const ids: number[] = [];
    for (const [part, lineBreak] of [[intersect(set, LINE_TERMINATORS), true], [intersect(set, complement(LINE_TERMINATORS)), false]] as const) {
      if (part.length) ids.push(states.push({ pos, set: part, lineBreak }) - 1);
    }
    statesOf.set(pos, ids);
  });
  const allowed = (from: State, to: State, guards: number) => {
    for (let m = 0; m < 8; m++) {
      if (!(guards & (1 << m))) continue;
      const caretOk = !(m & CARET) || from.pos === INITIAL || (multiline && from.lineBreak);
      const dollarOk = !(m & DOLLAR) || (multiline && to.lineBreak);
      if (caretOk && dollarOk) return true;
    }
    return false;
  };
  const next: number[][] = states.map(() => []);
  states.forEach((from, id) => {
    for (const [toPos, guards] of edges.get(from.pos) ?? []) {
      for (const to of statesOf.get(toPos) ?? []) if (allowed(from, states[to], guards)) next[id].push(to);
    }
  });
  // a state that can end the match with no assertion left can never make the attempt fail
  const canFail = states.map((s) => s.pos === INITIAL || !((root.last.get(s.pos) ?? 0) & FREE));
  const n = states.length;
  const meet = (...ids: number[]) => ids.map((id) => states[id].set).reduce((a, b) => intersect(a, b));
  const pairMeets = new Map<number, boolean>();
  const meets2 = (a: number, b: number) => {
    const key = a * n + b;
    let v = pairMeets.get(key);
    if (v === undefined) pairMeets.set(key, (v = meet(a, b).length > 0));
    return v;
  };
  const sample = (ids: number[]) => String.fromCodePoint(meet(...ids)[0]?.[0] ?? 63);

  // exponential: a strongly connected part of the pairs automaton holding (q, q) and some (a, b) with a ≠ b
  const pairNext = (key: number): number[] => {
    const a = Math.floor(key / n);
    const b = key % n;
    const out: number[] = [];
    for (const x of next[a]) for (const y of next[b]) if (meets2(x, y)) out.push(x * n + y);
    return out;
  };
  for (const component of stronglyConnected(Array.from({ length: n }, (_, q) => q * n + q), pairNext)) {
    const diagonal = component.find((k) => Math.floor(k / n) === k % n && canFail[k % n]);
    if (diagonal !== undefined && component.some((k) => Math.floor(k / n) !== k % n)) return { kind: 'exponential', pump: sample([diagonal % n]) };
  }

  // polynomial: from (p, p, q) the triples automaton reaches (p, q, q)
  for (let p = 1; p < n; p++) {
    if (!next[p].some((x) => x === p) && !reaches(p, p, next)) continue;
    for (let q = 1; q < n; q++) {
      if (q === p || !canFail[q] || !reaches(p, q, next)) continue;
      const start = [p, p, q];
      const goal = `${p},${q},${q}`;
      const seen = new Set<string>([start.join(',')]);
      const queue = [start];
      while (queue.length) {
        const [a, b, c] = queue.pop()!;
        for (const x of next[a]) {
          for (const y of next[b]) {
            if (!meets2(x, y)) continue;
            for (const z of next[c]) {
              const key = `${x},${y},${z}`;
              if (seen.has(key) || meet(x, y, z).length === 0) continue;
              if (key === goal) return { kind: 'polynomial', pump: sample([x, y, z]) };
              seen.add(key);
              queue.push([x, y, z]);
            }
          }
        }
      }
    }
  }
  return null;
}

/** True when every way into the pattern passes `^` without the `m` flag (the engine tries index 0 only). */
function startsAnchored(root: Part, multiline: boolean): boolean {
  if (multiline || root.nullable & FREE) return false;
  for (const guards of root.first.values()) if (hasGuardWithout(guards, CARET)) return false;
  return root.first.size > 0;
}

function hasGuardWithout(guards: number, bit: number): boolean {
  for (let m = 0; m < 8; m++) if (guards & (1 << m) && !(m & bit)) return true;
  return false;
}

function reaches(from: number, to: number, next: number[][]): boolean {
  const seen = new Set<number>();
  const stack = [...next[from]];
  while (stack.length) {
    const s = stack.pop()!;
    if (s === to) return true;
    if (seen.has(s)) continue;
    seen.add(s);
    stack.push(...next[s]);
  }
  return false;
}

/** Tarjan's algorithm without recursion, over the part of a graph reachable from `roots`. */
function stronglyConnected(roots: number[], successors: (v: number) => number[]): number[][] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  for (const root of roots) {
    if (index.has(root)) continue;
    const work: { v: number; succ: number[]; i: number }[] = [];
    const enter = (v: number) => {
      index.set(v, counter);
      low.set(v, counter++);
      stack.push(v);
      onStack.add(v);
      work.push({ v, succ: successors(v), i: 0 });
    };
    enter(root);
    while (work.length) {
      const frame = work[work.length - 1];
      if (frame.i < frame.succ.length) {
        const w = frame.succ[frame.i++];
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(frame.v, Math.min(low.get(frame.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.v)!));
      }
      if (low.get(frame.v) === index.get(frame.v)) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.v);
        if (component.length > 1 || successors(frame.v).includes(frame.v)) out.push(component);
      }
    }
  }
  return out;
}
