// Turns the properties renamed across a major version into Confluent migration rules (JSONata UPGRADE and DOWNGRADE per stream).

/**
 * One renamed payload field of one stream. `at` is the path of payload names (in the new version) of the object that
 * holds the field, absent at the top level; `lines[]` stands for each element of the array `lines`, `attrs{value}`
 * for each value of the map `attrs` (the diff's spelling).
 */
export interface Rename {
  stream: string;
  topic: string;
  from: string;
  to: string;
  at?: string[];
}

/** A Confluent data-contract rule, in the shape the registry's `ruleSet.migrationRules` takes. */
export interface MigrationRule {
  name: string;
  doc: string;
  kind: 'TRANSFORM';
  mode: 'UPGRADE' | 'DOWNGRADE';
  type: 'JSONATA';
  expr: string;
}

export interface MigrationPlan {
  /** The rules to attach to each topic's new version, by topic. */
  rulesByTopic: Record<string, MigrationRule[]>;
  /** Renames that were left out, and why. */
  problems: string[];
}

/** The longest rule name Confluent accepts. */
export const MAX_RULE_NAME = 64;

/**
 * Per topic, one UPGRADE rule that turns a message written under `fromMajor` into the new shape and one
 * DOWNGRADE rule for the way back, so consumers on either major version read the other's messages.
 * All renames of a topic go into one expression of each kind: the expression reads every old name from the
 * original message, so swaps (a→b with b→a) and chains come out right. The expressions work on the message as the
 * registry's deserializers hand it over, the same for JSON objects and Avro records.
 */
export function migrationRules(renames: readonly Rename[], fromMajor: number, toMajor: number): MigrationPlan {
  const problems: string[] = [];
  if (fromMajor === toMajor) {
    if (renames.length) problems.push(`the renames stay within major version ${toMajor}, so there is nothing to migrate between versions`);
    return { rulesByTopic: {}, problems };
  }
  const byTopic = new Map<string, Rename[]>();
  for (const rename of renames) {
    const list = byTopic.get(rename.topic) ?? [];
    const where = pathOf(rename.at);
    const sameLevel = list.filter((r) => pathOf(r.at) === where);
    if (!rename.from || !rename.to || rename.from === rename.to) {
      problems.push(`${rename.stream}: the rename \`${shown(rename, 'from')}\` → \`${shown(rename, 'to')}\` changes nothing and is left out`);
    } else if (sameLevel.some((r) => r.from === rename.from || r.to === rename.to)) {
      problems.push(`${rename.stream}: \`${shown(rename, 'from')}\` → \`${shown(rename, 'to')}\` conflicts with another rename of the same field and is left out`);
    } else {
      list.push(rename);
    }
    byTopic.set(rename.topic, list);
  }
  const rulesByTopic: Record<string, MigrationRule[]> = {};
  for (const [topic, list] of byTopic) {
    if (list.length === 0) continue;
    const tree = levelOf(list);
    const names = (forward: boolean) => list.map((r) => (forward ? `${oldPath(tree, r)} → ${shown(r, 'to')}` : `${shown(r, 'to')} → ${oldPath(tree, r)}`)).join(', ');
    rulesByTopic[topic] = [
      {
        name: ruleName(topic, fromMajor, toMajor),
        doc: `Upgrades messages of ${topic} written under major version ${fromMajor} to ${toMajor}: ${names(true)}.`,
        kind: 'TRANSFORM',
        mode: 'UPGRADE',
        type: 'JSONATA',
        expr: objectExpression(tree, true, '$', 0),
      },
      {
        name: ruleName(topic, toMajor, fromMajor),
        doc: `Downgrades messages of ${topic} written under major version ${toMajor} to ${fromMajor}: ${names(false)}.`,
        kind: 'TRANSFORM',
        mode: 'DOWNGRADE',
        type: 'JSONATA',
        expr: objectExpression(tree, false, '$', 0),
      },
    ];
  }
  return { rulesByTopic, problems };
}

/**
 * `<topic>_v1_to_v2`. A rule name is letters, digits and `_` (Confluent also allows `-` after the first character,
 * but releases before that refuse it), starts with a letter or `_` and has at most 64 characters. A topic that does
 * not fit (`acme.accounts`, a long name) is spelt with `_` for every other character and shortened, and a hash of
 * the whole topic is appended, so that two topics never share a name and the same topic always gets the same one.
 */
export function ruleName(topic: string, fromMajor: number, toMajor: number): string {
  const suffix = `_v${fromMajor}_to_v${toMajor}`;
  const plain = `${topic}${suffix}`;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(plain) && plain.length <= MAX_RULE_NAME) return plain;
  let safe = topic.replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z_]/.test(safe)) safe = `_${safe}`;
  const hash = `_${fnv1a(topic)}`;
  return `${safe.slice(0, MAX_RULE_NAME - suffix.length - hash.length)}${hash}${suffix}`;
}

