// A local stand-in for a Confluent Schema Registry (node:http on 127.0.0.1): the documented endpoints and error bodies, recording every request, and the misbehaving answers of proxies and broken servers.
import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import * as avro from 'avsc';

export interface Recorded {
  method: string;
  /** Path and query, as sent. */
  url: string;
  authorization?: string;
  contentType?: string;
  body?: unknown;
}

export interface StoredVersion {
  id: number;
  version: number;
  schemaType: string;
  schema: string;
  metadata?: { properties?: Record<string, string> };
  ruleSet?: unknown;
}

export type Reply = { status: number; body: unknown };

/** Answers no well-behaved registry gives, for the tests of limits, redirects and what is shown of an answer. */
export type Misbehaviour =
  /** A 200 answer of `bytes` bytes, sent as fast as it is read; `declareLength` sends Content-Length first. */
  | { mode: 'huge-body'; bytes: number; declareLength?: boolean }
  /** An answer of `<` characters (an HTML page that never ends), `chunk` bytes every `everyMs` ms. */
  | { mode: 'trickle'; status: number; bytes: number; chunk: number; everyMs: number }
  | { mode: 'redirect'; status: 301 | 302 | 303 | 307 | 308; location: string }
  /** A proxy's or load balancer's HTML page (nginx's 502 page unless `html` is given), or `<` repeated `bytes` times. */
  | { mode: 'html-page'; status: number; html?: string; bytes?: number }
  | { mode: 'empty'; status: number; contentType?: string }
  /**
   * An error whose message echoes the credentials the request carried (the decoded user:password of basic
   * auth, the password, or the bearer token) after `before`, which places them where a message is cut.
   */
  | { mode: 'echo-secret'; status: number; before: string; after?: string };

export class FakeSchemaRegistry {
  readonly requests: Recorded[] = [];
  readonly subjects = new Map<string, StoredVersion[]>();
  /** Consulted first, in order: a reply here replaces the normal handling (errors, refusals, misbehaviour). */
  readonly overrides: ((request: Recorded) => Reply | Misbehaviour | 'hang' | undefined)[] = [];
  /** Bytes of misbehaving answers actually sent: a client that stops reading keeps this far below what was offered. */
  bytesSent = 0;
  /** The verdict of the compatibility endpoints for an existing subject. */
  compatibility: (subject: string, body: Record<string, unknown>) => { is_compatible: boolean; messages?: string[] } = () => ({ is_compatible: true, messages: [] });
  config: Record<string, unknown> = { compatibilityLevel: 'BACKWARD' };
  /**
   * Set: rule sets are refused with this message (error 42210), as by a registry without data-contract support. How
   * such a registry words it varies by edition; tests choose the wording.
   */
  ruleSetsUnavailable?: string;
  /** Expected `Authorization` header; requests without it get 401. */
  authorization?: string;
  url = '';
  private server?: Server;
  private nextId = 1;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Stores a version as another tool (or an earlier publish) would have registered it. */
  seed(subject: string, schema: unknown, properties?: Record<string, string>): StoredVersion {
    const list = this.subjects.get(subject) ?? [];
    const stored: StoredVersion = { id: this.nextId++, version: list.length + 1, schemaType: 'JSON', schema: JSON.stringify(schema), metadata: properties ? { properties } : undefined };
    list.push(stored);
    this.subjects.set(subject, list);
    return stored;
  }

