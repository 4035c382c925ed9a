// Shared machinery of the diff: reading both sides, matching list entries, and recording changes with their spans.
import { isRecord, locate, spanForPath } from '../locate';
import { MAX_DEPTH, parseYaml } from '../parse';
import { Path, Span } from '../types';
import { CHANGE_RULES, ChangeRuleId } from './catalog';
import { Change, ContractSide } from './types';

/** Parses contract text into one side of a comparison; null when it is not a YAML mapping at all. */
export function contractSide(text: string): ContractSide | null {
  const parsed = parseYaml(text);
  if (!parsed.doc || !isRecord(parsed.value)) return null;
  return { text: parsed.text, doc: parsed.doc, value: parsed.value };
}

/** One object of a list (a stream, a property, a server) with its place in the document. */
export interface Entry {
  value: Record<string, unknown>;
  path: Path;
}

export function entries(owner: unknown, key: string, ownerPath: Path): Entry[] {
  const list = isRecord(owner) ? owner[key] : undefined;
  if (!Array.isArray(list)) return [];
  const out: Entry[] = [];
  for (let i = 0; i < list.length; i++) {
    const value: unknown = list[i];
    if (isRecord(value)) out.push({ value, path: [...ownerPath, key, i] });
  }
  return out;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The name a property has in the payload, and a stream's topic: `physicalName`, else `name`. */
export function physicalOrName(value: Record<string, unknown>): string | undefined {
  return str(value.physicalName) ?? str(value.name);
}

export interface Matching {
  pairs: [Entry, Entry][];
  added: Entry[];
  removed: Entry[];
}

/**
 * Pairs old and new entries by each key in turn (stable id first, then names), so that an entry
 * whose name changed but whose id did not is one entry that changed, not a removal and an addition.
 */
export function matchEntries(allOld: Entry[], allNew: Entry[], keys: ((v: Record<string, unknown>) => string | undefined)[]): Matching {
  // an entry without any id or name cannot be followed from one version to the next: it is not compared
  const keyed = (e: Entry) => keys.some((key) => key(e.value) !== undefined);
  const oldList = allOld.filter(keyed);
  const newList = allNew.filter(keyed);
  const partner = new Map<Entry, Entry>();
  const taken = new Set<Entry>();
  for (const key of keys) {
    const byKey = new Map<string, Entry>();
    for (const o of oldList) {
      const k = key(o.value);
      if (k !== undefined && !taken.has(o) && !byKey.has(k)) byKey.set(k, o);
    }
    for (const n of newList) {
      if (partner.has(n)) continue;
      const k = key(n.value);
      const o = k === undefined ? undefined : byKey.get(k);
      if (!o || taken.has(o)) continue;
      partner.set(n, o);
      taken.add(o);
    }
  }
  return {
    pairs: newList.flatMap((n) => (partner.has(n) ? [[partner.get(n)!, n] as [Entry, Entry]] : [])),
    added: newList.filter((n) => !partner.has(n)),
    removed: oldList.filter((o) => !taken.has(o)),
  };
}

/** Order-independent JSON, to decide whether two plain values are equal (to the depth any parsed value can have). */
export function canonical(value: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) return '…';
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, depth + 1)).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k], depth + 1)}`).join(',')}}`;
  }
  return value === undefined ? 'undefined' : JSON.stringify(value) ?? String(value);
}

/** A property's `logicalTypeOptions`, or none. */
export function optionsOf(value: Record<string, unknown>): Record<string, unknown> {
  return isRecord(value.logicalTypeOptions) ? value.logicalTypeOptions : {};
}

/** A value as the author wrote it, for messages. */
export function shown(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  return `\`${typeof value === 'string' ? value : canonical(value)}\``;
}

/** Whether `path` is `ancestor` or lies under it (segments compared as text: a pointer reads `/0` as a number). */
function isWithin(path: Path, ancestor: Path): boolean {
  return ancestor.length <= path.length && ancestor.every((seg, i) => String(seg) === String(path[i]));
}

/** A place to underline: a value path, preferring its key (`properties:`) or its value. */
export interface Place {
  path: Path;
  key?: boolean;
}

export const at = (path: Path, key = false): Place => ({ path, key });

interface Spot {
  path: Path;
  span: Span;
}

/** The first of the places that exists in the side's document. */
function resolve(side: ContractSide, places: Place[]): Spot | null {
  for (const place of places) {
    const located = locate(side.doc, place.path);
    if (!located.node && !located.pair) continue;
    return { path: place.path, span: spanForPath(side.text, side.doc, place.path, place.key ? 'key' : 'value') };
  }
  return null;
}

export interface ChangeSpec {
  message: string;
  path: string;
  /** Where to show it in each document, best place first; a deletion lists its surviving parent in `newAt`. */
  newAt: Place[];
  oldAt: Place[];
  hint?: string;
  data?: Record<string, unknown>;
}

/** What `ChangeSink.add` was asked: enough to add the same changes again, located in another version of the text. */
export type RecordedChange = [rule: ChangeRuleId, spec: ChangeSpec];

/**
 * Collects changes; category and directions always come from the catalogue, so they cannot disagree with the docs.
 * A change whose place in the new document is at or under one of `invalidValues` is left out: that value fails the
 * meta-schema, and its schema error says what is wrong (a typo in `logicalType` is not also a type change).
 * Comparisons are recorded before that choice, so a replayed comparison is filtered by the sink it is replayed into.
 */
export class ChangeSink {
  private readonly list: Change[] = [];
  private recording: RecordedChange[] | undefined;

  constructor(
    readonly oldSide: ContractSide,
    readonly newSide: ContractSide,
    private readonly invalidValues: readonly Path[] = [],
  ) {}

  /** Runs `compare` and returns what it added, so that a caller can replay it when the same inputs come again. */
  record(compare: () => void): RecordedChange[] {
    const outer = this.recording;
    const mine: RecordedChange[] = [];
    this.recording = mine;
    try {
      compare();
    } finally {
      this.recording = outer;
      outer?.push(...mine);
    }
    return mine;
  }

  /** Adds recorded changes again: their places are paths, located now in this sink's documents. */
  replay(recorded: readonly RecordedChange[]): void {
    for (const [rule, spec] of recorded) this.add(rule, spec);
  }

  add(rule: ChangeRuleId, spec: ChangeSpec): void {
    this.recording?.push([rule, spec]);
    const entry = CHANGE_RULES[rule];
    const newSpot = resolve(this.newSide, spec.newAt);
    const oldSpot = resolve(this.oldSide, spec.oldAt);
    const change: Change = {
      rule,
      category: entry.category,
      breaks: [...entry.breaks],
      message: spec.message,
      path: spec.path,
      newPath: newSpot?.path ?? null,
      oldPath: oldSpot?.path ?? null,
      newSpan: newSpot?.span ?? null,
      oldSpan: oldSpot?.span ?? null,
    };
    if (spec.hint) change.hint = spec.hint;
    if (spec.data) change.data = spec.data;
    if (newSpot && this.invalidValues.some((invalid) => isWithin(newSpot.path, invalid))) return;
    this.list.push(change);
  }

  /** Document order of the new file; changes at the same place keep the order they were found in. */
  sorted(): Change[] {
    return this.list
      .map((change, i) => ({ change, i }))
      .sort((a, b) => (a.change.newSpan?.start ?? -1) - (b.change.newSpan?.start ?? -1) || a.i - b.i)
      .map((x) => x.change);
  }
}
