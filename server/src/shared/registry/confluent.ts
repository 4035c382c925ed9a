// The shared-registry backend: registers each stream's JSON Schema with a Confluent-compatible Schema Registry, with the contract as metadata.
import { compareBuild, major } from 'semver';
import { isExactSemver, ownerOf, registeredTextProblem } from '../../engine/registry/contract';
import { ContentModel, deriveStreamSchemas, StreamSchema } from '../../engine/registry/jsonSchema';
import { migrationRules, MigrationRule } from '../../engine/registry/migration';
import { HttpOptions, HttpResult, RegistryHttp } from './confluentHttp';
import { ListOptions, PublishOutcome, PublishRequest, RegisteredVersion, Registry, RegistryListing, RegistryProblem } from './types';

export type { ConfluentAuth } from './confluentHttp';
export { credentialsFromEnv } from './confluentHttp';

export interface ConfluentOptions extends HttpOptions {
  /** `auto` (default): open under FORWARD, FULL and NONE, closed under BACKWARD; see `ContentModel`. */
  contentModel?: ContentModel | 'auto';
  /** The compatibility mode when the contract declares none (the workspace setting). */
  defaultMode?: string;
  /** Requests in flight at once while reading the registry. */
  concurrency?: number;
}

/**
 * Metadata properties of every registered schema version. The contract's text travels in `contract_yaml`:
 * a schema registry stores schemas, not contracts, and without the text a registered version could not be
 * compared with the next one. Keeping it there makes the registry the single source of truth a team shares
 * (no folder copy that may be missing or stale on another machine).
 */
export const META = { id: 'contract_id', version: 'contract_version', owner: 'owner', major: 'major_version', text: 'contract_yaml' } as const;

/** One registered schema version that belongs to a contract. */
interface Entry {
  subject: string;
  number: number;
  contractVersion: string;
  text?: string;
}

type Scan = { ok: true; entries: Entry[] } | { ok: false; reason: 'unauthorized' | 'error' | 'refused'; message: string };

export class ConfluentRegistry implements Registry {
  readonly description: string;
  private readonly http: RegistryHttp;

  constructor(private readonly options: ConfluentOptions) {
    this.http = new RegistryHttp(options);
    this.description = `the schema registry at ${this.http.baseUrl}`;
  }

  /**
   * The contract's registered versions, from the metadata of its subjects' schema versions. With `topics`
   * only those subjects are read; without, every `*-value` subject whose latest version belongs to the
   * contract (one request per subject, then one per version of the contract's subjects). A version whose
   * schema versions carry no contract text (registered by another tool, or by a registry that drops
   * metadata) cannot be compared with, so it is a problem rather than a version.
   */
  async list(contractId: string, options: ListOptions = {}): Promise<RegistryListing> {
    const versions: RegisteredVersion[] = [];
    const problems: RegistryProblem[] = [];
    const scan = options.topics ? await this.scan(options.topics.map((t) => `${t}-value`), contractId, false) : await this.scanAll(contractId);
    if (!scan.ok) {
      const reason = scan.reason === 'unauthorized' ? 'unauthorized' : 'error';
      return { versions, problems: [{ location: this.http.baseUrl, message: scan.message }], incomplete: { reason, message: scan.message } };
    }
    const byVersion = new Map<string, Entry[]>();
    for (const entry of scan.entries) byVersion.set(entry.contractVersion, [...(byVersion.get(entry.contractVersion) ?? []), entry]);
    for (const [version, entries] of byVersion) {
      const where = this.location(entries[0]);
      const texts = new Set(entries.map((e) => e.text).filter((t): t is string => t !== undefined));
      const problem = (message: string) => problems.push({ location: where, message: `Version ${version} of ${contractId} is ignored: ${message}.` });
      if (!isExactSemver(version)) problem(`\`${version}\` (metadata ${META.version} of ${entries[0].subject}) is not a semantic version`);
      else if (texts.size === 0) problem(`its schema versions (${entries.map((e) => `${e.subject} ${e.number}`).join(', ')}) carry no contract text (metadata ${META.text}), so it cannot be compared with`);
      else if (texts.size > 1) problem(`its schema versions carry different contract texts (${entries.map((e) => `${e.subject} ${e.number}`).join(', ')})`);
      else {
        const text = [...texts][0];
        const wrong = registeredTextProblem(text, contractId, version);
        if (wrong) problem(`its contract text ${wrong}`);
        else versions.push({ contractId, version, text, location: where });
      }
    }
    versions.sort((a, b) => compareBuild(a.version, b.version));
    return { versions, problems };
  }

