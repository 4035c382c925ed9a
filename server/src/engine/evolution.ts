// Contract evolution in editor terms: breaking changes as problems with quick fixes, and the publish verdict.
import { Analysis } from './analyze';
import { Change, ContractSide, evaluate, CompatResult, EvaluatedChange, Mode, modeOf, RegisteredSide, RegistryKind } from './diff';
import { contractSide } from './diff/model';
import { appendCopyEdit, setKeyEdit } from './keyEdits';
import { LineIndex } from './lineIndex';
import { isRecord, locate, spanForPath } from './locate';
import { majorVersionProblem } from './majorVersions';
import { likelyRenameProblems } from './renameHints';
import { Fix, Path, Problem, RelatedInfo, Severity } from './types';

export interface RegisteredText {
  version: string;
  text: string;
  /** File path or registry URL, shown in related information. */
  location: string;
  /** How messages name it (a path relative to the workspace folder); else `location`. */
  shown?: string;
}

export interface EvolutionOptions {
  /** The workspace setting, used when the contract does not declare `compatibility`. */
  modeSetting?: Mode;
  /** Where versions are registered; a Schema Registry (`confluent`) judges added and removed properties by its own rule. */
  registryKind?: RegistryKind;
  breakingSeverity?: Extract<Severity, 'warning' | 'error'>;
}

export interface Evolution {
  mode: Mode;
  result: CompatResult | null;
  problems: Problem[];
  current: ContractSide | null;
}

/** Per registered location: its text and that text parsed. */
const sides = new Map<string, { text: string; side: ContractSide | null }>();

/**
 * Registered texts never change, so each is parsed once per process. Keyed by location, then compared with the text
 * (the same string object at every keystroke): a key joining both would copy the whole text each time.
 */
function registeredSide(r: RegisteredText): ContractSide | null {
  const known = sides.get(r.location);
  if (known && known.text === r.text) return known.side;
  if (sides.size > 500) sides.clear();
  const side = contractSide(r.text);
  sides.set(r.location, { text: r.text, side });
  return side;
}

/** Line positions of a registered text, for related places: built once per parsed side. */
const lineIndexes = new WeakMap<ContractSide, LineIndex>();
function lineIndexOf(side: ContractSide): LineIndex {
  let index = lineIndexes.get(side);
  if (!index) lineIndexes.set(side, (index = new LineIndex(side.text)));
  return index;
}

/** A registered side by its location. */
type SideAt = (location: string) => ContractSide | null;

export function analyzeEvolution(analysis: Analysis, registered: readonly RegisteredText[], options: EvolutionOptions = {}): Evolution {
  return withBreakingSeverity(evolutionOf(analysis, registered, options), options.breakingSeverity ?? 'warning');
}

/** The problems that are breaking changes: the only ones whose severity the setting decides. */
const breakingProblems = new WeakSet<Problem>();

/** An evolution with its breaking changes at `severity` (computed at `warning`). */
export function withBreakingSeverity(evolution: Evolution, severity: Extract<Severity, 'warning' | 'error'>): Evolution {
  if (severity === 'warning') return evolution;
  return { ...evolution, problems: evolution.problems.map((p) => (breakingProblems.has(p) ? { ...p, severity } : p)) };
}

/** The evolution against the registered versions, breaking changes as warnings (the severity setting is applied after). */
export function evolutionOf(analysis: Analysis, registered: readonly RegisteredText[], options: Omit<EvolutionOptions, 'breakingSeverity'> = {}): Evolution {
  const parsed = analysis.parsed;
  const value = parsed?.value;
  const mode = modeOf(value, options.modeSetting);
  if (!parsed?.doc || !parsed.analysable || !isRecord(value)) return { mode, result: null, problems: [], current: null };
  const current: ContractSide = { text: parsed.text, doc: parsed.doc, value };
  const problems: Problem[] = [];

  const usable: RegisteredSide[] = [];
  for (const r of registered) {
    const side = registeredSide(r);
    if (side) usable.push({ version: r.version, side, location: r.location, ...(r.shown ? { shown: r.shown } : {}) });
  }
  if (usable.length === 0) return { mode, result: null, problems, current };

  const result = evaluate({ current, registered: usable, mode, registryKind: options.registryKind, invalidValues: analysis.invalidValues });
  const sideAt: SideAt = (location) => usable.find((u) => u.location === location)?.side ?? null;
  for (const evaluated of result.changes) {
    const p = changeProblem(evaluated, result, current, sideAt);
    if (p) problems.push(p);
  }
  problems.push(...result.findings);
  problems.push(...likelyRenameProblems(result, current, sideAt));
  const consumers = majorVersionProblem(result, current, result.compared[0] ? sideAt(result.compared[0].location) : null, result.registryKind);
  if (consumers) problems.push(consumers);
  return { mode, result, problems, current };
}

