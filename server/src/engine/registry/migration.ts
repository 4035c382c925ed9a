// Turns the properties renamed across a major version into Confluent migration rules (JSONata UPGRADE and DOWNGRADE per stream).

/** One renamed payload field of one stream (top-level field names, as they appear in the messages). */
export interface Rename {
  stream: string;
  topic: string;
  from: string;
  to: string;
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

/**
 * Per topic, one UPGRADE rule that turns a message written under `fromMajor` into the new shape and one
 * DOWNGRADE rule for the way back, so consumers on either major version read the other's messages.
 * All renames of a topic go into one expression of each kind: the expression reads every old name from the
 * original message, so swaps (a→b with b→a) and chains come out right.
 */
export function migrationRules(renames: readonly Rename[], fromMajor: number, toMajor: number): MigrationPlan {
  const problems: string[] = [];
  const byTopic = new Map<string, Rename[]>();
  for (const rename of renames) {
    const list = byTopic.get(rename.topic) ?? [];
    if (!rename.from || !rename.to || rename.from === rename.to) {
      problems.push(`${rename.stream}: the rename \`${rename.from}\` → \`${rename.to}\` changes nothing and is left out`);
    } else if (list.some((r) => r.from === rename.from || r.to === rename.to)) {
      problems.push(`${rename.stream}: \`${rename.from}\` → \`${rename.to}\` conflicts with another rename of the same field and is left out`);
    } else {
      list.push(rename);
    }
    byTopic.set(rename.topic, list);
  }
  const rulesByTopic: Record<string, MigrationRule[]> = {};
  for (const [topic, list] of byTopic) {
    if (list.length === 0) continue;
    const forward = list.map((r) => ({ from: r.from, to: r.to }));
    const backward = list.map((r) => ({ from: r.to, to: r.from }));
    const names = (pairs: { from: string; to: string }[]) => pairs.map((r) => `${r.from} → ${r.to}`).join(', ');
    rulesByTopic[topic] = [
      {
        name: `${topic}-v${fromMajor}-to-v${toMajor}`,
        doc: `Upgrades messages of ${topic} written under major version ${fromMajor} to ${toMajor}: ${names(forward)}.`,
        kind: 'TRANSFORM',
        mode: 'UPGRADE',
        type: 'JSONATA',
        expr: renameExpression(forward),
      },
      {
        name: `${topic}-v${toMajor}-to-v${fromMajor}`,
        doc: `Downgrades messages of ${topic} written under major version ${toMajor} to ${fromMajor}: ${names(backward)}.`,
        kind: 'TRANSFORM',
        mode: 'DOWNGRADE',
        type: 'JSONATA',
        expr: renameExpression(backward),
      },
    ];
  }
  return { rulesByTopic, problems };
}

/**
 * `$merge([$sift($, function($v, $k) {$k != 'ssn'}), {'national_id': $.'ssn'}])`: keep every other field,
 * drop the old names, and add each new name with the old value (a field absent from the message stays absent,
 * since JSONata leaves out object members whose value is undefined).
 */
export function renameExpression(renames: readonly { from: string; to: string }[]): string {
  const keep = renames.map((r) => `$k != ${quote(r.from)}`).join(' and ');
  const moved = renames.map((r) => `${quote(r.to)}: $.${quote(r.from)}`).join(', ');
  return `$merge([$sift($, function($v, $k) {${keep}}), {${moved}}])`;
}

/** A JSONata string literal; quotes, backslashes and control characters become `\uXXXX` escapes. */
function quote(name: string): string {
  return `'${name.replace(/[\\'\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}