  /**
   * Checks every stream's schema first and registers only when all pass, so that a refusal registers nothing.
   * A subject that holds this very version with this very text already is skipped: publishing again after
   * an interruption completes the version instead of failing. The same version with another text is a conflict.
   */
  async publish(request: PublishRequest): Promise<PublishOutcome> {
    const { contractId, version, text } = request;
    const fail = (reason: 'exists' | 'unsafe-id' | 'refused' | 'unauthorized' | 'error', message: string, details: string[] = []): PublishOutcome => ({ ok: false, reason, message: this.http.redact(message), details: details.map((d) => this.http.redact(d)) });
    if (!contractId.trim() || /[\u0000-\u001f\u007f]/.test(contractId)) return fail('unsafe-id', `The contract id ${JSON.stringify(contractId)} cannot be registered: it is empty or contains control characters.`);
    if (!isExactSemver(version)) return fail('refused', `\`${version}\` is not a semantic version (MAJOR.MINOR.PATCH, such as 1.2.0); only semantic versions are registered.`);
    const wrong = registeredTextProblem(text, contractId, version);
    if (wrong) return fail('refused', `The text to register is not version ${version} of ${contractId}: ${wrong}.`);

    const derived = deriveStreamSchemas(request.value, { contentModel: this.options.contentModel, defaultMode: this.options.defaultMode });
    if (derived.streams.length === 0) return fail('refused', `Version ${version} of ${contractId} has no streams (schema entries with a name or physicalName), so there is no schema to register.`);
    const duplicate = derived.streams.find((s, i) => derived.streams.findIndex((o) => o.subject === s.subject) !== i);
    if (duplicate) return fail('refused', `Two streams publish to topic ${duplicate.topic}; each stream needs its own topic (subject ${duplicate.subject}).`);
    const details = derived.notes.map((n) => `Not expressed in the JSON Schema: ${n}.`);

    const toMajor = major(version);
    const fromMajor = request.previousVersion && isExactSemver(request.previousVersion) ? major(request.previousVersion) : toMajor - 1;
    const majorBump = request.previousVersion !== null && fromMajor < toMajor;
    const plan = migrationRules(request.renames, fromMajor, toMajor);
    details.push(...plan.problems.map((p) => `Migration rule left out: ${p}.`));
    for (const topic of Object.keys(plan.rulesByTopic)) if (!derived.streams.some((s) => s.topic === topic)) details.push(`Migration rules for topic ${topic} are left out: the contract has no stream on that topic.`);

    const scan = await this.scan(derived.streams.map((s) => s.subject), contractId, false);
    if (!scan.ok) return fail(scan.reason, scan.message, details);
    const pending: StreamSchema[] = [];
    for (const stream of derived.streams) {
      const same = scan.entries.filter((e) => e.subject === stream.subject && e.contractVersion === version);
      const other = same.find((e) => e.text !== text);
      if (other) return fail('exists', `Version ${version} of ${contractId} is registered already with a different text (${this.location(other)}), and a registered version is never changed. Publish the change as a new version.`, details);
      if (same.length === 0) pending.push(stream);
    }
    if (pending.length === 0) return fail('exists', `Version ${version} of ${contractId} is registered already, with this text, in ${derived.streams.map((s) => s.subject).join(', ')}.`, details);

    const bodies = new Map(pending.map((s) => [s.subject, this.body(request, s, String(toMajor), plan.rulesByTopic[s.topic])]));
    const refusals: string[] = [];
    let refused = 0;
    for (const stream of pending) {
      // across a major bump the check must be the one registration makes (against the subject's versions, honouring
      // its compatibility group); otherwise the latest version is what the new one follows
      const path = `/compatibility/subjects/${encodeURIComponent(stream.subject)}/versions${majorBump ? '' : '/latest'}?verbose=true`;
      const result = await this.http.request('POST', path, bodies.get(stream.subject));
      if (!result.ok && isMissing(result)) continue; // first registration under this subject: nothing to be compatible with
      if (!result.ok) return fail(...this.failure(result, `check the compatibility of ${stream.subject}`), details);
      const verdict = result.body as { is_compatible?: unknown; messages?: unknown };
      if (verdict.is_compatible === true) continue;
      const messages = Array.isArray(verdict.messages) ? verdict.messages.map(String) : [];
      refused++;
      refusals.push(`${stream.subject} (stream ${stream.stream}) is incompatible with its registered schema${messages.length ? ':' : '.'}`, ...messages.map((m) => `  ${m}`));
      refusals.push(...(await this.configHints(stream.subject, derived.mode, majorBump)));
    }
    if (refusals.length) {
      return fail('refused', `The schema registry refuses version ${version} of ${contractId}: ${refused === 1 ? 'the new schema of a stream is incompatible with its registered one' : `the new schemas of ${refused} streams are incompatible with their registered ones`}. Nothing was registered.`, [...refusals, ...details]);
    }

    const registered: string[] = [];
    const done: string[] = [];
    for (const stream of pending) {
      const result = await this.http.request('POST', `/subjects/${encodeURIComponent(stream.subject)}/versions`, bodies.get(stream.subject));
      if (!result.ok) {
        const [reason, message] = this.failure(result, `register ${stream.subject}`);
        const partial = registered.length ? ` ${registered.join(', ')} ${registered.length === 1 ? 'was' : 'were'} registered already; publishing again registers the rest.` : '';
        return fail(reason, message + partial, details);
      }
      const answer = (result.body ?? {}) as { id?: unknown; version?: unknown };
      registered.push(stream.subject);
      done.push(`Registered ${stream.subject}${typeof answer.version === 'number' ? ` version ${answer.version}` : ''}${typeof answer.id === 'number' ? ` (schema id ${answer.id})` : ''}${plan.rulesByTopic[stream.topic] ? ' with migration rules' : ''}.`);
    }
    const skipped = derived.streams.length - pending.length;
    if (skipped) details.push(`${skipped} subject(s) held this version already and were left as they are.`);
    return { ok: true, location: `${this.http.baseUrl}/subjects/${encodeURIComponent(pending[0].subject)}/versions/latest`, details: [...done, ...details].map((d) => this.http.redact(d)) };
  }

