// Generates single-point mutations of a parsed contract, to compare validators beyond the valid documents.

export type MutationKind =
  | 'remove-key'
  | 'add-unknown-key'
  | 'string-not-allowed'
  | 'string-breaking-patterns'
  | 'string-to-number'
  | 'string-to-array'
  | 'number-to-text'
  | 'number-to-negative'
  | 'number-to-fraction'
  | 'scalar-to-null'
  | 'array-to-empty'
  | 'boolean-to-text'
  | 'null-to-text'
  | 'array-to-text'
  | 'object-to-text';

export interface Mutant {
  /** JSON pointer of the changed node (for `remove-key`, of the removed key). */
  pointer: string;
  kind: MutationKind;
  doc: unknown;
}

type Segment = string | number;

export const UNKNOWN_KEY = 'zzUnknownKey';
export const NOT_ALLOWED = 'zz-not-allowed';
/** Fails every pattern in the ODCS schemas, including identifier patterns that accept `zz-not-allowed`. */
export const BREAKS_PATTERNS = 'zz not allowed!';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toPointer(path: readonly Segment[]): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Copy of `node` with the value at `path` replaced; unchanged branches are shared, not copied. */
function setAt(node: unknown, path: readonly Segment[], depth: number, value: unknown): unknown {
  if (depth === path.length) return value;
  const key = path[depth] as Segment;
  if (Array.isArray(node)) {
    const copy = node.slice();
    copy[key as number] = setAt(node[key as number], path, depth + 1, value);
    return copy;
  }
  const obj = node as Record<string, unknown>;
  return { ...obj, [key]: setAt(obj[key as string], path, depth + 1, value) };
}

function withoutKey(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) if (k !== key) copy[k] = obj[k];
  return copy;
}

/** Replacement values for a node, by the node's JSON type. */
function typeChanges(node: unknown): [MutationKind, unknown][] {
  if (typeof node === 'string') {
    return [
      ['string-not-allowed', NOT_ALLOWED],
      ['string-breaking-patterns', BREAKS_PATTERNS],
      ['string-to-number', 12345],
      ['string-to-array', []],
      ['scalar-to-null', null],
    ];
  }
  if (typeof node === 'number') {
    return [
      ['number-to-text', 'text'],
      ['number-to-negative', -1],
      ['number-to-fraction', 0.5],
      ['scalar-to-null', null],
    ];
  }
  if (typeof node === 'boolean') {
    return [
      ['boolean-to-text', 'text'],
      ['scalar-to-null', null],
    ];
  }
  if (node === null) return [['null-to-text', 'text']];
  if (Array.isArray(node)) {
    return node.length > 0
      ? [
          ['array-to-text', 'text'],
          ['array-to-empty', []],
        ]
      : [['array-to-text', 'text']];
  }
  if (isObject(node)) return [['object-to-text', 'text']];
  return [];
}

/**
 * Arrays whose items may be validated in isolation: arrays of objects, except `enum`, whose items must be
 * unique (the only cross-item constraint the ODCS schemas put on arrays of objects).
 */
function isolatable(key: Segment | undefined, node: unknown[]): boolean {
  return key !== 'enum' && node.length > 1 && node.every(isObject);
}

interface Pending {
  node: unknown;
  /** Path in the original document, used for reporting. */
  path: Segment[];
  /** Document the mutation is applied to, and the node's path in it. */
  root: unknown;
  at: Segment[];
}

/**
 * Every single-point mutant of `doc`, depth first. The input is never modified. With `isolate`, a mutant
 * inside an item of an array of objects keeps only that item of the array, so each mutant is validated in a
 * small context instead of the whole document; the reported pointer still refers to the original document.
 */
export function* mutants(doc: unknown, options: { isolate?: boolean } = {}): Generator<Mutant> {
  const stack: Pending[] = [{ node: doc, path: [], root: doc, at: [] }];
  while (stack.length > 0) {
    const { node, path, root, at } = stack.pop() as Pending;
    for (const [kind, value] of typeChanges(node)) {
      yield { pointer: toPointer(path), kind, doc: setAt(root, at, 0, value) };
    }
    if (isObject(node)) {
      for (const key of Object.keys(node)) {
        yield { pointer: toPointer([...path, key]), kind: 'remove-key', doc: setAt(root, at, 0, withoutKey(node, key)) };
      }
      yield {
        pointer: toPointer([...path, UNKNOWN_KEY]),
        kind: 'add-unknown-key',
        doc: setAt(root, at, 0, { ...node, [UNKNOWN_KEY]: 1 }),
      };
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push({ node: node[key], path: [...path, key], root, at: [...at, key] });
      }
    } else if (Array.isArray(node)) {
      const isolate = options.isolate === true && isolatable(path[path.length - 1], node);
      for (let i = node.length - 1; i >= 0; i--) {
        if (isolate) {
          stack.push({ node: node[i], path: [...path, i], root: setAt(root, at, 0, [node[i]]), at: [...at, 0] });
        } else {
          stack.push({ node: node[i], path: [...path, i], root, at: [...at, i] });
        }
      }
    }
  }
}
