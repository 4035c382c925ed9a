// Diffs the properties of a stream (and of nested objects, array items and map entries): additions, removals, renames and field changes.
import { Path } from '../types';
import { compareConstraints, compareEnums } from './constraints';
import { parseFlinkType } from './flinkTypes';
import { at, canonical, ChangeSink, Entry, entries, Matching, matchEntries, physicalOrName, Place, RecordedChange, shown, str } from './model';
import { cap, fieldAt, labelOf, PropertyPair, readable, Scope, where, who } from './scope';
import { compareQuality } from './quality';
import { compareTypes } from './typeChanges';
import { compareVectorOptions } from './vectors';

const MAX_NESTING = 24;

/** Properties are the same property when their stable id matches, else their name, else their payload name. */
export const propertyKeys = [(v: Record<string, unknown>) => str(v.id), (v: Record<string, unknown>) => str(v.name), physicalOrName];

/** Compares the `properties` lists of two matched owners (streams, object properties, array items). */
export function diffPropertyList(sink: ChangeSink, scope: Scope, oldOwner: Entry, newOwner: Entry, depth = 0): Matching {
  const oldList = entries(oldOwner.value, 'properties', oldOwner.path);
  const newList = entries(newOwner.value, 'properties', newOwner.path);
  const matching = matchEntries(oldList, newList, propertyKeys);
  const ownerPlaces = (owner: Entry): Place[] => [at([...owner.path, 'properties'], true), at([...owner.path, 'name']), at(owner.path)];
  const nested = scope.payload.length ? { at: scope.payload } : {};

  for (const n of matching.added) {
    const label = labelOf(n.value, '(unnamed)');
    const data = { stream: scope.stream, topic: scope.topic, name: physicalOrName(n.value) ?? label, ...nested };
    const spec = { path: readable(scope, label), newAt: [at([...n.path, 'name']), at(n.path)], oldAt: ownerPlaces(oldOwner), data };
    if (n.value.required === true) {
      sink.add('property-added-required', {
        ...spec,
        message: `Required property \`${label}\` was added to ${where(scope)}: consumers on the new version expect it, but events produced under the old version do not have it.`,
        hint: 'Add it as optional and make it required in a later major version, or bump the major version now.',
      });
    } else {
      sink.add('property-added-optional', { ...spec, message: `Optional property \`${label}\` was added to ${where(scope)}.` });
    }
  }

  for (const o of matching.removed) {
    const label = labelOf(o.value, '(unnamed)');
    const data = { stream: scope.stream, topic: scope.topic, name: physicalOrName(o.value) ?? label, ...nested };
    const spec = { path: readable(scope, label), newAt: ownerPlaces(newOwner), oldAt: [at([...o.path, 'name']), at(o.path)], data };
    if (o.value.required === true) {
      sink.add('property-removed-required', {
        ...spec,
        message: `Required property \`${label}\` of ${where(scope)} was removed: consumers on the old version expect it in every event.`,
        hint: `Keep publishing \`${label}\` (describe it as deprecated), or bump the major version so that consumers migrate deliberately.`,
      });
    } else {
      sink.add('property-removed-optional', { ...spec, message: `Optional property \`${label}\` of ${where(scope)} was removed.` });
    }
  }

  for (const [o, n] of matching.pairs) comparePairOnce(sink, { o, n, label: labelOf(n.value, labelOf(o.value, '(unnamed)')), scope }, depth);
  return matching;
}

/**
 * Pairs already compared, by the identity of both values: registered versions are parsed once, and an edit re-parses
 * only the property it touched, so while a contract is edited every other pair is the same two objects as before.
 * Values are never mutated once parsed; what the comparison added is replayed, its places located anew (and left out
 * anew where the replaying sink's document has an invalid value, so the cache holds every change whatever is invalid).
 */
const compared = new WeakMap<object, WeakMap<object, { pair: PropertyPair; depth: number; recorded: RecordedChange[] }>>();

function comparePairOnce(sink: ChangeSink, pair: PropertyPair, depth: number): void {
  let byNew = compared.get(pair.o.value);
  if (!byNew) compared.set(pair.o.value, (byNew = new WeakMap()));
  const known = byNew.get(pair.n.value);
  if (known && known.depth === depth && samePlace(known.pair, pair)) return sink.replay(known.recorded);
  byNew.set(pair.n.value, { pair, depth, recorded: sink.record(() => comparePair(sink, pair, depth)) });
}

