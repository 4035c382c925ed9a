// Finds contract files from the CLI's paths and globs, and reads them as text.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import { isYamlName } from '../engine/contractFiles';
import { UsageError } from './usageError';

export { UsageError };

const IGNORE = ['**/node_modules/**', '**/.git/**'];


export interface Candidate {
  file: string;
  /** Named explicitly on the command line (not found by a glob or a folder search). */
  explicit: boolean;
}

/** Expands paths, folders (all YAML below, and .sql files with `withSql`) and globs into files, in a stable order. */
export async function expandPaths(inputs: readonly string[], cwd: string, options: { withSql?: boolean } = {}): Promise<Candidate[]> {
  const wanted = options.withSql ? '**/*.{yaml,yml,sql}' : '**/*.{yaml,yml}';
  const found = new Map<string, Candidate>();
  for (const input of inputs.length ? inputs : ['.']) {
    if (/[*?[\]{}]/.test(input)) {
      for (const file of await glob(input, { cwd, ignore: IGNORE, absolute: true, dot: false })) found.set(file, { file, explicit: false });
      continue;
    }
    const absolute = path.resolve(cwd, input);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new UsageError(`no such file or folder: ${input}`);
    if (info.isDirectory()) {
      for (const file of await glob(wanted, { cwd: absolute, ignore: IGNORE, absolute: true })) if (isYamlName(file) || /\.sql$/i.test(file)) found.set(file, { file, explicit: false });
    } else {
      found.set(absolute, { file: absolute, explicit: true });
    }
  }
  return [...found.values()].sort((a, b) => a.file.localeCompare(b.file));
}

export async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** Path as shown in reports: relative to the working folder, with forward slashes. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return (relative.startsWith('..') ? file : relative).split(path.sep).join('/');
}
