// Across a major version: what the consumers of each topic will see, and the owner's two ways to move them.
import { major as majorOf } from 'semver';
import { Change, CompatResult, ContractSide, isBreaking, movedStreams, RegistryKind, renamesOf } from './diff';
import { physicalOrName } from './diff/model';
import { appendCopyEdit, setKeyEdit } from './keyEdits';
import { isRecord, spanForPath } from './locate';
import { migrationRules, MigrationPlan } from './registry/migration';
import { UniqueIds } from './stableIds';
import { Edit, Fix, Problem, Span } from './types';

/** The command that shows the migration rules of the contract in the editor. */
export const SHOW_MIGRATION_RULES_COMMAND = 'streamcontract.showMigrationRules';

/** The changes a new major version declares: those that break under the mode, allowed by the bump or not. */
export function declaredBreakingChanges(result: CompatResult): Change[] {
  return result.changes.filter((c) => c.breaking || (c.allowedByMajorBump && isBreaking(c.change, result.mode))).map((c) => c.change);
}

/** One change in a few words, for lists: "`last_name` renamed to `surname`", "required `ssn` removed". */
export function changeInBrief(change: Change): string {
  const data = change.data ?? {};
  const field = `\`${change.path.includes('.') ? change.path.slice(change.path.indexOf('.') + 1) : change.path}\``;
  switch (change.rule) {
    case 'property-renamed':
      return `\`${String(data.from)}\` renamed to \`${String(data.to)}\``;
    case 'property-removed-required':
      return `required ${field} removed`;
    case 'property-removed-optional':
      return `optional ${field} removed`;
    case 'property-added-required':
      return `required ${field} added`;
    case 'property-added-optional':
      return `optional ${field} added`;
    case 'property-made-optional':
      return `${field} no longer required`;
    case 'property-made-required':
      return `${field} now required`;
    case 'stream-removed':
      return `stream \`${change.path}\` removed`;
    case 'stream-topic-changed':
      return `stream \`${change.path}\` moved to topic \`${String(data.to)}\``;
    case 'primary-key-changed':
      return 'the message key changed';
    case 'kafka-format-changed':
      return `the format changed from \`${String(data.from)}\` to \`${String(data.to)}\``;
    default:
      return `${field}: ${change.rule.replace(/-/g, ' ')}`;
  }
}

/** The majors a migration goes between: across the bump, or (within a major) to the next major a bump would start. */
export interface MigrationOutlook {
  fromMajor: number;
  toMajor: number;
  /** False when the current version is still in the registered major: the rules apply once it is bumped. */
  bumped: boolean;
  plan: MigrationPlan;
}

export function migrationOutlook(result: CompatResult): MigrationOutlook | null {
  const base = result.compared[0];
  if (!base || !result.currentVersion || (result.relation !== 'major-bump' && result.relation !== 'same-major')) return null;
  const fromMajor = majorOf(base.version);
  const bumped = result.relation === 'major-bump';
  const toMajor = bumped ? majorOf(result.currentVersion) : fromMajor + 1;
  return { fromMajor, toMajor, bumped, plan: migrationRules(renamesOf(result.changes.map((c) => c.change)), fromMajor, toMajor) };
}

interface AffectedTopic {
  stream: string;
  topic: string;
  /** Where the stream is in the current and in the previous version (absent when it was removed). */
  current?: number;
  previous?: number;
  changes: Change[];
}

/**
 * Information on the `version` line of a new major version: per topic whose consumers will see breaking changes,
 * which ones, and the two ways to move them (a new topic while the old one keeps the previous shape, or the same
 * topic with migration rules), each as a quick fix. Streams already moved to a new topic are left out.
 */
export function majorVersionProblem(result: CompatResult, current: ContractSide, previous: ContractSide | null, registryKind: RegistryKind): Problem | undefined {
  const base = result.compared[0];
  // within a major (the usual state while typing) there is nothing to say: the rules are not worked out
  if (result.relation !== 'major-bump' || !base) return undefined;
  const outlook = migrationOutlook(result);
  if (!outlook) return undefined;
  const topics = affectedTopics(result, current, previous);
  if (topics.length === 0) return undefined;
  const version = result.currentVersion!;
  const seen = topics.map((t) => `consumers of topic \`${t.topic}\` will see ${count(t.changes.length, 'breaking change')} since ${base.version}: ${brief(t.changes)}`);
  const ruleNames = topics.flatMap((t) => outlook.plan.rulesByTopic[t.topic] ?? []).map((r) => `\`${r.name}\` (${r.mode})`);
  const others = topics.flatMap((t) => t.changes).filter((c) => c.rule !== 'property-renamed').length;
  const rest = others === 0 ? '' : others === 1 ? '; the other change reaches consumers as it is' : `; the other ${others} changes reach consumers as they are`;
  const show = 'see streamcontract: Show Migration Rules';
  const rules = ruleNames.length === 0
    ? 'migration rules translate renames (same stable `id`) only, and none of these changes is one: consumers must handle them when they upgrade'
    : registryKind === 'confluent'
      ? `publishing registers the migration rules ${ruleNames.join(', ')}, which translate the renames for consumers on either major version (${show})${rest}`
      : `the folder registry keeps no migration rules; with the registry kind \`confluent\` publishing registers ${ruleNames.join(', ')} for the renames (${show})${rest}`;
  const fixes: Fix[] = [];
  const moving = newTopicFix(topics, current, previous, outlook);
  if (moving) fixes.push(moving);
  fixes.push({ title: `Keep ${topicList(topics)} and rely on migration rules: show them`, edits: [], command: { title: 'Show Migration Rules', command: SHOW_MIGRATION_RULES_COMMAND } });
  return {
    code: 'major-version-consumers',
    severity: 'info',
    message: `${version} starts major version ${outlook.toMajor}: ${seen.join('; ')}. Either publish ${outlook.toMajor}.x on a new topic and keep publishing ${base.version}'s shape to the old one while consumers move, or keep the topic and rely on migration rules: ${rules}.`,
    span: spanForPath(current.text, current.doc, ['version']),
    fixes,
  };
}