/** FNV-1a over the UTF-16 code units, as 8 hex digits: short, stable across runs and platforms. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The renames and nested changes of one object: fields keyed by their new name. */
interface Level {
  /** new name → old name, for the fields renamed at this level. */
  renamed: Map<string, string>;
  /** Fields (by new name) whose value holds renamed fields, and how to reach the objects inside. */
  nested: Map<string, { wrappers: Wrapper[]; level: Level }>;
}

/** How an object is reached from a field's value: directly, through each array element, or each map value. */
type Wrapper = 'array' | 'map';

function newLevel(): Level {
  return { renamed: new Map(), nested: new Map() };
}

function levelOf(renames: readonly Rename[]): Level {
  const root = newLevel();
  for (const rename of renames) {
    let level = root;
    for (const segment of rename.at ?? []) {
      const { field, wrappers } = parseSegment(segment);
      let child = level.nested.get(field);
      if (!child) level.nested.set(field, (child = { wrappers, level: newLevel() }));
      level = child.level;
    }
    level.renamed.set(rename.to, rename.from);
  }
  return root;
}

/** `lines[]` → the elements of `lines`; `attrs{value}` → the values of `attrs`; suffixes repeat for nested collections. */
function parseSegment(segment: string): { field: string; wrappers: Wrapper[] } {
  const wrappers: Wrapper[] = [];
  let field = segment;
  for (;;) {
    if (field.endsWith('[]') && field.length > 2) {
      wrappers.unshift('array');
      field = field.slice(0, -2);
    } else if (field.endsWith('{value}') && field.length > 7) {
      wrappers.unshift('map');
      field = field.slice(0, -7);
    } else return { field, wrappers };
  }
}

/**
 * `$merge([$sift($, function($v, $k) {$k != 'ssn'}), {'national_id': $.'ssn'}])`: keep every other field, drop the
 * old names, and add each new name with the old value (a field absent from the message stays absent, since JSONata
 * leaves out object members whose value is undefined). A nested object is rebuilt the same way in place; a null
 * (or absent) object stays as it is.
 */
function objectExpression(level: Level, upgrade: boolean, value: string, depth: number): string {
  const moves: { source: string; target: string; value: string }[] = [];
  for (const [newName, oldName] of level.renamed) {
    if (level.nested.has(newName)) continue;
    moves.push(upgrade ? { source: oldName, target: newName, value: `${value}.${quote(oldName)}` } : { source: newName, target: oldName, value: `${value}.${quote(newName)}` });
  }
  for (const [newName, child] of level.nested) {
    const oldName = level.renamed.get(newName) ?? newName;
    const [source, target] = upgrade ? [oldName, newName] : [newName, oldName];
    moves.push({ source, target, value: reach(child.wrappers, child.level, upgrade, `${value}.${quote(source)}`, depth + 1) });
  }
  const keep = moves.map((m) => `$k != ${quote(m.source)}`).join(' and ');
  const moved = moves.map((m) => `${quote(m.target)}: ${m.value}`).join(', ');
  return `$merge([$sift(${value}, function($v, $k) {${keep}}), {${moved}}])`;
}

/** The expression that rebuilds the objects inside `value` (through arrays and maps), leaving anything else as it is. */
function reach(wrappers: readonly Wrapper[], level: Level, upgrade: boolean, value: string, depth: number): string {
  const v = `$x${depth}`;
  if (wrappers.length === 0) return `(${v} := ${value}; $type(${v}) = 'object' ? ${objectExpression(level, upgrade, v, depth)} : ${v})`;
  const [first, ...rest] = wrappers;
  // an array constructor around $map keeps a one-element array an array (JSONata would return the element alone)
  if (first === 'array') return `(${v} := ${value}; $type(${v}) = 'array' ? [$map(${v}, function($e${depth}) {${reach(rest, level, upgrade, `$e${depth}`, depth + 1)}})] : ${v})`;
  return `(${v} := ${value}; $type(${v}) = 'object' ? $merge([{}, $each(${v}, function($e${depth}, $k${depth}) {{$k${depth}: ${reach(rest, level, upgrade, `$e${depth}`, depth + 1)}}})]) : ${v})`;
}

/** A renamed field's old path: `cust.zip` for `zip` → `postal_code` inside `customer`, itself renamed from `cust`. */
function oldPath(root: Level, rename: Rename): string {
  const segments: string[] = [];
  let level: Level | undefined = root;
  for (const segment of rename.at ?? []) {
    const { field } = parseSegment(segment);
    segments.push(`${level?.renamed.get(field) ?? field}${segment.slice(field.length)}`);
    level = level?.nested.get(field)?.level;
  }
  return [...segments, rename.from].join('.');
}

function pathOf(at: readonly string[] | undefined): string {
  return (at ?? []).join('\u0000');
}

/** A renamed field as the rule's documentation names it: `address.city`. */
function shown(rename: Rename, which: 'from' | 'to'): string {
  return [...(rename.at ?? []), rename[which]].join('.');
}

/** A JSONata string literal; quotes, backslashes and control characters become `\uXXXX` escapes. */
function quote(name: string): string {
  return `'${name.replace(/[\\'\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}
