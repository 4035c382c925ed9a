// Talks to a Confluent-compatible Schema Registry over HTTP: requests with credentials, a time limit and a size limit, and failures turned into readable, credential-free messages.
import { escapeInvisible } from '../../engine/registry/contract';

export type ConfluentAuth = { username: string; password: string } | { token: string };

export interface HttpOptions {
  url: string;
  auth?: ConfluentAuth;
  /** Extra headers some deployments need (Confluent Cloud's `target-sr-cluster` with bearer tokens). */
  headers?: Record<string, string>;
  /** How long one request may take, its answer read in full, before it is abandoned. */
  timeoutMs?: number;
  /** The largest answer read (default 4 MiB); a schema registry's answers are far smaller. */
  maxBodyBytes?: number;
  fetch?: typeof fetch;
  /** Where to look for credentials, said when the registry refuses them. */
  credentialsHint?: string;
}

export type HttpResult =
  | { ok: true; status: number; body: unknown }
  /**
   * `status` is absent when no answer came (network failure or time-out). `message` is the registry's own,
   * redacted and made printable. `problem` says what was wrong with an answer that came: a redirect (not
   * followed), a body too large, a body that did not arrive in time, or one that is not JSON.
   */
  | { ok: false; status?: number; errorCode?: number; message: string; network?: string; problem?: AnswerProblem; contentType?: string };

export type AnswerProblem = 'redirect' | 'too-large' | 'slow-body' | 'not-json';

export interface Failure {
  reason: 'refused' | 'unauthorized' | 'error';
  message: string;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** The longest piece of a registry's own words shown in a message. */
const MAX_SHOWN = 600;
/** How much of a (redacted) answer is turned into words: enough for any error page's text. */
const MAX_SCANNED = 64 * 1024;
export const DEFAULT_CREDENTIALS_HINT =
  'check the credentials: STREAMCONTRACT_REGISTRY_USER and STREAMCONTRACT_REGISTRY_PASSWORD (an API key and secret on Confluent Cloud) or STREAMCONTRACT_REGISTRY_TOKEN for the command line, the command "streamcontract: Set Schema Registry Credentials" in the editor';

/** Credentials from the environment: user and password when both are set, else a bearer token, else none. */
export function credentialsFromEnv(env: Record<string, string | undefined>): ConfluentAuth | undefined {
  const username = env.STREAMCONTRACT_REGISTRY_USER;
  const password = env.STREAMCONTRACT_REGISTRY_PASSWORD;
  if (username && password) return { username, password };
  const token = env.STREAMCONTRACT_REGISTRY_TOKEN;
  return token ? { token } : undefined;
}

const MEDIA_TYPE = 'application/vnd.schemaregistry.v1+json';

export class RegistryHttp {
  /** The URL without credentials or trailing slash: safe to show. */
  readonly baseUrl: string;
  /** Why the URL cannot be used, if it cannot. */
  readonly urlProblem: string | null = null;
  private readonly auth?: ConfluentAuth;
  private readonly secrets: string[];

  constructor(private readonly options: HttpOptions) {
    let auth = options.auth;
    let base = options.url.trim();
    // the credentials as the URL spells them (percent-encoded), which a server may echo back as they are
    const urlUserInfo = /^[a-z][a-z0-9+.-]*:\/\/([^/@]*)@/i.exec(base)?.[1];
    try {
      const url = new URL(base);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
      // fetch refuses URLs with credentials; they are taken out so that they are never shown either
      if (url.username || url.password) {
        if (!auth) auth = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
        url.username = '';
        url.password = '';
      }
      base = url.toString();
    } catch {
      this.urlProblem = `The schema registry URL ${JSON.stringify(stripCredentials(base))} is not an http(s) URL.`;
      base = stripCredentials(base);
    }
    let end = base.length;
    while (end > 0 && base.charCodeAt(end - 1) === 47 /* / */) end--;
    this.baseUrl = base.slice(0, end);
    this.auth = auth;
    this.secrets = secretsOf(auth, urlUserInfo);
  }

