// The structural diff of two contract versions: contract-level changes, streams, their keys and their properties.
import { customProperties } from '../rules/context';
import { at, canonical, ChangeSink, Entry, entries, matchEntries, physicalOrName, Place, shown, str } from './model';
import { diffPropertyList, compareDocs } from './properties';
import { compareQuality } from './quality';
import { Scope } from './scope';
import { Path } from '../types';
import { Change, ContractSide } from './types';

export interface DiffOptions {
  /** Paths of the new side whose values fail the meta-schema: changes there are left to the schema errors. */
  invalidValues?: readonly Path[];
}

/**
 * Every change from `oldSide` to `newSide`, in the document order of the new file. Never throws:
 * whatever is not shaped like a contract is simply not compared.
 */
export function diffContracts(oldSide: ContractSide, newSide: ContractSide, options: DiffOptions = {}): Change[] {
  const sink = new ChangeSink(oldSide, newSide, options.invalidValues);
  const root: Entry = { value: oldSide.value, path: [] };
  const newRoot: Entry = { value: newSide.value, path: [] };
  compareStatus(sink, root, newRoot);
  compareCompatibility(sink, root, newRoot);
  compareDocs(sink, 'the contract', '(contract)', root, newRoot, (_e, field) => [at([field]), at(['id']), at([])]);
  // ODCS v3 has no contract-level `quality`, but contracts written for v2 do: they are compared all the same
  compareQuality(sink, { o: root, n: newRoot, subject: 'the contract', path: '(contract)', places: () => [at(['id']), at([])] });
  compareKafkaFormats(sink, root, newRoot);
  diffStreams(sink, root, newRoot);
  return sink.sorted();
}

const streamKeys = [(v: Record<string, unknown>) => str(v.id), (v: Record<string, unknown>) => str(v.name), physicalOrName];

function streamLabel(stream: Record<string, unknown>): string {
  return str(stream.name) ?? str(stream.physicalName) ?? '(unnamed)';
}

function diffStreams(sink: ChangeSink, oldRoot: Entry, newRoot: Entry): void {
  const matching = matchEntries(entries(oldRoot.value, 'schema', []), entries(newRoot.value, 'schema', []), streamKeys);
  const schemaKey = (): Place[] => [at(['schema'], true), at(['id']), at([])];
  for (const n of matching.added) {
    const name = streamLabel(n.value);
    sink.add('stream-added', {
      message: `Stream \`${name}\` was added (topic \`${physicalOrName(n.value) ?? name}\`).`,
      path: name,
      newAt: [at([...n.path, 'name']), at(n.path)],
      oldAt: schemaKey(),
      data: { stream: name, topic: physicalOrName(n.value) ?? null },
    });
  }
  for (const o of matching.removed) {
    const name = streamLabel(o.value);
    sink.add('stream-removed', {
      message: `Stream \`${name}\` was removed: consumers of topic \`${physicalOrName(o.value) ?? name}\` no longer get its events, and the contract no longer describes the events already on it.`,
      hint: 'Keep the stream (describe it as deprecated) until its consumers have moved, or bump the major version.',
      path: name,
      newAt: schemaKey(),
      oldAt: [at([...o.path, 'name']), at(o.path)],
      data: { stream: name, topic: physicalOrName(o.value) ?? null },
    });
  }
  for (const [o, n] of matching.pairs) compareStream(sink, o, n);
}

