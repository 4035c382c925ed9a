// The verdict of a contract against its registered versions: which changes break under the mode, and what version it needs.
import { valid as validSemver, compare, major as majorOf, minor as minorOf } from 'semver';
import { isRecord, spanForPath } from '../locate';
import { customProperties } from '../rules/context';
import { Path, Problem, replaceFix } from '../types';
import { diffContracts } from './diff';
import { canonical } from './model';
import { judgedBy } from './registryVerdicts';
import { Change, ContractSide, DEFAULT_MODE, DEFAULT_REGISTRY_KIND, Mode, MODES, RegistryKind } from './types';

export interface RegisteredSide {
  version: string;
  side: ContractSide;
  /** Where the version is stored (file path or registry URL), for related information. */
  location: string;
  /** How messages name it (a path relative to the workspace folder); else `location`. */
  shown?: string;
}

export interface CompatInput {
  current: ContractSide;
  registered: RegisteredSide[];
  mode: Mode;
  /** Where versions are registered (default `folder`): a `confluent` Schema Registry judges some changes by its own rules. */
  registryKind?: RegistryKind;
  /**
   * Paths of the current version whose values fail the meta-schema (`Analysis.invalidValues`): a change there is an
   * invalid value, which its schema error reports, not an evolution to judge.
   */
  invalidValues?: readonly Path[];
}

/** One change, deduplicated across the compared versions. */
export interface EvaluatedChange {
  change: Change;
  /** Breaking under the mode (never when the major version was bumped). */
  breaking: boolean;
  /** The current version starts a new major: the change is allowed, and reported as information. */
  allowedByMajorBump: boolean;
  /** The registered versions this change was found against, newest first, with the old side's location. */
  against: { version: string; location: string; oldSpan: Change['oldSpan'] }[];
}

/** A finding on the `version` line, with the version a quick fix would write. */
export interface VersionFinding extends Problem {
  suggestedVersion?: string;
}

export interface CompatResult {
  mode: Mode;
  registryKind: RegistryKind;
  currentVersion: string | null;
  /**
   * same-major: compared within the current major; major-bump: the current version starts a new
   * major (compared against the previous one); first: nothing registered; registered: the current
   * text is exactly a registered version; unversioned: the current version is not a semantic version;
   * lower-major: its major is below every registered one (compared with the newest registered version).
   */
  relation: 'same-major' | 'major-bump' | 'first' | 'registered' | 'unversioned' | 'lower-major';
  compared: { version: string; location: string }[];
  changes: EvaluatedChange[];
  findings: VersionFinding[];
  /** True when a change breaks under the mode and no major bump allows it. */
  breaking: boolean;
  suggestions: { nextMajor: string | null; nextMinor: string | null; nextPatch: string | null };
}

/** Whether a change breaks consumers under a compatibility mode. */
export function isBreaking(change: Change, mode: Mode): boolean {
  if (mode === 'NONE') return false;
  if (mode.startsWith('FULL')) return change.breaks.length > 0;
  return change.breaks.includes(mode.startsWith('FORWARD') ? 'FORWARD' : 'BACKWARD');
}

/** The contract's own `compatibility` customProperty, else the workspace setting, else FORWARD. */
export function modeOf(value: unknown, setting?: Mode): Mode {
  const declared = isRecord(value) ? customProperties(value, []).find((p) => p.name === 'compatibility')?.value : undefined;
  if (typeof declared === 'string' && (MODES as readonly string[]).includes(declared)) return declared as Mode;
  return setting && (MODES as readonly string[]).includes(setting) ? setting : DEFAULT_MODE;
}

/** The streams that moved to another topic among changes. */
export function movedStreams(changes: readonly Change[]): Set<string> {
  return new Set(changes.filter((c) => c.rule === 'stream-topic-changed').map((c) => String(c.data?.stream)));
}

/**
 * The renamed properties among changes, in the shape a registry's migration rules need; a nested one carries the
 * payload path of the object that holds it (`at`, in the new version's names). A stream moved to another topic has
 * no earlier messages there to migrate: its renames are left out.
 */
export function renamesOf(changes: Change[]): { stream: string; topic: string; from: string; to: string; at?: string[] }[] {
  const moved = movedStreams(changes);
  return changes
    .filter((c) => c.rule === 'property-renamed' && c.data && !moved.has(String(c.data.stream)))
    .map((c) => {
      const { stream, topic, from, to, at } = c.data!;
      const rename = { stream: String(stream), topic: String(topic), from: String(from), to: String(to) };
      return Array.isArray(at) && at.length ? { ...rename, at: at.map(String) } : rename;
    });
}

const isTransitive = (mode: Mode) => mode.endsWith('_TRANSITIVE');