  get hasCredentials(): boolean {
    return this.auth !== undefined;
  }

  /**
   * One request. Never throws: every failure is a result. The time limit covers the whole exchange, the
   * answer read in full; the answer is read as a stream and abandoned beyond `maxBodyBytes`. Redirects are
   * not followed: the credentials go to the configured address and nowhere else.
   */
  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<HttpResult> {
    if (this.urlProblem) return { ok: false, message: this.urlProblem, network: 'EINVALIDURL' };
    const headers: Record<string, string> = { Accept: `${MEDIA_TYPE}, application/json`, ...this.options.headers };
    if (body !== undefined) headers['Content-Type'] = MEDIA_TYPE;
    if (this.auth) headers.Authorization = 'token' in this.auth ? `Bearer ${this.auth.token}` : `Basic ${basic(this.auth)}`;
    const controller = new AbortController();
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const limit = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number | undefined;
    try {
      const response = await (this.options.fetch ?? fetch)(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        redirect: 'manual',
      });
      status = response.status;
      const contentType = this.clean(response.headers.get('content-type') ?? '');
      if (status >= 300 && status < 400) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        return { ok: false, status, problem: 'redirect', contentType, message: location ? this.clean(stripCredentials(absolute(location, this.baseUrl + path))) : '' };
      }
      const text = await readLimited(response, limit, controller.signal);
      if (text === undefined) return { ok: false, status, problem: 'too-large', contentType, message: `the answer is larger than ${formatBytes(limit)}` };
      const parsed = parseJson(text, contentType);
      if (parsed === NOT_JSON) return { ok: false, status, problem: 'not-json', contentType, message: this.clean(text, true) };
      if (response.ok) return { ok: true, status, body: parsed };
      const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
      const errorCode = typeof record.error_code === 'number' ? record.error_code : undefined;
      return { ok: false, status, errorCode, message: this.clean(typeof record.message === 'string' ? record.message : '') };
    } catch (err) {
      const seconds = Math.round(timeoutMs / 100) / 10;
      if (controller.signal.aborted && status !== undefined) return { ok: false, status, problem: 'slow-body', message: `the answer did not arrive in full within ${seconds} s` };
      if (controller.signal.aborted) return { ok: false, message: `no answer within ${seconds} s`, network: 'ETIMEDOUT' };
      const code = networkCode(err);
      return { ok: false, message: this.clean(NETWORK[code] ?? `the request failed (${code})`), network: code };
    } finally {
      clearTimeout(timer);
    }
  }

  /** What a failed request means for the user, with the registry's own words where it gave some. */
  describe(result: Extract<HttpResult, { ok: false }>, action: string): Failure {
    const where = `the schema registry at ${this.baseUrl}`;
    const said = result.message ? `: ${result.message}` : '';
    const coded = result.errorCode !== undefined ? `, error ${result.errorCode}` : '';
    if (result.network === 'EINVALIDURL') return { reason: 'error', message: result.message };
    if (result.status === undefined) return { reason: 'error', message: `Could not ${action}: ${where} could not be reached (${result.message}). Check the URL and that the registry is running.` };
    const answered = `${where} answered HTTP ${result.status}`;
    if (result.problem === 'redirect') {
      const to = result.message ? ` to ${result.message}` : ' without saying where to';
      return { reason: 'error', message: `Could not ${action}: ${answered}, a redirect${to}. Redirects are not followed, so that the credentials never go to another address: set the registry URL to the address the registry is served at.` };
    }
    if (result.problem === 'too-large') return { reason: 'error', message: `Could not ${action}: ${answered} and ${result.message}, more than a schema registry answers; is the URL that of a schema registry's REST API?` };
    if (result.problem === 'slow-body') return { reason: 'error', message: `Could not ${action}: ${answered} but ${result.message}. Try again; if it persists, check the network between here and the registry.` };
    const empty = result.message ? '' : 'empty ';
    const kind = result.contentType ? `an ${empty}answer of type ${result.contentType}` : `an ${empty}answer without a content type`;
    const notJson = result.problem === 'not-json' ? `, ${kind} instead of the registry's JSON` : '';
    if (result.problem === 'not-json' && result.status < 300) {
      return { reason: 'error', message: `Could not ${action}: ${answered} with ${kind} instead of the registry's JSON${said}. Is the URL that of a schema registry's REST API, and not of a web page or a proxy's login?` };
    }
    const hint = this.options.credentialsHint ?? DEFAULT_CREDENTIALS_HINT;
    switch (result.status) {
      case 401:
        return { reason: 'unauthorized', message: `Could not ${action}: ${where} ${this.auth ? 'did not accept the credentials' : 'requires credentials and none are set'} (HTTP 401). To fix, ${hint}.` };
      case 403:
        return { reason: 'unauthorized', message: `Could not ${action}: the credentials are not allowed to do this on ${where} (HTTP 403${notJson}${said}). To fix, ${hint}, and that they have access to the subject.` };
      case 409:
        return { reason: 'refused', message: `The registry refuses to ${action}: the schema is incompatible with the registered ones (HTTP 409${coded}${notJson}${said}).` };
      case 422: {
        const what = UNPROCESSABLE[result.errorCode ?? 0] ?? 'it cannot process the request';
        // 42210 covers every fault of a rule set; only a registry that says rule sets are not available to it needs the hint
        const edition = result.errorCode === 42210 && RULES_UNAVAILABLE.test(result.message) ? ` ${RULE_SETS_NEED}` : '';
        return { reason: 'refused', message: `The registry refuses to ${action}: ${what} (HTTP 422${coded}${notJson}${said}).${edition}` };
      }
      case 404:
        return { reason: 'error', message: `Could not ${action}: ${NOT_FOUND[result.errorCode ?? 0] ?? `${where} has no such resource; is the URL that of a schema registry's REST API?`} (HTTP 404${coded}${notJson}${said}).` };
      case 429:
        return { reason: 'error', message: `Could not ${action}: ${where} is limiting the request rate (HTTP 429); try again in a moment.` };
    }
    if (result.status >= 500) {
      const what = SERVER[result.errorCode ?? 0] ?? (result.problem === 'not-json' ? 'the registry, or a proxy or gateway in front of it, failed' : 'the registry failed');
      return { reason: 'error', message: `Could not ${action}: ${what} (HTTP ${result.status}${coded}${notJson}${said}). Try again; if it persists, the registry's logs say more.` };
    }
    return { reason: 'error', message: `Could not ${action}: ${where} answered HTTP ${result.status}${coded}${notJson}${said}.` };
  }

  /** Takes every credential out of text that is about to be shown or logged. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }

  /**
   * The registry's own words made fit to show: credentials out first, over the whole text (so that no cut
   * can leave half of one), then markup (for an error page) and invisible or control characters escaped,
   * whitespace folded, credentials out again (folding may have joined one), and only then shortened.
   */
  clean(raw: string, markup = false): string {
    let text = this.redact(raw);
    if (markup) text = text.slice(0, MAX_SCANNED).replace(/<[^<>]*>/g, ' ');
    // a line break is whitespace; a lone carriage return (which rewrites a terminal line) is escaped
    text = this.redact(escapeInvisible(text.replace(/\r\n/g, '\n')).replace(/\s+/g, ' ').trim());
    if (text.length <= MAX_SHOWN) return text;
    // never end on the first half of a surrogate pair
    const cut = /[\ud800-\udbff]/.test(text[MAX_SHOWN - 1]) ? MAX_SHOWN - 1 : MAX_SHOWN;
    return `${text.slice(0, cut)}…`;
  }
}

