// The publish gate: a contract is published only when `check` finds no error and its version is new and fits.
import { CheckResult } from './check';
import { renamesOf } from './diff';
import { changeInBrief, declaredBreakingChanges } from './majorVersions';

export interface PublishVerdict {
  ok: boolean;
  refusal?: string;
  /** When a version bump would make publishing possible. */
  bumpTo?: string;
  /** Renamed properties since the previous major version; `at` is the payload path of a nested one's object. */
  renames: { stream: string; topic: string; from: string; to: string; at?: string[] }[];
  previousVersion: string | null;
  summary: string;
  /**
   * The breaking changes a new major version declares (or, with `bumpTo` a major, would declare), in a few words each,
   * prefixed with their stream: "customers: `last_name` renamed to `surname`". Empty within a major version.
   */
  breaking: string[];
  /** The contract's own errors (not those about its version against the registry): fixing them comes first. */
  ownErrors: number;
}

/**
 * Whether a checked contract may be published. `checked` must come from `checkContract` with the registry and with
 * breaking changes as errors, as `streamcontract check` runs it: whatever `check` calls an error refuses publishing.
 */
export function publishVerdict(checked: CheckResult): PublishVerdict {
  const { analysis, evolution } = checked;
  const result = evolution?.result ?? null;
  const previousVersion = result?.compared[0]?.version ?? null;
  const changes = result?.changes ?? [];
  const renames = result?.relation === 'major-bump' ? renamesOf(changes.map((c) => c.change)) : [];
  const breaking = changes.filter((c) => c.breaking).length;
  const summary = !result || result.relation === 'first' ? 'first version of this contract' : `${changes.length} change(s) since ${previousVersion ?? 'the registered versions'}${breaking ? `, ${breaking} breaking under ${evolution!.mode}` : ''}`;
  const declared = result && (result.relation === 'major-bump' || result.breaking) ? declaredBreakingChanges(result) : [];
  const base = { renames, previousVersion, summary, ownErrors: 0, breaking: declared.map((c) => `${typeof c.data?.stream === 'string' ? c.data.stream : c.path.split('.')[0]}: ${changeInBrief(c)}`) };
  if (!analysis.facts.id) return { ok: false, refusal: 'The contract has no `id`: the registry files versions under it.', ...base };
  if (!evolution) return { ok: false, refusal: 'The contract could not be compared with its registered versions.', ...base };
  // the contract's own errors first; errors about its version against the registry come with a bump to offer
  const fromEvolution = new Set(evolution.problems);
  const errors = checked.problems.filter((p) => p.severity === 'error');
  const own = errors.filter((p) => !fromEvolution.has(p));
  if (own.length) return { ok: false, refusal: `The contract has ${own.length} error(s); fix them first (first: ${own[0].message})`, ...base, ownErrors: own.length };
  if (result?.relation === 'registered') return { ok: false, refusal: `Version ${result.currentVersion} is already registered with exactly this content.`, ...base };
  const blocking = result?.findings.filter((f) => f.severity === 'error') ?? [];
  if (blocking.length) {
    const bump = blocking.find((f) => f.suggestedVersion)?.suggestedVersion;
    return { ok: false, refusal: blocking.map((f) => f.message).join(' '), ...(bump ? { bumpTo: bump } : {}), ...base };
  }
  if (errors.length) return { ok: false, refusal: `The contract has ${errors.length} error(s) against its registered versions (first: ${errors[0].message})`, ...base };
  return { ok: true, ...base };
}
