// A local stand-in for a Confluent Schema Registry (node:http on 127.0.0.1): the documented endpoints and error bodies, recording every request.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

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

export class FakeSchemaRegistry {
  readonly requests: Recorded[] = [];
  readonly subjects = new Map<string, StoredVersion[]>();
  /** Consulted first, in order: a reply here replaces the normal handling (errors, refusals). */
  readonly overrides: ((request: Recorded) => Reply | 'hang' | undefined)[] = [];
  /** The verdict of the compatibility endpoints for an existing subject. */
  compatibility: (subject: string, body: Record<string, unknown>) => { is_compatible: boolean; messages?: string[] } = () => ({ is_compatible: true, messages: [] });
  config: Record<string, unknown> = { compatibilityLevel: 'BACKWARD' };
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
    res.writeHead(reply.status, { 'Content-Type': 'application/vnd.schemaregistry.v1+json' });
    res.end(JSON.stringify(reply.body));
  }

  private reply(request: Recorded): Reply | 'hang' {
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
    if (body.schemaType !== 'JSON' || typeof body.schema !== 'string') return error(422, 42201, 'Invalid schema');
    try {
      JSON.parse(body.schema);
    } catch {
      return error(422, 42201, 'Invalid schema: not JSON');
    }
    const list = this.subjects.get(subject) ?? [];
    // registering the same schema with the same metadata again returns the existing version
    const same = list.find((v) => v.schema === body.schema && JSON.stringify(v.metadata) === JSON.stringify(body.metadata));
    if (same) return ok({ id: same.id });
    const stored: StoredVersion = { id: this.nextId++, version: list.length + 1, schemaType: 'JSON', schema: body.schema, metadata: body.metadata as StoredVersion['metadata'], ruleSet: body.ruleSet };
    list.push(stored);
    this.subjects.set(subject, list);
    return ok({ id: stored.id });
  }
}

function ok(body: unknown): Reply {
  return { status: 200, body };
}

export function error(status: number, code: number, message: string): Reply {
  return { status, body: { error_code: code, message } };
}