const UNPROCESSABLE: Record<number, string> = {
  42201: 'the schema derived from the stream is not valid',
  42202: 'the version is not valid',
  42203: 'the compatibility level is not valid',
  42205: 'the operation is not permitted',
  42208: 'the subject name is not valid',
  42209: 'the schema is too large',
  42210: 'the rule set (the migration rules) is not valid',
};

/** How registries without data-contract support word a refused rule set (a missing licence, an edition or package that lacks it). */
const RULES_UNAVAILABLE = /enterprise|licen[cs]e|advanced|not (?:supported|enabled|available|allowed)|unsupported|disabled/i;
const RULE_SETS_NEED = 'Rule sets (data contracts) need Confluent Enterprise, or the Stream Governance Advanced package on Confluent Cloud.';

const NOT_FOUND: Record<number, string> = {
  40401: 'the subject does not exist',
  40402: 'the version does not exist',
  40403: 'the schema does not exist',
};

const SERVER: Record<number, string> = {
  50001: 'the registry could not store the schema',
  50002: 'the registry timed out',
  50003: 'the registry could not forward the request to its primary',
};

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the host name is unknown',
  EAI_AGAIN: 'the host name could not be resolved',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed',
  CERT_HAS_EXPIRED: "the registry's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the registry's TLS certificate is self-signed (set NODE_EXTRA_CA_CERTS to trust it)",
  SELF_SIGNED_CERT_IN_CHAIN: "the registry's TLS certificate is not trusted (set NODE_EXTRA_CA_CERTS to trust its authority)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the registry's TLS certificate is not trusted (set NODE_EXTRA_CA_CERTS to trust its authority)",
  ERR_TLS_CERT_ALTNAME_INVALID: "the registry's TLS certificate does not name this host",
};