  /** The request body for registration and for the compatibility check (the check must see the same metadata). */
  private body(request: PublishRequest, stream: StreamSchema, majorVersion: string, rules: MigrationRule[] | undefined): Record<string, unknown> {
    const properties: Record<string, string> = {
      [META.id]: request.contractId,
      [META.version]: request.version,
      [META.owner]: ownerOf(request.value),
      [META.major]: majorVersion,
      [META.text]: request.text,
    };
    const body: Record<string, unknown> = { schemaType: 'JSON', schema: JSON.stringify(stream.schema), metadata: { properties } };
    if (rules?.length) body.ruleSet = { migrationRules: rules };
    return body;
  }

  /** When the registry refuses, says how its settings differ from what the contract expects (best effort). */
  private async configHints(subject: string, mode: string, majorBump: boolean): Promise<string[]> {
    const result = await this.http.request('GET', `/config/${encodeURIComponent(subject)}?defaultToGlobal=true`);
    if (!result.ok || typeof result.body !== 'object' || result.body === null) return [];
    const config = result.body as { compatibilityLevel?: unknown; compatibility?: unknown; compatibilityGroup?: unknown };
    const level = String(config.compatibilityLevel ?? config.compatibility ?? '');
    const hints: string[] = [];
    if (level && level !== mode) hints.push(`  The subject checks ${level} compatibility while the contract declares ${mode}; set the subject's compatibility to ${mode} to check what the contract promises.`);
    if (majorBump && config.compatibilityGroup !== META.major) hints.push(`  A new major version is compared with the previous major's versions unless the subject's compatibilityGroup is ${META.major} (PUT /config/${subject} with {"compatibilityGroup": "${META.major}"}).`);
    return hints;
  }