function changeProblem(e: EvaluatedChange, result: CompatResult, current: ContractSide, sideAt: SideAt): Problem | undefined {
  const { change } = e;
  if (!e.breaking && !e.allowedByMajorBump) return undefined;
  if (!e.breaking && change.category !== 'compatibility') return undefined;
  const span = change.newSpan ?? spanForPath(current.text, current.doc, ['version']);
  const versions = e.against.map((a) => a.version).join(', ');
  const directions = change.breaks.join(' and ');
  const message = e.breaking
    ? `${change.message} This breaks ${directions} compatibility with registered ${versions} (mode ${result.mode}).${change.hint ? ` ${change.hint}` : ''}`
    : `${change.message} Allowed by the major version bump (breaks ${directions} against ${versions}).`;
  const related: RelatedInfo[] = [];
  for (const a of e.against) {
    const side = a.oldSpan ? sideAt(a.location) : null;
    if (!a.oldSpan || !side) continue;
    const index = lineIndexOf(side);
    related.push({ message: `in registered ${a.version}`, span: a.oldSpan, file: a.location, range: { start: index.positionAt(a.oldSpan.start), end: index.positionAt(a.oldSpan.end) } });
  }
  const fixes: Fix[] = e.breaking ? breakingFixes(e, result, current, sideAt) : [];
  const problem: Problem = {
    code: change.rule,
    severity: e.breaking ? 'warning' : 'info',
    message,
    span,
    ...(related.length ? { related } : {}),
    ...(fixes.length ? { fixes } : {}),
    docs: change.rule,
  };
  if (e.breaking) breakingProblems.add(problem);
  return problem;
}

function breakingFixes(e: EvaluatedChange, result: CompatResult, current: ContractSide, sideAt: SideAt): Fix[] {
  const fixes: Fix[] = [];
  const { change } = e;
  const major = result.suggestions.nextMajor;
  if (major) fixes.push({ title: `Bump the version to ${major} (a breaking change needs a new major)`, edits: [{ span: spanForPath(current.text, current.doc, ['version']), newText: major }], preferred: true });
  if (change.rule === 'property-added-required' && change.newPath) {
    const required = locate(current.doc, [...change.newPath, 'required']).node;
    if (required?.range) fixes.push({ title: `Make \`${String(change.data?.name ?? 'the property')}\` optional`, edits: [{ span: { start: required.range[0], end: required.range[1] }, newText: 'false' }] });
  }
  if (change.rule.startsWith('property-removed') && change.oldPath) {
    const restore = restoreFix(e, current, sideAt);
    if (restore) fixes.push(restore);
  }
  if (change.rule === 'property-renamed') {
    const keep = keepPayloadNameFix(change, current);
    if (keep) fixes.push(keep);
  }
  if (change.rule === 'stream-topic-changed' && typeof change.data?.from === 'string' && change.newPath) {
    const topic = setKeyEdit(current.text, current.doc, withoutName(change.newPath), 'physicalName', change.data.from);
    if (topic) fixes.push({ title: `Keep publishing to topic \`${change.data.from}\`: \`physicalName: ${change.data.from}\``, edits: [topic] });
  }
  return fixes;
}

/** Puts the registered text of a removed property back at the end of its list (nested lists too), re-indented to fit. */
function restoreFix(e: EvaluatedChange, current: ContractSide, sideAt: SideAt): Fix | undefined {
  const { change } = e;
  const source = e.against[0];
  const oldSide = source ? sideAt(source.location) : null;
  if (!oldSide || !change.oldPath || !change.newPath) return undefined;
  // the removal is shown on the surviving owner: its `properties` key, else its name, else the owner itself
  const owner = ['properties', 'name'].includes(String(change.newPath[change.newPath.length - 1])) ? change.newPath.slice(0, -1) : change.newPath;
  const restore = appendCopyEdit(oldSide, withoutName(change.oldPath), current, [...owner, 'properties']);
  if (!restore) return undefined;
  return { title: `Restore \`${String(change.data?.name ?? 'the property')}\` from registered ${source.version}`, edits: [restore] };
}

/** For a renamed property: publish it under its registered payload name again, keeping the new name in the contract. */
function keepPayloadNameFix(change: Change, current: ContractSide): Fix | undefined {
  const from = change.data?.from;
  if (typeof from !== 'string' || !change.newPath) return undefined;
  const edit = setKeyEdit(current.text, current.doc, withoutName(change.newPath), 'physicalName', from);
  return edit ? { title: `Keep the old payload name: \`physicalName: ${from}\``, edits: [edit] } : undefined;
}

/** The path of a property from a change's path to one of its naming keys. */
function withoutName(path: Path): Path {
  return ['name', 'physicalName'].includes(String(path[path.length - 1])) ? path.slice(0, -1) : path;
}