/** The same pair at the same places, named the same way: what a comparison's messages and places depend on. */
function samePlace(a: PropertyPair, b: PropertyPair): boolean {
  return a.label === b.label && a.scope.stream === b.scope.stream && a.scope.topic === b.scope.topic && sameList(a.scope.labels, b.scope.labels) && sameList(a.scope.payload, b.scope.payload) && sameList(a.o.path, b.o.path) && sameList(a.n.path, b.n.path);
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Every difference between two matched properties, then their nested properties; depends on nothing but its arguments. */
export function comparePair(sink: ChangeSink, pair: PropertyPair, depth: number): void {
  compareNames(sink, pair);
  const requiredChanged = compareRequired(sink, pair);
  const typeVerdict = compareTypes(sink, pair, requiredChanged);
  // options of a different kind of value (maxLength of a string, maximum of a number) are not comparable
  if (typeVerdict !== 'incompatible') {
    compareConstraints(sink, pair);
    compareVectorOptions(sink, pair);
    compareEnums(sink, pair);
  }
  compareUnique(sink, pair);
  compareClassification(sink, pair);
  compareQuality(sink, { o: pair.o, n: pair.n, subject: who(pair.scope, pair.label), path: readable(pair.scope, pair.label), places: (e) => fieldAt(e), enumsCovered: true });
  compareDocumentation(sink, pair);
  compareTransform(sink, pair);
  // a different kind of value (object → string) has no comparable children: its type change says it all
  if (typeVerdict === 'incompatible' || depth >= MAX_NESTING) return;
  diffChildren(sink, pair, depth + 1);
}

function diffChildren(sink: ChangeSink, pair: PropertyPair, depth: number): void {
  const { o, n, scope, label } = pair;
  const own = pair.payload ?? physicalOrName(n.value) ?? label;
  const inner: Scope = { ...scope, labels: [...scope.labels, label], payload: [...scope.payload, own] };
  diffPropertyList(sink, inner, o, n, depth);
  const child = (key: Path, suffix: string) => {
    const ov = recordAt(o.value, key);
    const nv = recordAt(n.value, key);
    if (!ov || !nv) return;
    comparePair(sink, { o: { value: ov, path: [...o.path, ...key] }, n: { value: nv, path: [...n.path, ...key] }, label: `${label}${suffix}`, scope, payload: `${own}${suffix}` }, depth);
  };
  child(['items'], '[]');
  compareElementTyping(sink, pair);
  child(['map', 'key'], '{key}');
  child(['map', 'value'], '{value}');
}

/** What in an `items` definition restricts the elements; a definition with none of it (only a description) leaves them untyped. */
const ELEMENT_RESTRICTIONS = ['logicalType', 'physicalType', 'logicalTypeOptions', 'properties', 'items', 'map', 'enum'];

function restrictsElements(items: Record<string, unknown> | undefined): boolean {
  if (!items) return false;
  return items.required === true || ELEMENT_RESTRICTIONS.some((key) => items[key] !== undefined && items[key] !== null && !isEmpty(items[key]));
}

function isEmpty(value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
}

/** The Flink type of the array itself (`physicalType: ARRAY<INT>`) types its elements as well. */
function typedByPhysicalType(value: Record<string, unknown>): boolean {
  const type = typeof value.physicalType === 'string' ? parseFlinkType(value.physicalType) : null;
  return type?.kind === 'array' || type?.kind === 'multiset';
}

/**
 * An array whose `items` appear or disappear: untyped elements may be anything, so declaring their type narrows the
 * array and dropping it widens it. Items on both sides are compared as a property (`tags[]`) by `diffChildren`.
 */
function compareElementTyping(sink: ChangeSink, pair: PropertyPair): void {
  const { o, n, scope, label } = pair;
  if (o.value.logicalType !== 'array' || n.value.logicalType !== 'array') return;
  const oldItems = recordAt(o.value, ['items']);
  const newItems = recordAt(n.value, ['items']);
  if (oldItems && newItems) return;
  const oldTyped = restrictsElements(oldItems) || typedByPhysicalType(o.value);
  const newTyped = restrictsElements(newItems) || typedByPhysicalType(n.value);
  if (oldTyped === newTyped) return;
  const itemsAt = (e: Entry): Place[] => [at([...e.path, 'items'], true), ...fieldAt(e, ['logicalType'])];
  const spec = { path: readable(scope, label), newAt: itemsAt(n), oldAt: itemsAt(o) };
  if (newTyped) {
    sink.add('array-items-added', {
      ...spec,
      message: `${cap(who(scope, label))} now declares the type of its elements (${elementText(n.value, newItems)}): consumers on the new version may meet elements of any type in events produced under the old version.`,
      hint: 'Keep the elements untyped while older events can still be read (replays, compacted topics), or bump the major version.',
      data: { items: newItems ?? null },
    });
  } else {
    sink.add('array-items-removed', {
      ...spec,
      message: `${cap(who(scope, label))} no longer declares the type of its elements (they were ${elementText(o.value, oldItems)}): consumers on the old version may receive elements of any type.`,
      hint: 'Keep the element type, or bump the major version so that consumers accept any element first.',
      data: { items: oldItems ?? null },
    });
  }
}

function elementText(array: Record<string, unknown>, items: Record<string, unknown> | undefined): string {
  const type = str(items?.physicalType) ?? str(items?.logicalType);
  if (type) return `\`${type}\``;
  return items ? 'restricted by `items`' : `typed by \`physicalType: ${String(array.physicalType)}\``;
}

function recordAt(value: Record<string, unknown>, key: Path): Record<string, unknown> | undefined {
  let v: unknown = value;
  for (const k of key) v = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[String(k)] : undefined;
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function compareNames(sink: ChangeSink, pair: PropertyPair): void {
  const { o, n, scope } = pair;
  const from = physicalOrName(o.value);
  const to = physicalOrName(n.value);
  if (from === undefined || to === undefined) return;
  const oldLabel = labelOf(o.value, from);
  if (from !== to) {
    const changedKey = o.value.physicalName !== n.value.physicalName ? 'physicalName' : 'name';
    const id = str(n.value.id) !== undefined && n.value.id === o.value.id ? ` (same stable id \`${String(n.value.id)}\`)` : '';
    const what =
      oldLabel !== pair.label
        ? `was renamed to \`${pair.label}\`${to !== pair.label ? ` (published as \`${to}\`)` : ''}`
        : `is now published as \`${to}\` instead of \`${from}\``;
    sink.add('property-renamed', {
      message: `${cap(who(scope, oldLabel))} ${what}${id}: consumers on each version look for a field that the other version does not write.`,
      hint: `Keep publishing \`${from}\` (e.g. \`physicalName: ${from}\`), or bump the major version and register migration rules (\`${from}\` → \`${to}\`) so that consumers on either version can read the other's events.`,
      path: readable(scope, pair.label),
      newAt: fieldAt(n, [changedKey]),
      oldAt: fieldAt(o, [changedKey]),
      data: { stream: scope.stream, topic: scope.topic, from, to, ...(scope.payload.length ? { at: scope.payload } : {}) },
    });
  } else if (oldLabel !== pair.label) {
    sink.add('property-name-changed', {
      message: `${cap(who(scope, oldLabel))} is now called \`${pair.label}\` in the contract; its payload field \`${to}\` is unchanged.`,
      path: readable(scope, pair.label),
      newAt: fieldAt(n, ['name']),
      oldAt: fieldAt(o, ['name']),
    });
  }
}

function compareRequired(sink: ChangeSink, pair: PropertyPair): boolean {
  const { o, n, scope, label } = pair;
  const was = o.value.required === true;
  const is = n.value.required === true;
  if (was === is) return false;
  const spec = { path: readable(scope, label), newAt: fieldAt(n, ['required']), oldAt: fieldAt(o, ['required']) };
  if (was) {
    sink.add('property-made-optional', {
      ...spec,
      message: `${cap(who(scope, label))} is no longer required: consumers on the old version expect a value in every event.`,
      hint: 'Keep it required (publish a default instead of null), or bump the major version.',
    });
  } else {
    sink.add('property-made-required', {
      ...spec,
      message: `${cap(who(scope, label))} is now required: consumers on the new version expect a value that events produced under the old version may lack.`,
      hint: 'Keep it optional while older events can still be read (replays, compacted topics), or bump the major version.',
    });
  }
  return true;
}

function compareUnique(sink: ChangeSink, pair: PropertyPair): void {
  const { o, n, scope, label } = pair;
  const was = o.value.unique === true;
  const is = n.value.unique === true;
  if (was === is) return;
  const spec = { path: readable(scope, label), newAt: fieldAt(n, ['unique']), oldAt: fieldAt(o, ['unique']) };
  if (was) {
    sink.add('unique-removed', {
      ...spec,
      message: `${cap(who(scope, label))} is no longer declared unique: consumers on the old version may rely on each value occurring once.`,
      hint: 'Keep the guarantee, or bump the major version.',
    });
  } else {
    sink.add('unique-added', {
      ...spec,
      message: `${cap(who(scope, label))} is now declared unique: events produced under the old version did not guarantee it.`,
      hint: 'Consumers that replay older events must not rely on the guarantee; bump the major version if they do.',
    });
  }
}

function compareClassification(sink: ChangeSink, pair: PropertyPair): void {
  const { o, n, scope, label } = pair;
  if (canonical(o.value.classification) === canonical(n.value.classification)) return;
  sink.add('classification-changed', {
    message: `Classification of ${who(scope, label)} changed from ${shown(o.value.classification)} to ${shown(n.value.classification)}.`,
    hint: 'Check that access rules and the consumers of this field follow the new classification.',
    path: readable(scope, label),
    newAt: fieldAt(n, ['classification']),
    oldAt: fieldAt(o, ['classification']),
    data: { from: o.value.classification ?? null, to: n.value.classification ?? null },
  });
}

type DocRule = 'description-changed' | 'business-name-changed' | 'tags-changed' | 'examples-changed';
const DOC_FIELDS: [string, DocRule, string][] = [
  ['description', 'description-changed', 'Description'],
  ['businessName', 'business-name-changed', 'Business name'],
  ['tags', 'tags-changed', 'Tags'],
  ['examples', 'examples-changed', 'Examples'],
];

/** Documentation fields: they change no payload, but belong in the changelog. */
export function compareDocs(sink: ChangeSink, subject: string, path: string, o: Entry, n: Entry, places: (e: Entry, field: string) => Place[]): void {
  for (const [field, rule, title] of DOC_FIELDS) {
    const ov = o.value[field];
    const nv = n.value[field];
    // tags are a set: their order means nothing
    const same = field === 'tags' ? canonical(asSet(ov)) === canonical(asSet(nv)) : canonical(ov) === canonical(nv);
    if (same) continue;
    const detail = field === 'tags' ? tagDetail(ov, nv) : field === 'businessName' ? ` from ${shown(ov)} to ${shown(nv)}` : '';
    sink.add(rule, { message: `${title} of ${subject} changed${detail}.`, path, newAt: places(n, field), oldAt: places(o, field) });
  }
}

function asSet(v: unknown): unknown {
  return Array.isArray(v) ? [...new Set(v.map((x) => canonical(x)))].sort() : v;
}

function tagDetail(ov: unknown, nv: unknown): string {
  const before = new Set(Array.isArray(ov) ? ov.map(String) : []);
  const after = new Set(Array.isArray(nv) ? nv.map(String) : []);
  const added = [...after].filter((t) => !before.has(t));
  const removed = [...before].filter((t) => !after.has(t));
  const parts = [added.length ? `added ${added.map((t) => `\`${t}\``).join(', ')}` : '', removed.length ? `removed ${removed.map((t) => `\`${t}\``).join(', ')}` : ''].filter(Boolean);
  return parts.length ? `: ${parts.join('; ')}` : '';
}

function compareDocumentation(sink: ChangeSink, pair: PropertyPair): void {
  compareDocs(sink, who(pair.scope, pair.label), readable(pair.scope, pair.label), pair.o, pair.n, (e, field) => fieldAt(e, [field]));
}

function compareTransform(sink: ChangeSink, pair: PropertyPair): void {
  const { o, n, scope, label } = pair;
  const fields = ['transformSourceObjects', 'transformLogic'].filter((f) => canonical(o.value[f]) !== canonical(n.value[f]));
  if (!fields.length) return;
  sink.add('transform-changed', {
    message: `How ${who(scope, label)} is computed changed (${fields.map((f) => `\`${f}\``).join(', ')}): the payload keeps its shape, but its values may differ.`,
    hint: 'Describe the new semantics in `transformDescription`, and tell consumers if values change meaning.',
    path: readable(scope, label),
    newAt: fieldAt(n, ...fields.map((f) => [f])),
    oldAt: fieldAt(o, ...fields.map((f) => [f])),
    data: { fields },
  });
}
