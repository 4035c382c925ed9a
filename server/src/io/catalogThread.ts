// Builds the source catalog in a worker thread, so that a large .sql workspace never blocks the language server.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Catalog, SourceFile } from '../engine/sources/types';

export type CatalogRequest = { id: number; kind: 'build'; files: SourceFile[] };
/** How long the thread stays after its last answer. */
const IDLE_MS = 30_000;

export interface CatalogResponse {
  id: number;
  catalog: Catalog | null;
  error?: string;
}

/**
 * One worker, started on first use from `catalogWorker.js` next to the bundle; requests are answered in order. Where
 * no worker can start (the script is missing, as when the sources run unbundled), the catalog is built in process.
 */
export class CatalogThread {
  private worker: Worker | undefined;
  private failed = false;
  private idle: NodeJS.Timeout | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (c: Catalog | null) => void; reject: (e: Error) => void }>();
  private inProcess: { update(files: SourceFile[]): Catalog } | undefined;

  constructor(private readonly script = path.join(__dirname, 'catalogWorker.js')) {}

  async build(files: SourceFile[]): Promise<Catalog> {
    // a workspace without .sql files needs no thread and no grammar
    if (files.length === 0) return { tables: [], problems: [], dropped: [] };
    const worker = this.start();
    if (worker) {
      try {
        return (await this.send(worker, { id: ++this.nextId, kind: 'build', files })) ?? { tables: [], problems: [], dropped: [] };
      } catch (err) {
        if (!this.failed) throw err;
      }
    }
    this.inProcess ??= new (await this.builderModule()).CatalogBuilder();
    return this.inProcess.update(files);
  }

  /**
   * The catalog code, loaded only when no thread can build it: from the worker's bundle (it listens for requests only
   * inside a worker), else from the sources. The specifiers are computed so that the server's own bundle never holds
   * the DDL grammars: bundled, they would be evaluated at start and cost the process tens of megabytes.
   */
  private async builderModule(): Promise<{ CatalogBuilder: new () => { update(files: SourceFile[]): Catalog } }> {
    if (existsSync(this.script)) return require(this.script);
    const sources = ['..', 'engine', 'sources', 'catalog'].join('/');
    return import(sources);
  }

  dispose(): void {
    clearTimeout(this.idle);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private send(worker: Worker, request: CatalogRequest): Promise<Catalog | null> {
    clearTimeout(this.idle);
    return new Promise<Catalog | null>((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      worker.postMessage(request);
    }).finally(() => {
      // a thread with its own heap and grammars is a lot of memory to keep for the next .sql edit: it goes when idle
      if (this.pending.size === 0) this.idle = setTimeout(() => this.stopIdle(), IDLE_MS);
    });
  }

  private stopIdle(): void {
    if (this.pending.size > 0 || !this.worker) return;
    const worker = this.worker;
    this.worker = undefined;
    void worker.terminate();
  }

  private start(): Worker | undefined {
    if (this.worker || this.failed) return this.worker;
    if (!existsSync(this.script)) {
      this.failed = true;
      return undefined;
    }
    try {
      // the catalog is built now and then: a small young generation costs it little time and the process much memory
      const worker = new Worker(this.script, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
      worker.unref();
      worker.on('message', (response: CatalogResponse) => {
        const waiter = this.pending.get(response.id);
        this.pending.delete(response.id);
        if (!waiter) return;
        if (response.error) waiter.reject(new Error(response.error));
        else waiter.resolve(response.catalog);
      });
      const fail = (err: Error) => {
        // the thread is gone: answer what waits, and build in process from now on
        this.failed = true;
        this.worker = undefined;
        for (const waiter of this.pending.values()) waiter.reject(err);
        this.pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => code !== 0 && this.worker === worker && fail(new Error(`the catalog thread exited with code ${code}`)));
      this.worker = worker;
    } catch {
      this.failed = true;
    }
    return this.worker;
  }
}
