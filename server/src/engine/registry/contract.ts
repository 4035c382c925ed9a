// What the registries read from a contract: safe ids, semantic versions, streams and their topics, owner, mode, and a registered text's sanity.
import { valid as validSemver } from 'semver';
import { hasContent, parseYaml } from '../parse';
import { isRecord } from '../locate';
import { LineIndex } from '../lineIndex';

/** Longer ids make unwieldy folder names and subject metadata; no real contract id comes close. */
export const MAX_ID_LENGTH = 200;

/** Names Windows reserves for devices, with or without an extension; a folder by that name cannot be created there. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/**
 * Why a contract id cannot name a registry folder, or null when it can. The folder registry stores every
 * version under `<root>/<id>/`, so an id must be one plain file name on every platform the team uses.
 */
export function unsafeIdReason(id: string): string | null {
  if (id.length === 0) return 'it is empty';
  if (id.length > MAX_ID_LENGTH) return `it is longer than ${MAX_ID_LENGTH} characters`;
  if (id === '.' || id === '..') return 'it names a folder itself';
  if (/[/\\]/.test(id)) return 'it contains a path separator';
  if (/[\u0000-\u001f\u007f]/.test(id)) return 'it contains a control character';
  if (id.startsWith('.')) return 'it starts with a dot (a hidden file name)';
  if (/[<>:"|?*]/.test(id)) return 'it contains a character Windows does not allow in file names (< > : " | ? *)';
  if (/^\s|[\s.]$/.test(id)) return 'it starts with a space or ends with a space or a dot';
  if (RESERVED.test(id)) return 'it is a device name reserved by Windows';
  return null;
}

/** A version is registered under its exact semantic version (`1.2.0`, not `v1.2.0` or `1.2`). */
export function isExactSemver(version: string): boolean {
  return validSemver(version) === version;
}

export interface StreamInfo {
  /** Where the stream sits in `schema[]`. */
  index: number;
  /** The stream's `name` (falling back to its topic), as the contract calls it. */
  name: string;
  /** The Kafka topic: `physicalName`, else `name`. */
  topic: string;
  stream: Record<string, unknown>;
}

/** Every stream of the contract that has a topic; entries without one cannot be registered and are skipped. */
export function streamsOf(contract: Record<string, unknown>): StreamInfo[] {
  const schema = contract.schema;
  if (!Array.isArray(schema)) return [];
  return schema.flatMap((stream, index) => {
    if (!isRecord(stream)) return [];
    const topic = nonEmpty(stream.physicalName) ?? nonEmpty(stream.name);
    return topic ? [{ index, name: nonEmpty(stream.name) ?? topic, topic, stream }] : [];
  });
}

/** A payload field's name: `physicalName`, else `name`. */
export function fieldName(property: Record<string, unknown>): string | undefined {
  return nonEmpty(property.physicalName) ?? nonEmpty(property.name);
}

/** Who owns the contract: the team's name, else the team member whose role is owner, else ''. */
export function ownerOf(contract: Record<string, unknown>): string {
  const team = contract.team;
  if (isRecord(team) && nonEmpty(team.name)) return nonEmpty(team.name)!;
  // the older form of `team` is a plain list of members
  const members = isRecord(team) ? team.members : team;
  if (Array.isArray(members)) {
    const owner = members.find((m) => isRecord(m) && typeof m.role === 'string' && m.role.trim().toLowerCase() === 'owner');
    if (isRecord(owner)) return nonEmpty(owner.username) ?? nonEmpty(owner.name) ?? '';
  }
  return '';
}

/** The compatibility mode the contract declares (top-level `customProperties` entry `compatibility`), upper-cased. */
export function declaredMode(contract: Record<string, unknown>): string | undefined {
  const list = contract.customProperties;
  if (!Array.isArray(list)) return undefined;
  const entry = list.find((e) => isRecord(e) && e.property === 'compatibility');
  return isRecord(entry) && typeof entry.value === 'string' && entry.value.trim() ? entry.value.trim().toUpperCase() : undefined;
}

/**
 * Why a registered text cannot be used as version `version` of contract `contractId`, or null when it can.
 * A registry entry whose content disagrees with where it is filed would make every comparison against it a lie.
 */
export function registeredTextProblem(text: string, contractId: string, version: string): string | null {
  const parsed = parseYaml(text);
  const error = parsed.problems.find((p) => p.severity === 'error');
  if (error) {
    const { line, character } = new LineIndex(text).positionAt(error.span.start);
    return `it is not well-formed YAML (line ${line + 1}, column ${character + 1}: ${error.message.replace(/\.$/, '')})`;
  }
  if (!hasContent(text)) return 'it is empty';
  if (!parsed.analysable || !isRecord(parsed.value)) return 'it does not hold a contract (a YAML mapping with `id` and `version`)';
  const { id, version: inside } = parsed.value;
  if (id !== contractId) return `it holds contract id ${describe(id)}, not ${JSON.stringify(contractId)}`;
  if (inside !== version) return `it holds version ${describe(inside)}, not ${JSON.stringify(version)}`;
  return null;
}

function describe(value: unknown): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