  paths(): string[] {
    return this.requests.map((r) => `${r.method} ${r.url}`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const recorded: Recorded = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'] };
    if (raw) recorded.body = JSON.parse(raw);
    this.requests.push(recorded);
    const reply = this.reply(recorded);
    if (reply === 'hang') return; // never answers: for time-outs
    if ('mode' in reply) return this.misbehave(reply, recorded, res);
    res.writeHead(reply.status, { 'Content-Type': 'application/vnd.schemaregistry.v1+json' });
    res.end(JSON.stringify(reply.body));
  }

  private async misbehave(answer: Misbehaviour, request: Recorded, res: ServerResponse): Promise<void> {
    let closed = false;
    res.on('close', () => (closed = true));
    const send = async (chunk: Buffer) => {
      this.bytesSent += chunk.length;
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    };
    switch (answer.mode) {
      case 'huge-body': {
        res.writeHead(200, { 'Content-Type': 'application/json', ...(answer.declareLength ? { 'Content-Length': String(answer.bytes) } : {}) });
        const block = Buffer.alloc(64 * 1024, ' ');
        for (let sent = 0; sent < answer.bytes && !closed; sent += block.length) await send(block.subarray(0, Math.min(block.length, answer.bytes - sent)));
        return void res.end();
      }
      case 'trickle': {
        res.writeHead(answer.status, { 'Content-Type': 'text/html' });
        for (let sent = 0; sent < answer.bytes && !closed; sent += answer.chunk) {
          await send(Buffer.alloc(answer.chunk, '<'));
          await new Promise((resolve) => setTimeout(resolve, answer.everyMs));
        }
        return void res.end();
      }
      case 'redirect':
        res.writeHead(answer.status, { Location: answer.location, 'Content-Type': 'text/html' });
        return void res.end(`<a href="${answer.location}">Moved</a>`);
      case 'html-page': {
        const html = answer.bytes ? '<'.repeat(answer.bytes) : (answer.html ?? '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n');
        res.writeHead(answer.status, { 'Content-Type': 'text/html' });
        return void res.end(html);
      }
      case 'empty':
        res.writeHead(answer.status, answer.contentType ? { 'Content-Type': answer.contentType } : {});
        return void res.end();
      case 'echo-secret': {
        const header = request.authorization ?? '';
        const echoed = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : header.replace(/^Bearer /, '');
        const password = echoed.includes(':') ? echoed.slice(echoed.indexOf(':') + 1) : echoed;
        const message = `${answer.before}${password} (credentials ${echoed}, header ${header})${answer.after ?? ''}`;
        res.writeHead(answer.status, { 'Content-Type': 'application/vnd.schemaregistry.v1+json' });
        return void res.end(JSON.stringify({ error_code: answer.status * 100 + 1, message }));
      }
    }
  }

  private reply(request: Recorded): Reply | Misbehaviour | 'hang' {
    for (const override of this.overrides) {
      const reply = override(request);
      if (reply) return reply;
    }
    if (this.authorization && request.authorization !== this.authorization) return error(401, 40101, 'Unauthorized');
    const url = new URL(request.url, 'http://registry');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { method } = request;

    if (method === 'GET' && parts.length === 1 && parts[0] === 'subjects') return ok([...this.subjects.keys()]);
    if (parts[0] === 'subjects' && parts[2] === 'versions') {
      const subject = parts[1];
      const list = this.subjects.get(subject);
      if (method === 'POST' && parts.length === 3) return this.register(subject, body);
      if (!list) return error(404, 40401, `Subject '${subject}' not found.`);
      if (method === 'GET' && parts.length === 3) return ok(list.map((v) => v.version));
      if (method === 'GET' && parts.length === 4) {
        const found = parts[3] === 'latest' ? list[list.length - 1] : list.find((v) => String(v.version) === parts[3]);
        return found ? ok({ subject, ...found }) : error(404, 40402, `Version ${parts[3]} not found.`);
      }
    }
    if (method === 'POST' && parts[0] === 'compatibility' && parts[1] === 'subjects' && parts[3] === 'versions') {
      if (!this.subjects.has(parts[2])) return error(404, 40401, `Subject '${parts[2]}' not found.`);
      const verdict = this.compatibility(parts[2], body);
      return ok(url.searchParams.get('verbose') === 'true' ? verdict : { is_compatible: verdict.is_compatible });
    }
    if (method === 'GET' && parts[0] === 'config') return ok(this.config);
    return error(404, 404, 'HTTP 404 Not Found');
  }

  private register(subject: string, body: Record<string, unknown>): Reply {
    const schemaType = body.schemaType ?? 'AVRO';
    if ((schemaType !== 'JSON' && schemaType !== 'AVRO') || typeof body.schema !== 'string') return error(422, 42201, 'Invalid schema');
    try {
      const parsed: unknown = JSON.parse(body.schema);
      if (schemaType === 'AVRO') avro.Type.forSchema(parsed as avro.Schema);
    } catch (err) {
      return error(422, 42201, `Invalid schema ${(err as Error).message}`);
    }
    if (body.ruleSet !== undefined) {
      if (this.ruleSetsUnavailable) return error(422, 42210, this.ruleSetsUnavailable);
      const invalid = ruleSetFault(body.ruleSet);
      if (invalid) return error(422, 42210, invalid);
    }
    const list = this.subjects.get(subject) ?? [];
    // registering the same schema with the same metadata again returns the existing version
    const same = list.find((v) => v.schema === body.schema && JSON.stringify(v.metadata) === JSON.stringify(body.metadata));
    if (same) return ok({ id: same.id });
    const stored: StoredVersion = { id: this.nextId++, version: list.length + 1, schemaType: String(schemaType), schema: body.schema, metadata: body.metadata as StoredVersion['metadata'], ruleSet: body.ruleSet };
    list.push(stored);
    this.subjects.set(subject, list);
    return ok({ id: stored.id });
  }
}

/**
 * What Confluent's RuleSet.validate and Rule.validate say about a rule set, or null when it passes: unique names per
 * list; a name of at most 64 characters that starts with a letter or `_` and goes on with letters, digits, `_` and `-`;
 * a type; migration rules in migration modes only.
 */
function ruleSetFault(ruleSet: unknown): string | null {
  const lists = (ruleSet ?? {}) as { migrationRules?: unknown; domainRules?: unknown };
  for (const [key, modes, kind] of [['migrationRules', ['UPGRADE', 'DOWNGRADE', 'UPDOWN'], 'Migration'], ['domainRules', ['WRITE', 'READ', 'WRITEREAD'], 'Domain']] as const) {
    const rules = Array.isArray(lists[key]) ? (lists[key] as Record<string, unknown>[]) : [];
    const names = new Set<unknown>();
    for (const rule of rules) {
      if (names.has(rule.name)) return `Found rule with duplicate name '${String(rule.name)}'`;
      names.add(rule.name);
      const name = rule.name;
      if (typeof name !== 'string') return 'Missing rule name';
      if (name.length === 0) return 'Empty rule name';
      if (name.length > 64) return 'Rule name too long';
      if (!/^[\p{L}_]/u.test(name)) return `Illegal initial character in rule name: ${name}`;
      if (!/^.[\p{L}\p{Nd}_-]*$/u.test(name)) return `Illegal character in rule name: ${name}`;
      if (typeof rule.type !== 'string') return 'Missing rule type';
      if (!(modes as readonly unknown[]).includes(rule.mode ?? 'WRITEREAD')) return `${kind} rules can only be ${modes.join(', ')}`;
    }
  }
  return null;
}

function ok(body: unknown): Reply {
  return { status: 200, body };
}

export function error(status: number, code: number, message: string): Reply {
  return { status, body: { error_code: code, message } };
}