function compareStream(sink: ChangeSink, o: Entry, n: Entry): void {
  const name = streamLabel(n.value);
  const oldName = streamLabel(o.value);
  const fromTopic = physicalOrName(o.value);
  const toTopic = physicalOrName(n.value);
  const topicKey = (e: Entry): Place[] => [at([...e.path, str(e.value.physicalName) ? 'physicalName' : 'name']), at(e.path)];
  if (fromTopic !== toTopic && fromTopic !== undefined && toTopic !== undefined) {
    sink.add('stream-topic-changed', {
      message: `Stream \`${name}\` is now published to topic \`${toTopic}\` (was \`${fromTopic}\`): consumers of \`${fromTopic}\` no longer get its events.`,
      hint: `Keep publishing to \`${fromTopic}\` (\`physicalName: ${fromTopic}\`), or bump the major version and move consumers to the new topic.`,
      path: name,
      newAt: topicKey(n),
      oldAt: topicKey(o),
      data: { stream: name, from: fromTopic, to: toTopic },
    });
  } else if (oldName !== name) {
    sink.add('stream-name-changed', {
      message: `Stream \`${oldName}\` is now called \`${name}\` in the contract; its topic \`${toTopic}\` is unchanged.`,
      path: name,
      newAt: [at([...n.path, 'name']), at(n.path)],
      oldAt: [at([...o.path, 'name']), at(o.path)],
    });
  }
  const streamAt = (e: Entry, field: string): Place[] => [at([...e.path, field]), at([...e.path, 'name']), at(e.path)];
  compareDocs(sink, `stream \`${name}\``, name, o, n, streamAt);
  compareQuality(sink, { o, n, subject: `stream \`${name}\``, path: name, places: (e) => [at([...e.path, 'name']), at(e.path)] });
  compareStreamTransform(sink, name, o, n);
  const scope: Scope = { stream: name, topic: toTopic ?? name, labels: [], payload: [] };
  const matching = diffPropertyList(sink, scope, o, n);
  // only the old key properties are looked up: their partners, not every property's, at every keystroke
  const keyPartners = matching.pairs.filter(([a]) => a.value.primaryKey === true);
  comparePrimaryKey(sink, scope, o, n, new Map(keyPartners.map(([a, b]) => [canonical(a.path), canonical(b.path)])));
}

/** The properties that make the key of the upsert topic, in key order. */
function primaryKey(stream: Entry): Entry[] {
  const keyed = entries(stream.value, 'properties', stream.path).filter((p) => p.value.primaryKey === true);
  const position = (p: Entry) => (typeof p.value.primaryKeyPosition === 'number' && p.value.primaryKeyPosition > 0 ? p.value.primaryKeyPosition : Number.MAX_SAFE_INTEGER);
  return keyed.map((p, i) => ({ p, i })).sort((a, b) => position(a.p) - position(b.p) || a.i - b.i).map((x) => x.p);
}

/** Compared by property identity, so that a renamed key property is reported once, as a rename. */
function comparePrimaryKey(sink: ChangeSink, scope: Scope, o: Entry, n: Entry, partners: Map<string, string>): void {
  const before = primaryKey(o);
  const after = primaryKey(n);
  // old key properties in terms of their new counterparts; a removed one can never match
  const mapped = before.map((p) => partners.get(canonical(p.path)) ?? `removed:${canonical(p.path)}`);
  if (canonical(mapped) === canonical(after.map((p) => canonical(p.path)))) return;
  const names = (list: Entry[]) => (list.length ? `(${list.map((p) => physicalOrName(p.value) ?? '?').join(', ')})` : 'no key');
  const keyAt = (stream: Entry, list: Entry[]): Place[] => [...(list.length ? [at([...list[0].path, 'primaryKey'], true)] : []), at([...stream.path, 'name']), at(stream.path)];
  sink.add('primary-key-changed', {
    message: `The key of topic \`${scope.topic}\` (stream \`${scope.stream}\`) changed from ${names(before)} to ${names(after)}: the same entity now lands under a different message key, so compaction and consumers that join or look up by key break.`,
    hint: 'Keep the key, or publish the new key to a new topic under a new major version.',
    path: scope.stream,
    newAt: keyAt(n, after),
    oldAt: keyAt(o, before),
    data: { stream: scope.stream, topic: scope.topic, from: before.map((p) => physicalOrName(p.value) ?? null), to: after.map((p) => physicalOrName(p.value) ?? null) },
  });
}

const STREAM_TRANSFORMS = ['flinkSource', 'flinkFilter', 'flinkGroupBy'];

