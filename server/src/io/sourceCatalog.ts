// Finds the workspace's .sql files (source-table DDL and migrations) and reads them for the source catalog.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import { MAX_SOURCE_CHARS } from '../engine/sources/types';
import { SourceFile } from '../engine/sources/types';

export interface LoadSourceOptions {
  /** Glob(s) relative to each root; default `**\/*.sql`. */
  include?: string | string[];
  /** Globs relative to each root; node_modules and .git are always left out. Default: those and `**\/contract-registry/**`. */
  exclude?: string[];
  /** Told about files that were skipped (unreadable, too large). */
  onNote?: (note: string) => void;
}

const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];
const DEFAULT_EXCLUDED = [...ALWAYS_EXCLUDED, '**/contract-registry/**'];

/** Every matching file under the roots, once, with absolute paths, in path order. */
export async function loadSourceFiles(roots: readonly string[], options: LoadSourceOptions = {}): Promise<SourceFile[]> {
  const include = options.include === undefined ? ['**/*.sql'] : Array.isArray(options.include) ? options.include : [options.include];
  const ignore = options.exclude ? [...ALWAYS_EXCLUDED, ...options.exclude] : DEFAULT_EXCLUDED;
  const note = options.onNote ?? (() => undefined);
  const found = new Set<string>();
  for (const root of roots) {
    const cwd = path.resolve(root);
    try {
      for (const file of await glob(include, { cwd, ignore, absolute: true, dot: false, followSymbolicLinks: false })) found.add(path.normalize(file));
    } catch (err) {
      note(`${cwd}: not searched for .sql files (${message(err)})`);
    }
  }
  const files = [...found].sort();
  const read = await Promise.all(
    files.map(async (file): Promise<SourceFile | undefined> => {
      try {
        const info = await stat(file);
        // UTF-8 needs at least one byte per character: a file this large cannot be DDL the catalog reads
        if (info.size > MAX_SOURCE_CHARS * 4) {
          note(`${file}: skipped, ${Math.round(info.size / 1e6)} MB is too large for a DDL file`);
          return undefined;
        }
        return { path: file, text: stripBom(await readFile(file, 'utf8')) };
      } catch (err) {
        note(`${file}: skipped, not readable (${message(err)})`);
        return undefined;
      }
    }),
  );
  return read.filter((f): f is SourceFile => f !== undefined);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
