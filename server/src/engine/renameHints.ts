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
 * said they differ). A pair is taken only when nothing else removed or added in that list looks the same.
 */
export function likelyRenameProblems(result: CompatResult, current: ContractSide, registered: (location: string) => ContractSide | null): Problem[] {
  const base = result.compared[0];
  if (!base) return [];
  const old = registered(base.location);
  if (!old) return [];
  const removed = result.changes.filter((c) => c.change.rule.startsWith('property-removed') && c.against.some((a) => a.location === base.location));
  const added = result.changes.filter((c) => c.change.rule.startsWith('property-added'));
  // alike = same list, type and sources: grouped by that signature, a pair is a group of one removed and one added
  const groups = new Map<string, { removed: Side[]; added: Side[] }>();
  const group = (key: string) => groups.get(key) ?? groups.set(key, { removed: [], added: [] }).get(key)!;
  for (const change of removed) {
    const side = sideOf(change, old.value, change.change.oldPath);
    if (side) group(side.key).removed.push(side);
  }
  for (const change of added) {
    const side = sideOf(change, current.value, change.change.newPath);
    if (side) group(side.key).added.push(side);
  }
  const problems: Problem[] = [];
  for (const { removed: [r, ...moreRemoved], added: [a, ...moreAdded] } of groups.values()) {
    if (!r || !a || moreRemoved.length || moreAdded.length) continue;
    // two different stable ids: the author says they are different properties
    if (stableId(r.value) && stableId(a.value) && stableId(r.value) !== stableId(a.value)) continue;
    const rename: LikelyRename = {
      removed: { change: r.change, value: r.value, name: String(r.change.change.data?.name) },
      added: { change: a.change, value: a.value, path: propertyPath(a.change.change.newPath!), name: String(a.change.change.data?.name) },
      version: base.version,
    };
    const problem = likelyRenameProblem(rename, current);
    if (problem) problems.push(problem);
  }
  return problems;
}

interface Side {
  change: EvaluatedChange;
  value: Record<string, unknown>;
  /** The list it is in, its type and its source columns. */
  key: string;
}

/** A removed or added property with the signature renames are recognised by; none without source columns. */
function sideOf(change: EvaluatedChange, root: unknown, path: Path | null): Side | undefined {
  const value = propertyAt(root, path);
  if (!value) return undefined;
  const sources = Array.isArray(value.transformSourceObjects) ? value.transformSourceObjects.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim()).sort() : [];
  if (sources.length === 0) return undefined;
  const type = [value.logicalType ?? null, typeof value.physicalType === 'string' ? value.physicalType.trim().toUpperCase() : (value.physicalType ?? null)];
  return { change, value, key: canonical([change.change.data?.stream, change.change.data?.at ?? [], type, sources]) };
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