function affectedTopics(result: CompatResult, current: ContractSide, previous: ContractSide | null): AffectedTopic[] {
  const streamsOf = (side: ContractSide | null) => (side && Array.isArray(side.value.schema) ? side.value.schema : []).map((s) => (isRecord(s) ? s : {}));
  const now = streamsOf(current);
  const before = streamsOf(previous);
  const indexOf = (list: Record<string, unknown>[], name: string) => list.findIndex((s) => s.name === name || (s.name === undefined && s.physicalName === name));
  const changes = declaredBreakingChanges(result);
  const moved = movedStreams(changes);
  const byStream = new Map<string, AffectedTopic>();
  const add = (stream: string, change: Change) => {
    if (moved.has(stream)) return;
    let entry = byStream.get(stream);
    if (!entry) {
      const at = indexOf(now, stream);
      const topic = at >= 0 ? physicalOrName(now[at]) : typeof change.data?.topic === 'string' ? change.data.topic : undefined;
      if (!topic) return;
      const was = before.findIndex((s) => physicalOrName(s) === topic);
      byStream.set(stream, (entry = { stream, topic, ...(at >= 0 ? { current: at } : {}), ...(was >= 0 ? { previous: was } : {}), changes: [] }));
    }
    entry.changes.push(change);
  };
  for (const change of changes) {
    if (change.rule === 'kafka-format-changed') for (const s of now) add(String(s.name ?? s.physicalName), change);
    else if (typeof change.data?.stream === 'string') add(change.data.stream, change);
    else if (!change.path.startsWith('(') && !change.path.startsWith('servers.')) add(change.path.split('.')[0], change);
  }
  return [...byStream.values()];
}

/**
 * Each affected stream moves to `<topic>_v<major>`, and a copy of its previous version (named `<name>_v<old major>`)
 * keeps publishing the old shape to the old topic, as its own stream of the job, until it is removed in a later major.
 */
function newTopicFix(topics: AffectedTopic[], current: ContractSide, previous: ContractSide | null, outlook: MigrationOutlook): Fix | undefined {
  if (!previous) return undefined;
  const streams = (Array.isArray(current.value.schema) ? current.value.schema : []).filter(isRecord);
  const takenBy = (key: (s: Record<string, unknown>) => unknown) => {
    const used = new UniqueIds();
    for (const s of streams) {
      const value = key(s);
      if (typeof value === 'string') used.add(value);
    }
    return used;
  };
  const taken = { topics: takenBy(physicalOrName), names: takenBy((s) => s.name), ids: takenBy((s) => s.id) };
  const unique = (wanted: string, used: UniqueIds) => used.claim(wanted);
  const edits: Edit[] = [];
  const copies: string[] = [];
  const moves: string[] = [];
  let insertAt: Span | undefined;
  for (const t of topics) {
    if (t.current === undefined || t.previous === undefined) continue;
    const newTopic = unique(versioned(t.topic, outlook.toMajor), taken.topics);
    const move = setKeyEdit(current.text, current.doc, ['schema', t.current], 'physicalName', newTopic);
    const old = (previous.value.schema as unknown[])[t.previous] as Record<string, unknown>;
    const keys = [
      { key: 'name', value: unique(`${String(old.name ?? t.stream)}_v${outlook.fromMajor}`, taken.names) },
      { key: 'physicalName', value: t.topic },
      ...(typeof old.id === 'string' ? [{ key: 'id', value: unique(`${old.id}_v${outlook.fromMajor}`, taken.ids), after: null }] : []),
    ];
    const why = `The ${outlook.fromMajor}.x shape of stream \`${t.stream}\`, still published to \`${t.topic}\` while its consumers move to \`${newTopic}\`: remove it in a later major version.`;
    const copy = appendCopyEdit(previous, ['schema', t.previous], current, ['schema'], keys, why);
    if (!move || !copy) continue;
    edits.push(move);
    copies.push(copy.newText);
    moves.push(`\`${newTopic}\``);
    insertAt = copy.span;
  }
  if (!insertAt) return undefined;
  // every copy goes in at the end of the schema list, in one edit
  edits.push({ span: insertAt, newText: copies.join('') });
  return { title: `Publish ${outlook.toMajor}.x on ${moves.join(', ')}, and keep publishing the ${outlook.fromMajor}.x shape to ${topicList(topics)} as a stream of its own`, edits };
}

/** `customers` → `customers_v2`; `customers_v1` → `customers_v2`. */
function versioned(topic: string, major: number): string {
  const suffix = /_v\d+$/.exec(topic);
  return `${suffix ? topic.slice(0, suffix.index) : topic}_v${major}`;
}

function topicList(topics: AffectedTopic[]): string {
  return `topic${topics.length === 1 ? '' : 's'} ${topics.map((t) => `\`${t.topic}\``).join(', ')}`;
}

function brief(changes: Change[]): string {
  const shown = changes.slice(0, 5).map(changeInBrief);
  return `${shown.join(', ')}${changes.length > shown.length ? ` and ${changes.length - shown.length} more` : ''}`;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