function compareStreamTransform(sink: ChangeSink, stream: string, o: Entry, n: Entry): void {
  const before = customProperties(o.value, o.path);
  const after = customProperties(n.value, n.path);
  for (const name of STREAM_TRANSFORMS) {
    const was = before.find((p) => p.name === name);
    const is = after.find((p) => p.name === name);
    if (canonical(was?.value) === canonical(is?.value)) continue;
    const place = (p: typeof was, e: Entry): Place[] => [...(p ? [at([...p.path, 'value']), at(p.path)] : []), at([...e.path, 'customProperties'], true), at([...e.path, 'name']), at(e.path)];
    sink.add('transform-changed', {
      message: `How stream \`${stream}\` is computed changed (\`${name}\`): ${name === 'flinkFilter' ? 'a different set of rows may be published' : 'its events may come from different rows'}.`,
      hint: 'Tell consumers which events appear or disappear; describe it in the stream description.',
      path: stream,
      newAt: place(is, n),
      oldAt: place(was, o),
      data: { fields: [name] },
    });
  }
}

function compareStatus(sink: ChangeSink, o: Entry, n: Entry): void {
  const from = o.value.status;
  const to = n.value.status;
  if (canonical(from) === canonical(to)) return;
  const places: Place[] = [at(['status']), at(['version']), at([])];
  const rule = to === 'deprecated' ? 'contract-deprecated' : to === 'retired' ? 'contract-retired' : 'status-changed';
  const message =
    rule === 'contract-deprecated'
      ? 'The contract is now deprecated: consumers should plan to move away from it.'
      : rule === 'contract-retired'
        ? 'The contract is now retired: its streams are no longer maintained.'
        : `The contract's status changed from ${shown(from)} to ${shown(to)}.`;
  sink.add(rule, {
    message,
    hint: rule === 'status-changed' ? undefined : 'Tell consumers which contract replaces it, e.g. in `description.usage`.',
    path: '(contract)',
    newAt: places,
    oldAt: places,
    data: { from: from ?? null, to: to ?? null },
  });
}

function compareCompatibility(sink: ChangeSink, o: Entry, n: Entry): void {
  const was = customProperties(o.value, []).find((p) => p.name === 'compatibility');
  const is = customProperties(n.value, []).find((p) => p.name === 'compatibility');
  if (canonical(was?.value) === canonical(is?.value)) return;
  const place = (p: typeof was): Place[] => [...(p ? [at([...p.path, 'value']), at(p.path)] : []), at(['customProperties'], true), at(['version']), at([])];
  sink.add('compatibility-mode-changed', {
    message: `The compatibility mode changed from ${modeText(was?.value)} to ${modeText(is?.value)}.`,
    hint: 'A looser mode lets future versions break consumers without a major version: agree on it with them.',
    path: '(contract)',
    newAt: place(is),
    oldAt: place(was),
    data: { from: was?.value ?? null, to: is?.value ?? null },
  });
}

function modeText(value: unknown): string {
  return value === undefined ? 'the workspace setting (FORWARD unless configured)' : shown(value);
}

/** Kafka servers are matched by id, else by name; with one Kafka server on each side, those two. */
function compareKafkaFormats(sink: ChangeSink, o: Entry, n: Entry): void {
  const kafka = (e: Entry) => entries(e.value, 'servers', []).filter((s) => s.value.type === 'kafka');
  const before = kafka(o);
  const after = kafka(n);
  const pairs = before.length === 1 && after.length === 1 ? [[before[0], after[0]] as [Entry, Entry]] : matchEntries(before, after, [(v) => str(v.id), (v) => str(v.server)]).pairs;
  for (const [a, b] of pairs) {
    // the generated sink writes JSON unless a format is declared
    const from = str(a.value.format) ?? 'json';
    const to = str(b.value.format) ?? 'json';
    if (from.toLowerCase() === to.toLowerCase()) continue;
    const server = str(b.value.server) ?? str(b.value.id) ?? 'kafka';
    const places = (e: Entry): Place[] => [at([...e.path, 'format']), at([...e.path, 'type']), at(e.path)];
    sink.add('kafka-format-changed', {
      message: `The Kafka format of server \`${server}\` changed from ${shown(from)} to ${shown(to)}: consumers on the old version cannot deserialize the new events, nor consumers on the new version the old ones.`,
      hint: 'Keep the format, or publish the new format to a new topic under a new major version.',
      path: `servers.${server}`,
      newAt: places(b),
      oldAt: places(a),
      data: { server, from, to },
    });
  }
}
