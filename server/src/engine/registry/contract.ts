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
 * The spelling of an id the registries store and compare: Unicode NFC, so that a composed `ä` and an `a`
 * followed by a combining diaeresis, which look the same, are one id and one folder.
 */
export function canonicalId(id: string): string {
  return id.normalize('NFC');
}

/** Characters that show nothing or reorder what follows: format characters (zero-width, bidi controls, BOM) and the other default-ignorables. */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const CONTROL = /[\p{Cc}]/u;
const SEPARATOR = /[\p{Zl}\p{Zp}]/u;
/** Spaces other than the plain space look like it (no-break, em, ideographic space). */
const OTHER_SPACE = /[^\P{Zs} ]/u;
const SURROGATE = /\p{Cs}/u;

/**
 * Why a contract id cannot name a registry folder, or null when it can. The folder registry stores every
 * version under `<root>/<id>/`, so an id must be one plain file name on every platform the team uses, and
 * two ids that look the same must be the same id (after `canonicalId`) or one of them is refused here.
 */
export function unsafeIdReason(rawId: string): string | null {
  const id = canonicalId(rawId);
  if (id.length === 0) return 'it is empty';
  if (id.length > MAX_ID_LENGTH) return `it is longer than ${MAX_ID_LENGTH} characters`;
  if (id === '.' || id === '..') return 'it names a folder itself';
  if (/[/\\]/.test(id)) return 'it contains a path separator';
  const control = CONTROL.exec(id);
  if (control) return `it contains a control character (${codePoint(control[0])})`;
  const separator = SEPARATOR.exec(id);
  if (separator) return `it contains a line or paragraph separator (${codePoint(separator[0])})`;
  const invisible = INVISIBLE.exec(id);
  if (invisible) return `it contains an invisible or bidirectional formatting character (${codePoint(invisible[0])}), so it would look like another id`;
  const space = OTHER_SPACE.exec(id);
  if (space) return `it contains a space other than the plain space (${codePoint(space[0])}), so it would look like another id`;
  const surrogate = SURROGATE.exec(id);
  if (surrogate) return `it contains half of a surrogate pair (${codePoint(surrogate[0])}), which is not a character`;
  if (id.startsWith('.')) return 'it starts with a dot (a hidden file name)';
  if (/[<>:"|?*]/.test(id)) return 'it contains a character Windows does not allow in file names (< > : " | ? *)';
  if (/^\s|[\s.]$/.test(id)) return 'it starts with a space or ends with a space or a dot';
  if (RESERVED.test(id)) return 'it is a device name reserved by Windows';
  return null;
}

/**
 * Text from outside (a registry's answer, an id) made safe to print: control characters, line and paragraph
 * separators and invisible or bidirectional formatting characters become `\uXXXX` escapes, so that they can
 * neither move the cursor, colour a terminal nor reorder the rest of the line. Tabs and line feeds stay.
 */
export function escapeInvisible(text: string): string {
  return text.replace(/[^\P{Cc}\t\n]|[\p{Zl}\p{Zp}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]/gu, (c) => {
    const n = c.codePointAt(0)!;
    return n > 0xffff ? `\\u{${n.toString(16).toUpperCase()}}` : `\\u${n.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

/** An id as messages show it: quoted, with what cannot be seen escaped. */
export function showId(id: string): string {
  return escapeInvisible(JSON.stringify(id));
}

function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
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
  if (typeof id !== 'string' || canonicalId(id) !== canonicalId(contractId)) return `it holds contract id ${describe(id)}, not ${showId(contractId)}`;
  if (inside !== version) return `it holds version ${describe(inside)}, not ${JSON.stringify(version)}`;
  return null;
}

function describe(value: unknown): string {
  return value === undefined ? 'none' : escapeInvisible(JSON.stringify(value));
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
