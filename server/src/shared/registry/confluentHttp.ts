// Talks to a Confluent-compatible Schema Registry over HTTP: requests with credentials and a time limit, and failures turned into readable, credential-free messages.

export type ConfluentAuth = { username: string; password: string } | { token: string };

export interface HttpOptions {
  url: string;
  auth?: ConfluentAuth;
  /** Extra headers some deployments need (Confluent Cloud's `target-sr-cluster` with bearer tokens). */
  headers?: Record<string, string>;
  /** How long one request may take before it is abandoned. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Where to look for credentials, said when the registry refuses them. */
  credentialsHint?: string;
}

export type HttpResult =
  | { ok: true; status: number; body: unknown }
  /** `status` is absent when no answer came (network failure or time-out). `message` is the registry's own, redacted. */
  | { ok: false; status?: number; errorCode?: number; message: string; network?: string };

export interface Failure {
  reason: 'refused' | 'unauthorized' | 'error';
  message: string;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
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
  private readonly secrets: string[] = [];

  constructor(private readonly options: HttpOptions) {
    let auth = options.auth;
    let base = options.url.trim();
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
    if (auth && 'token' in auth) this.secrets.push(auth.token);
    if (auth && 'password' in auth) this.secrets.push(auth.password, basic(auth));
    this.secrets = this.secrets.filter((s) => s.length >= 3);
  }

  get hasCredentials(): boolean {
    return this.auth !== undefined;
  }

  /** One request. Never throws: every failure is a result. */
  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<HttpResult> {
    if (this.urlProblem) return { ok: false, message: this.urlProblem, network: 'EINVALIDURL' };
    const headers: Record<string, string> = { Accept: `${MEDIA_TYPE}, application/json`, ...this.options.headers };
    if (body !== undefined) headers['Content-Type'] = MEDIA_TYPE;
    if (this.auth) headers.Authorization = 'token' in this.auth ? `Bearer ${this.auth.token}` : `Basic ${basic(this.auth)}`;
    const controller = new AbortController();
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await (this.options.fetch ?? fetch)(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        redirect: 'error',
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: a proxy's or load balancer's page; kept as text for the message
      }
      if (response.ok) return { ok: true, status: response.status, body: parsed };
      const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
      const errorCode = typeof record.error_code === 'number' ? record.error_code : undefined;
      const raw = typeof record.message === 'string' ? record.message : typeof parsed === 'string' ? parsed.replace(/<[^<>]*>/g, ' ') : '';
      return { ok: false, status: response.status, errorCode, message: this.redact(tidy(raw)) };
    } catch (err) {
      if (controller.signal.aborted) return { ok: false, message: `no answer within ${Math.round(timeoutMs / 100) / 10} s`, network: 'ETIMEDOUT' };
      const code = networkCode(err);
      return { ok: false, message: this.redact(NETWORK[code] ?? `the request failed (${code})`), network: code };
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
    const hint = this.options.credentialsHint ?? DEFAULT_CREDENTIALS_HINT;
    switch (result.status) {
      case 401:
        return { reason: 'unauthorized', message: `Could not ${action}: ${where} ${this.auth ? 'did not accept the credentials' : 'requires credentials and none are set'} (HTTP 401). To fix, ${hint}.` };
      case 403:
        return { reason: 'unauthorized', message: `Could not ${action}: the credentials are not allowed to do this on ${where} (HTTP 403${said}). To fix, ${hint}, and that they have access to the subject.` };
      case 409:
        return { reason: 'refused', message: `The registry refuses to ${action}: the schema is incompatible with the registered ones (HTTP 409${coded}${said}).` };
      case 422:
        return { reason: 'refused', message: `The registry refuses to ${action}: ${UNPROCESSABLE[result.errorCode ?? 0] ?? 'it cannot process the request'} (HTTP 422${coded}${said}).` };
      case 404:
        return { reason: 'error', message: `Could not ${action}: ${NOT_FOUND[result.errorCode ?? 0] ?? `${where} has no such resource; is the URL that of a schema registry's REST API?`} (HTTP 404${coded}${said}).` };
      case 429:
        return { reason: 'error', message: `Could not ${action}: ${where} is limiting the request rate (HTTP 429); try again in a moment.` };
    }
    if (result.status >= 500) {
      const what = SERVER[result.errorCode ?? 0] ?? 'the registry failed';
      return { reason: 'error', message: `Could not ${action}: ${what} (HTTP ${result.status}${coded}${said}). Try again; if it persists, the registry's logs say more.` };
    }
    return { reason: 'error', message: `Could not ${action}: ${where} answered HTTP ${result.status}${coded}${said}.` };
  }

  /** Takes every credential out of text that is about to be shown or logged. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }
}

const UNPROCESSABLE: Record<number, string> = {
  42201: 'the JSON Schema derived from the stream is not valid',
  42202: 'the version is not valid',
  42203: 'the compatibility level is not valid',
  42205: 'the operation is not permitted',
  42208: 'the subject name is not valid',
  42209: 'the schema is too large',
  42210: 'the migration rules are not valid (rule sets need Confluent Enterprise or the Stream Governance Advanced package)',
};

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

function basic(auth: { username: string; password: string }): string {
  return Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
}

function stripCredentials(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//');
}

function tidy(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 600 ? `${flat.slice(0, 600)}…` : flat;
}
