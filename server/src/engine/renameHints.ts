// Renames the diff cannot see: a property removed and another added with the same type and source, without a common stable id.
import { canonical } from './diff/model';
import { CompatResult, ContractSide, EvaluatedChange } from './diff';
import { setKeyEdit } from './keyEdits';
import { isRecord, valueAt } from './locate';
import { Fix, Path, Problem } from './types';

/** One likely rename: the registered property that was removed and the property added in its place. */
interface LikelyRename {
  removed: { change: EvaluatedChange; value: Record<string, unknown>; name: string };
  added: { change: EvaluatedChange; value: Record<string, unknown>; path: Path; name: string };
  version: string;
}

/**
 * An `info` on each added property that looks like the rename of a removed one: both in the same list, of the same
 * type, fed from the same source columns, and one of them without a stable id (with two different ids the author
 * said they differ). Pairs are taken only when each side has exactly one candidate.
 */
export function likelyRenameProblems(result: CompatResult, current: ContractSide, registered: (location: string) => ContractSide | null): Problem[] {
  const base = result.compared[0];
  if (!base) return [];
  const old = registered(base.location);
  if (!old) return [];
  const removed = result.changes.filter((c) => c.change.rule.startsWith('property-removed') && c.against.some((a) => a.location === base.location));
  const added = result.changes.filter((c) => c.change.rule.startsWith('property-added'));
  const candidates = (r: EvaluatedChange) => added.filter((a) => sameList(r, a) && looksAlike(propertyAt(old.value, r.change.oldPath), propertyAt(current.value, a.change.newPath)));
  const problems: Problem[] = [];
  for (const r of removed) {
    const found = candidates(r);
    if (found.length !== 1 || removed.filter((other) => candidates(other).includes(found[0])).length !== 1) continue;
    const oldValue = propertyAt(old.value, r.change.oldPath)!;
    const newValue = propertyAt(current.value, found[0].change.newPath)!;
    const rename: LikelyRename = {
      removed: { change: r, value: oldValue, name: String(r.change.data?.name) },
      added: { change: found[0], value: newValue, path: propertyPath(found[0].change.newPath!), name: String(found[0].change.data?.name) },
      version: base.version,
    };
    const problem = likelyRenameProblem(rename, current);
    if (problem) problems.push(problem);
  }
  return problems;
}

function likelyRenameProblem(rename: LikelyRename, current: ContractSide): Problem | undefined {
  const { removed, added, version } = rename;
  const span = added.change.change.newSpan;
  if (!span) return undefined;
  const oldId = stableId(removed.value);
  const sources = (removed.value.transformSourceObjects as unknown[]).map(String).map((s) => `\`${s}\``).join(', ');
  const fixes: Fix[] = [];
  const keepName = setKeyEdit(current.text, current.doc, added.path, 'physicalName', removed.name);
  if (keepName) fixes.push({ title: `Keep the old payload name: \`physicalName: ${removed.name}\``, edits: [keepName] });
  const sameId = oldId ? setKeyEdit(current.text, current.doc, added.path, 'id', oldId, null) : undefined;
  if (oldId && sameId) fixes.push({ title: `Give \`${added.name}\` the stable id \`${oldId}\` of registered \`${removed.name}\``, edits: [sameId] });
  const ids = oldId
    ? `Registered ${version} gives \`${removed.name}\` the stable id \`${oldId}\`: give \`${added.name}\` the same id to publish one rename (with migration rules across a major version), or keep the old payload name so that consumers do not break.`
    : `Registered ${version} gives \`${removed.name}\` none, and a registered version never changes: keep the old payload name so that consumers do not break, or publish the change in a new major version.`;
  return {
    code: 'property-rename-likely',
    severity: 'info',
    message: `\`${removed.name}\` was removed and \`${added.name}\` added with the same type and source (${sources}): this looks like a rename, which consumers looking for \`${removed.name}\` do not follow. A rename is recognised only when both versions carry the same stable \`id\`. ${ids}`,
    span,
    ...(fixes.length ? { fixes } : {}),
  };
}

/** Removed and added in the same property list: the same stream and the same enclosing payload path. */
function sameList(removed: EvaluatedChange, added: EvaluatedChange): boolean {
  const where = (c: EvaluatedChange) => canonical([c.change.data?.stream, c.change.data?.at ?? []]);
  return where(removed) === where(added);
}

function looksAlike(old: Record<string, unknown> | undefined, now: Record<string, unknown> | undefined): boolean {
  if (!old || !now) return false;
  const oldId = stableId(old);
  const newId = stableId(now);
  if (oldId && newId && oldId !== newId) return false;
  const sources = (v: Record<string, unknown>) => (Array.isArray(v.transformSourceObjects) ? v.transformSourceObjects.filter((s) => typeof s === 'string' && s.trim()).map((s: string) => s.trim()).sort() : []);
  const type = (v: Record<string, unknown>) => canonical([v.logicalType ?? null, typeof v.physicalType === 'string' ? v.physicalType.trim().toUpperCase() : (v.physicalType ?? null)]);
  const from = sources(old);
  return from.length > 0 && canonical(from) === canonical(sources(now)) && type(old) === type(now);
}

/** A change's path to a property ends at its `name` when it has one. */
function propertyPath(path: Path): Path {
  return path[path.length - 1] === 'name' ? path.slice(0, -1) : path;
}

function propertyAt(root: unknown, path: Path | null): Record<string, unknown> | undefined {
  if (!path) return undefined;
  const value = valueAt(root, propertyPath(path));
  return isRecord(value) ? value : undefined;
}

function stableId(value: Record<string, unknown>): string | undefined {
  return typeof value.id === 'string' && value.id ? value.id : undefined;
}
