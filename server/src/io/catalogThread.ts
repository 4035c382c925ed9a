// Builds the source catalog in a worker thread, so that a large .sql workspace never blocks the language server.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Catalog, SourceFile } from '../engine/sources/types';

export type CatalogRequest = { id: number; kind: 'build'; files: SourceFile[] } | { id: number; kind: 'warm-up' };
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
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (c: Catalog | null) => void; reject: (e: Error) => void }>();
  private inProcess: { update(files: SourceFile[]): Catalog } | undefined;

  constructor(private readonly script = path.join(__dirname, 'catalogWorker.js')) {}

  async build(files: SourceFile[]): Promise<Catalog> {
    const worker = this.start();
    if (worker) {
      try {
        return (await this.send(worker, { id: ++this.nextId, kind: 'build', files })) ?? { tables: [], problems: [], dropped: [] };
      } catch (err) {
        if (!this.failed) throw err;
      }
    }
    // loaded only here: the language server's own thread otherwise never loads the DDL grammars
    this.inProcess ??= new (await import('../engine/sources/catalog')).CatalogBuilder();
    return this.inProcess.update(files);
  }

  /** Builds the grammars' lookup tables in the worker while nothing waits. */
  warmUp(): void {
    const worker = this.start();
    if (worker) void this.send(worker, { id: ++this.nextId, kind: 'warm-up' }).catch(() => undefined);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private send(worker: Worker, request: CatalogRequest): Promise<Catalog | null> {
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  private start(): Worker | undefined {
    if (this.worker || this.failed) return this.worker;
    if (!existsSync(this.script)) {
      this.failed = true;
      return undefined;
    }
    try {
      const worker = new Worker(this.script);
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
      worker.on('exit', (code) => code !== 0 && fail(new Error(`the catalog thread exited with code ${code}`)));
      this.worker = worker;
    } catch {
      this.failed = true;
    }
    return this.worker;
  }
}
