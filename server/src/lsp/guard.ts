// Runs a handler so that a bug in one feature is logged and answered with a fallback, never fatal to the server.
import { Connection } from 'vscode-languageserver';

export function guard<A extends unknown[], R>(connection: Connection, feature: string, handler: (...args: A) => R, fallback: Awaited<R> | undefined) {
  return async (...args: A): Promise<Awaited<R> | undefined> => {
    try {
      return await handler(...args);
    } catch (err) {
      const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
      connection.console.error(`${feature} failed: ${detail}`);
      return fallback;
    }
  };
}