  private failure(result: Extract<HttpResult, { ok: false }>, action: string): ['refused' | 'unauthorized' | 'error', string] {
    const failure = this.http.describe(result, action);
    return [failure.reason, failure.message];
  }

  private location(entry: Entry): string {
    return `${this.http.baseUrl}/subjects/${encodeURIComponent(entry.subject)}/versions/${entry.number}`;
  }

  /** Every `*-value` subject whose latest version belongs to the contract, then all of their versions. */
  private async scanAll(contractId: string): Promise<Scan> {
    const result = await this.http.request('GET', '/subjects');
    if (!result.ok) return this.scanFailure(result, 'list the subjects');
    const subjects = Array.isArray(result.body) ? result.body.filter((s): s is string => typeof s === 'string' && s.endsWith('-value')) : [];
    return this.scan(subjects, contractId, true);
  }

  /**
   * The schema versions of these subjects that belong to the contract. With `latestFirst`, a subject whose
   * latest version belongs to another contract (or to none) is passed over without reading its history.
   */
  private async scan(subjects: readonly string[], contractId: string, latestFirst: boolean): Promise<Scan> {
    const entries: Entry[] = [];
    let failed: Scan | undefined;
    await forEachLimited(subjects, this.options.concurrency ?? 4, async (subject) => {
      if (failed) return;
      const base = `/subjects/${encodeURIComponent(subject)}/versions`;
      if (latestFirst) {
        const latest = await this.http.request('GET', `${base}/latest`);
        if (!latest.ok) {
          if (!isMissing(latest)) failed = this.scanFailure(latest, `read ${subject}`);
          return;
        }
        if (metadataOf(latest.body)[META.id] !== contractId) return;
      }
      const list = await this.http.request('GET', base);
      if (!list.ok) {
        if (!isMissing(list)) failed = this.scanFailure(list, `read the versions of ${subject}`);
        return;
      }
      const numbers = Array.isArray(list.body) ? list.body.filter((n): n is number => typeof n === 'number') : [];
      // one subject's versions in turn: the subjects already run side by side, within the limit
      for (const number of numbers) {
        if (failed) return;
        const one = await this.http.request('GET', `${base}/${number}`);
        if (!one.ok) {
          // a version deleted between the two reads is simply gone
          if (isMissing(one)) continue;
          failed = this.scanFailure(one, `read ${subject} version ${number}`);
          return;
        }
        const meta = metadataOf(one.body);
        const contractVersion = meta[META.version];
        const text = meta[META.text];
        if (meta[META.id] !== contractId || typeof contractVersion !== 'string') continue;
        entries.push({ subject, number, contractVersion, text: typeof text === 'string' ? text : undefined });
      }
    });
    if (failed) return failed;
    entries.sort((a, b) => a.subject.localeCompare(b.subject) || a.number - b.number);
    return { ok: true, entries };
  }

  private scanFailure(result: Extract<HttpResult, { ok: false }>, action: string): Scan {
    const [reason, message] = this.failure(result, action);
    return { ok: false, reason, message };
  }
}

/**
 * The registry's own "no such subject / version" (40401, 40402). A bare 404 is something else: a URL that
 * does not lead to a schema registry's API, which must not pass for "nothing registered yet".
 */
function isMissing(result: Extract<HttpResult, { ok: false }>): boolean {
  return result.status === 404 && (result.errorCode === 40401 || result.errorCode === 40402);
}

function metadataOf(body: unknown): Record<string, unknown> {
  const metadata = typeof body === 'object' && body !== null ? (body as { metadata?: { properties?: unknown } }).metadata : undefined;
  const properties = metadata?.properties;
  return typeof properties === 'object' && properties !== null ? (properties as Record<string, unknown>) : {};
}

/** Runs `task` over the items with at most `limit` at once: bounded load on a shared registry. */
async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
