// The shared-registry backend: registers each stream's schema (JSON Schema or Avro, as its topic is written) with a Confluent-compatible Schema Registry, with the contract as metadata.
import { compareBuild, major } from 'semver';
import { canonicalId, isExactSemver, ownerOf, registeredTextProblem, showId, unsafeIdReason } from '../../engine/registry/contract';
import { ContentModel } from '../../engine/registry/jsonSchema';
import { migrationRules, MigrationRule } from '../../engine/registry/migration';
import { deriveRegistrations, StreamRegistration } from '../../engine/registry/streamSchemas';
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
  /** The most versions read per subject (the newest ones); a listing that stops there says it is incomplete. */
  maxVersionsPerSubject?: number;
  /** The most subjects searched when a listing is not given the contract's topics. */
  maxSubjects?: number;
}

export const DEFAULT_MAX_VERSIONS_PER_SUBJECT = 100;
export const DEFAULT_MAX_SUBJECTS = 1000;

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

/** `truncated`: what was left unread because of the limits on subjects and versions. */
type Scan = { ok: true; entries: Entry[]; truncated: string[] } | { ok: false; reason: 'unauthorized' | 'error' | 'refused'; message: string };

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
   * contract (one request per subject, then one per version of the contract's subjects). At most
   * `maxSubjects` subjects and the newest `maxVersionsPerSubject` versions of each are read; a listing that
   * stops there is `incomplete` and says what was left unread. A version whose
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
    if (scan.truncated.length) {
      const message = scan.truncated.join(' ');
      problems.push({ location: this.http.baseUrl, message });
      return { ...this.versionsOf(scan.entries, contractId, problems), incomplete: { reason: 'truncated', message } };
    }
    return this.versionsOf(scan.entries, contractId, problems);
  }

  /** The contract's versions from its schema versions: one contract version may span several subjects, which must agree on its text. */
  private versionsOf(entries: Entry[], contractId: string, problems: RegistryProblem[]): RegistryListing {
    const versions: RegisteredVersion[] = [];
    const byVersion = new Map<string, Entry[]>();
    for (const entry of entries) byVersion.set(entry.contractVersion, [...(byVersion.get(entry.contractVersion) ?? []), entry]);
    for (const [version, entries] of byVersion) {
      const where = this.location(entries[0]);
      const texts = new Set(entries.map((e) => e.text).filter((t): t is string => t !== undefined));
      const shown = this.http.clean(version);
      const problem = (message: string) => problems.push({ location: where, message: `Version ${shown} of ${contractId} is ignored: ${message}.` });
      if (!isExactSemver(version)) problem(`\`${shown}\` (metadata ${META.version} of ${this.http.clean(entries[0].subject)}) is not a semantic version`);
      else if (texts.size === 0) problem(`its schema versions (${entries.map((e) => `${this.http.clean(e.subject)} ${e.number}`).join(', ')}) carry no contract text (metadata ${META.text}), so it cannot be compared with`);
      else if (texts.size > 1) problem(`its schema versions carry different contract texts (${entries.map((e) => `${this.http.clean(e.subject)} ${e.number}`).join(', ')})`);
      else {
        const text = [...texts][0];
        const wrong = registeredTextProblem(text, contractId, version);
        if (wrong) problem(`its contract text ${this.http.clean(wrong)}`);
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
    const fail = (reason: 'exists' | 'unsafe-id' | 'refused' | 'unauthorized' | 'error', message: string, details: string[] = []): PublishOutcome & { ok: false } => ({ ok: false, reason, message: this.http.redact(message), details: details.map((d) => this.http.redact(d)) });
    // the folder copy follows this registration, so an id the folder registry refuses is refused here first
    const unsafe = unsafeIdReason(contractId);
    if (unsafe) return fail('unsafe-id', `The contract id ${showId(contractId)} cannot be registered: ${unsafe}.`);
    if (!isExactSemver(version)) return fail('refused', `\`${version}\` is not a semantic version (MAJOR.MINOR.PATCH, such as 1.2.0); only semantic versions are registered.`);
    const wrong = registeredTextProblem(text, contractId, version);
    if (wrong) return fail('refused', `The text to register is not version ${version} of ${contractId}: ${wrong}.`);

    const derived = deriveRegistrations(request.value, { contentModel: this.options.contentModel, defaultMode: this.options.defaultMode });
    if (derived.refusals.length) {
      // for Avro, the columns the generated job could not write either; otherwise the format itself
      const n = derived.refusals.length;
      const what = derived.schemaType === 'AVRO' ? `its topics are Avro, and ${n === 1 ? 'a column' : `${n} columns`} of the Flink job cannot be written in Avro (${derived.refusals[0].replace(/\.$/, '')}${n > 1 ? '; all are listed below' : ''}). Nothing was registered.` : derived.refusals[0];
      return fail('refused', `Version ${version} of ${contractId} cannot be registered: ${what}`, derived.schemaType === 'AVRO' && n > 1 ? derived.refusals : []);
    }
    if (derived.streams.length === 0) return fail('refused', `Version ${version} of ${contractId} has no streams (schema entries with a name or physicalName), so there is no schema to register.`);
    const duplicate = derived.streams.find((s, i) => derived.streams.findIndex((o) => o.subject === s.subject) !== i);
    if (duplicate) return fail('refused', `Two streams publish to topic ${duplicate.topic}; each stream needs its own topic (subject ${duplicate.subject}).`);
    const details = [...derived.notes];

    const toMajor = major(version);
    const fromMajor = request.previousVersion && isExactSemver(request.previousVersion) ? major(request.previousVersion) : toMajor - 1;
    const majorBump = request.previousVersion !== null && fromMajor < toMajor;
    const plan = migrationRules(request.renames, fromMajor, toMajor);
    details.push(...plan.problems.map((p) => `Migration rule left out: ${p}.`));
    for (const topic of Object.keys(plan.rulesByTopic)) if (!derived.streams.some((s) => s.topic === topic)) details.push(`Migration rules for topic ${topic} are left out: the contract has no stream on that topic.`);

    const scan = await this.scan(derived.streams.map((s) => s.subject), contractId, false);
    if (!scan.ok) return fail(scan.reason, scan.message, details);
    details.push(...scan.truncated);
    const pending: StreamRegistration[] = [];
    for (const stream of derived.streams) {
      const same = scan.entries.filter((e) => e.subject === stream.subject && e.contractVersion === version);
      const other = same.find((e) => e.text !== text);
      if (other) return fail('exists', `Version ${version} of ${contractId} is registered already with a different text (${this.location(other)}), and a registered version is never changed. Publish the change as a new version.`, details);
      if (same.length === 0) pending.push(stream);
    }
    if (pending.length === 0) {
      // nothing to register; a publish to several registries goes on to the next (the folder copy may be missing)
      return { ...fail('exists', `Version ${version} of ${contractId} is registered already, with this text, in ${derived.streams.map((s) => s.subject).join(', ')}.`, details), sameText: true };
    }

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
      const verdict = (typeof result.body === 'object' && result.body !== null ? result.body : {}) as { is_compatible?: unknown; messages?: unknown };
      if (typeof verdict.is_compatible !== 'boolean') return fail('error', this.unexpected(`check the compatibility of ${stream.subject}`, 'a verdict without is_compatible'), details);
      if (verdict.is_compatible) continue;
      const messages = Array.isArray(verdict.messages) ? verdict.messages.slice(0, 50).map((m) => this.http.clean(typeof m === 'string' ? m : JSON.stringify(m) ?? '')) : [];
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
  private body(request: PublishRequest, stream: StreamRegistration, majorVersion: string, rules: MigrationRule[] | undefined): Record<string, unknown> {
    const properties: Record<string, string> = {
      [META.id]: canonicalId(request.contractId),
      [META.version]: request.version,
      [META.owner]: ownerOf(request.value),
      [META.major]: majorVersion,
      [META.text]: request.text,
    };
    const body: Record<string, unknown> = { schemaType: stream.schemaType, schema: stream.schema, metadata: { properties } };
    if (rules?.length) body.ruleSet = { migrationRules: rules };
    return body;
  }

  /** When the registry refuses, says how its settings differ from what the contract expects (best effort). */
  private async configHints(subject: string, mode: string, majorBump: boolean): Promise<string[]> {
    const result = await this.http.request('GET', `/config/${encodeURIComponent(subject)}?defaultToGlobal=true`);
    if (!result.ok || typeof result.body !== 'object' || result.body === null) return [];
    const config = result.body as { compatibilityLevel?: unknown; compatibility?: unknown; compatibilityGroup?: unknown };
    const level = this.http.clean(String(config.compatibilityLevel ?? config.compatibility ?? ''));
    const hints: string[] = [];
    if (level && level !== mode) hints.push(`  The subject checks ${level} compatibility while the contract declares ${mode}; set the subject's compatibility to ${mode} to check what the contract promises.`);
    if (majorBump && config.compatibilityGroup !== META.major) hints.push(`  A new major version is compared with the previous major's versions unless the subject's compatibilityGroup is ${META.major} (PUT /config/${subject} with {"compatibilityGroup": "${META.major}"}).`);
    return hints;
  }

  private failure(result: Extract<HttpResult, { ok: false }>, action: string): ['refused' | 'unauthorized' | 'error', string] {
    const failure = this.http.describe(result, action);
    return [failure.reason, failure.message];
  }

  /** An answer of the right kind (JSON) with the wrong shape: not a schema registry's API, or a broken one. */
  private unexpected(action: string, what: string): string {
    return `Could not ${action}: the schema registry at ${this.http.baseUrl} answered with ${what}, which a schema registry does not send; is the URL that of a schema registry's REST API?`;
  }

  private location(entry: Entry): string {
    return `${this.http.baseUrl}/subjects/${encodeURIComponent(entry.subject)}/versions/${entry.number}`;
  }

  /** Every `*-value` subject whose latest version belongs to the contract, then all of their versions. */
  private async scanAll(contractId: string): Promise<Scan> {
    const result = await this.http.request('GET', '/subjects');
    if (!result.ok) return this.scanFailure(result, 'list the subjects');
    if (!Array.isArray(result.body)) return { ok: false, reason: 'error', message: this.unexpected('list the subjects', 'something other than a list of subjects') };
    const subjects = result.body.filter((s): s is string => typeof s === 'string' && s.endsWith('-value'));
    const limit = this.options.maxSubjects ?? DEFAULT_MAX_SUBJECTS;
    const scan = await this.scan(subjects.slice(0, limit), contractId, true);
    if (scan.ok && subjects.length > limit) {
      scan.truncated.unshift(`The schema registry holds ${subjects.length} value subjects; only the first ${limit} were searched for versions of ${contractId}. Give the contract's topics to read only their subjects.`);
    }
    return scan;
  }

  /**
   * The schema versions of these subjects that belong to the contract. With `latestFirst`, a subject whose
   * latest version belongs to another contract (or to none) is passed over without reading its history.
   */
  private async scan(subjects: readonly string[], contractId: string, latestFirst: boolean): Promise<Scan> {
    const entries: Entry[] = [];
    const truncated: string[] = [];
    const maxVersions = this.options.maxVersionsPerSubject ?? DEFAULT_MAX_VERSIONS_PER_SUBJECT;
    let failed: Scan | undefined;
    await forEachLimited(subjects, this.options.concurrency ?? 4, async (subject) => {
      if (failed) return;
      const base = `/subjects/${encodeURIComponent(subject)}/versions`;
      // a subject named by the registry is its text too: shown escaped
      const shown = this.http.clean(subject);
      if (latestFirst) {
        const latest = await this.http.request('GET', `${base}/latest`);
        if (!latest.ok) {
          if (!isMissing(latest)) failed = this.scanFailure(latest, `read ${shown}`);
          return;
        }
        if (!sameId(metadataOf(latest.body)[META.id], contractId)) return;
      }
      const list = await this.http.request('GET', base);
      if (!list.ok) {
        if (!isMissing(list)) failed = this.scanFailure(list, `read the versions of ${shown}`);
        return;
      }
      if (!Array.isArray(list.body) || !list.body.every((n) => Number.isSafeInteger(n))) {
        failed = { ok: false, reason: 'error', message: this.unexpected(`read the versions of ${shown}`, 'something other than a list of version numbers') };
        return;
      }
      const all = (list.body as number[]).slice().sort((a, b) => a - b);
      // the newest versions are the ones a new version is compared with
      const numbers = all.slice(-maxVersions);
      if (all.length > numbers.length) truncated.push(`${shown} has ${all.length} versions; only the newest ${maxVersions} were read, so older versions of ${contractId} are not listed.`);
      // one subject's versions in turn: the subjects already run side by side, within the limit
      for (const number of numbers) {
        if (failed) return;
        const one = await this.http.request('GET', `${base}/${number}`);
        if (!one.ok) {
          // a version deleted between the two reads is simply gone
          if (isMissing(one)) continue;
          failed = this.scanFailure(one, `read ${shown} version ${number}`);
          return;
        }
        const meta = metadataOf(one.body);
        const contractVersion = meta[META.version];
        const text = meta[META.text];
        if (!sameId(meta[META.id], contractId) || typeof contractVersion !== 'string') continue;
        entries.push({ subject, number, contractVersion, text: typeof text === 'string' ? text : undefined });
      }
    });
    if (failed) return failed;
    entries.sort((a, b) => a.subject.localeCompare(b.subject) || a.number - b.number);
    return { ok: true, entries, truncated: truncated.map((t) => this.http.clean(t)) };
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

function sameId(stored: unknown, contractId: string): boolean {
  return typeof stored === 'string' && canonicalId(stored) === canonicalId(contractId);
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