/** fetch wraps the socket error: the code is on the error or on its cause. */
function networkCode(err: unknown): string {
  for (let e = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return err instanceof Error && err.message ? err.message : 'unknown error';
}

/** Where a redirect leads, as an absolute URL when it can be read as one. */
function absolute(location: string, base: string): string {
  try {
    return new URL(location, base).toString();
  } catch {
    return location;
  }
}

function basic(auth: { username: string; password: string }): string {
  return Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
}

function stripCredentials(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//');
}

/**
 * Every form in which a credential may come back in a server's text: the password, the token, `user:password`
 * and its Base64 (the Authorization header), and the percent-encoded forms a URL holds. Longest first, so that
 * a form that contains another is replaced whole.
 */
function secretsOf(auth: ConfluentAuth | undefined, urlUserInfo: string | undefined): string[] {
  const secrets: string[] = [];
  if (auth && 'token' in auth) secrets.push(auth.token);
  if (auth && 'password' in auth) {
    const encoded = `${encodeURIComponent(auth.username)}:${encodeURIComponent(auth.password)}`;
    secrets.push(auth.password, `${auth.username}:${auth.password}`, basic(auth), encodeURIComponent(auth.password), encoded, lowerHex(encoded));
  }
  if (urlUserInfo) secrets.push(urlUserInfo, ...urlUserInfo.split(':').slice(1));
  // a secret of one or two characters cannot be told from ordinary text
  return [...new Set(secrets)].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
}

function lowerHex(encoded: string): string {
  return encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
}

const NOT_JSON = Symbol('not JSON');

/** The parsed answer, or NOT_JSON for an empty body, a body that does not parse, or one that says it is something else (an HTML page). */
function parseJson(text: string, contentType: string): unknown {
  if (!text.trim()) return NOT_JSON;
  if (contentType && !/json/i.test(contentType)) return NOT_JSON;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** The body as text, read chunk by chunk, or undefined once it grows beyond `limit` bytes (the rest is never read). */
async function readLimited(response: Response, limit: number, signal: AbortSignal): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  // a stream that trickles must not outlive the time limit, whether or not the fetch implementation ends it on abort
  const aborted = new Promise<never>((_, reject) => {
    const stop = () => reject(new Error('aborted'));
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
  aborted.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        void reader.cancel().catch(() => undefined);
        return undefined;
      }
      chunks.push(value);
    }
  } catch (err) {
    void reader.cancel().catch(() => undefined);
    throw err;
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}