export function evaluate(input: CompatInput): CompatResult {
  const { current, mode } = input;
  const registryKind = input.registryKind ?? DEFAULT_REGISTRY_KIND;
  const raw = current.value.version;
  const version = typeof raw === 'string' && validSemver(raw) === raw ? raw : null;
  const registered = input.registered.filter((r) => validSemver(r.version) === r.version).sort((a, b) => compare(b.version, a.version));
  const highest = registered[0]?.version ?? null;
  const result: CompatResult = {
    mode,
    registryKind,
    currentVersion: version,
    relation: 'first',
    compared: [],
    changes: [],
    findings: [],
    breaking: false,
    suggestions: suggestions(highest, registered),
  };
  const versionSpan = spanForPath(current.text, current.doc, ['version']);
  const finding = (code: string, severity: Problem['severity'], message: string, suggestedVersion?: string) => {
    const f: VersionFinding = { code, severity, message, span: versionSpan };
    if (suggestedVersion) {
      f.suggestedVersion = suggestedVersion;
      f.fixes = replaceFix(versionSpan, suggestedVersion, `Change the version to ${suggestedVersion}`);
    }
    result.findings.push(f);
  };

  if (!version) {
    result.relation = 'unversioned';
    // with nothing registered, the lint rule on `version` says all there is to say
    if (!registered.length) return result;
    const shownVersion = typeof raw === 'string' ? `\`${raw}\`` : raw === undefined ? 'missing' : `\`${String(raw)}\``;
    finding('version-not-semver', 'error', `\`version\` must be a semantic version MAJOR.MINOR.PATCH to be compared with the registered versions: it is ${shownVersion}.`, result.suggestions.nextMinor ?? undefined);
    return result;
  }
  if (!registered.length) return result;

  const same = registered.find((r) => r.version === version);
  if (same && sameContent(same.side, current)) {
    result.relation = 'registered';
    return result;
  }

  const major = majorOf(version);
  const sameMajor = registered.filter((r) => majorOf(r.version) === major);
  let targets: RegisteredSide[];
  let bump = false;
  if (sameMajor.length) {
    result.relation = 'same-major';
    targets = isTransitive(mode) ? sameMajor : [sameMajor[0]];
  } else {
    // a new major: compared with the newest version below it, and everything it changes is allowed
    const previous = registered.find((r) => compare(r.version, version) < 0);
    result.relation = previous ? 'major-bump' : 'lower-major';
    targets = [previous ?? registered[0]];
    bump = previous !== undefined;
  }
  result.compared = targets.map((t) => ({ version: t.version, location: t.location }));

  const byKey = new Map<string, EvaluatedChange>();
  for (const target of targets) {
    for (const change of diffContracts(target.side, current, { invalidValues: input.invalidValues }).map((c) => judgedBy(c, registryKind, mode))) {
      const key = canonical([change.rule, change.path, change.message, change.newSpan]);
      const known = byKey.get(key);
      const against = { version: target.version, location: target.location, oldSpan: change.oldSpan };
      if (known) {
        known.against.push(against);
        continue;
      }
      byKey.set(key, { change, breaking: !bump && isBreaking(change, mode), allowedByMajorBump: bump, against: [against] });
    }
  }
  result.changes = [...byKey.values()]
    .map((c, i) => ({ c, i }))
    .sort((a, b) => (a.c.change.newSpan?.start ?? -1) - (b.c.change.newSpan?.start ?? -1) || a.i - b.i)
    .map((x) => x.c);
  result.breaking = result.changes.some((c) => c.breaking);

  if (same) {
    finding('version-already-registered', 'error', `Version ${version} is already registered with different content (${same.shown ?? same.location}): bump it, e.g. to ${nextFor(result)}.`, nextFor(result));
  } else if (highest && compare(version, highest) <= 0) {
    finding('version-not-greater', 'error', `Version ${version} must be greater than every registered version; the highest is ${highest}: use ${nextFor(result)}.`, nextFor(result));
  }
  if (result.breaking) {
    const breaking = result.changes.filter((c) => c.breaking);
    const count = breaking.length;
    const against = targets.map((t) => t.version).filter((v) => breaking.some((c) => c.against.some((a) => a.version === v)));
    const versions = against.length > 1 ? `registered versions ${against.join(', ')}` : `registered version ${against[0]}`;
    finding(
      'version-major-bump-required',
      'error',
      `${count === 1 ? 'A change breaks' : `${count} changes break`} consumers under ${mode} compatibility against ${versions}: a breaking change needs a new major version, ${result.suggestions.nextMajor}.`,
      result.suggestions.nextMajor ?? undefined,
    );
  } else if (!bump && !same && (highest === null || compare(version, highest) > 0)) {
    const additions = result.changes.filter((c) => c.change.category === 'compatibility');
    const base = targets[0].version;
    if (additions.length && majorOf(base) === major && minorOf(base) === minorOf(version) && result.suggestions.nextMinor) {
      finding(
        'version-minor-bump-suggested',
        'hint',
        `This version changes the stream contract compatibly (${additions.length} change${additions.length === 1 ? '' : 's'} since ${base}): such changes take a new minor version, ${result.suggestions.nextMinor}.`,
        result.suggestions.nextMinor,
      );
    }
  }
  return result;
}

/**
 * Whether two versions hold the same contract: their parsed values, compared in a canonical form, so that comments,
 * whitespace, quoting, line endings and the order of keys are not content (a registry may store any of them).
 */
function sameContent(a: ContractSide, b: ContractSide): boolean {
  return canonical(a.value) === canonical(b.value);
}

/** The version a fix should write: a new major when something breaks, else a new minor for compatible changes, else a patch. */
function nextFor(result: CompatResult): string {
  const { nextMajor, nextMinor, nextPatch } = result.suggestions;
  if (result.breaking) return nextMajor!;
  if (result.changes.some((c) => c.change.category === 'compatibility' && !c.allowedByMajorBump)) return nextMinor!;
  return nextPatch!;
}

/** Next versions above every registered one (in the current major line for minor and patch). */
function suggestions(highest: string | null, registered: RegisteredSide[]): CompatResult['suggestions'] {
  if (!highest) return { nextMajor: null, nextMinor: null, nextPatch: null };
  const top = majorOf(highest);
  const inTop = registered.filter((r) => majorOf(r.version) === top);
  const maxMinor = Math.max(...inTop.map((r) => minorOf(r.version)));
  const maxPatch = Math.max(...inTop.filter((r) => minorOf(r.version) === maxMinor).map((r) => Number(r.version.split(/[.+-]/)[2])));
  return { nextMajor: `${top + 1}.0.0`, nextMinor: `${top}.${maxMinor + 1}.0`, nextPatch: `${top}.${maxMinor}.${maxPatch + 1}` };
}
