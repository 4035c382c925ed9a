// The source-catalog thread: parses .sql files with dt-sql-parser off the language server's main thread.
import { parentPort } from 'node:worker_threads';
import { CatalogBuilder } from './engine/sources/catalog';
import { CatalogRequest, CatalogResponse } from './io/catalogThread';

/** For the language server when no thread can start: the same builder, run on the server's own thread. */
export { CatalogBuilder };

const builder = new CatalogBuilder();

parentPort?.on('message', (request: CatalogRequest) => {
  let response: CatalogResponse;
  try {
    response = { id: request.id, catalog: builder.update(request.files) };
  } catch (err) {
    response = { id: request.id, catalog: null, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(response);
});
