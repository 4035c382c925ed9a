// Reads a workspace as the editor and the CLI both see it: its contracts and its .sql source files, minus the registry.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import { isContractFile, isYamlName } from '../engine/contractFiles';
import { SourceFile } from '../engine/sources/types';
import { loadSourceFiles } from './sourceCatalog';

/** A workspace folder and its registry folder (never searched: registered versions are copies, not contracts). */
export interface WorkspaceRoot {
  dir: string;
  registryDir: string;
}

export interface TextFile {
  /** Absolute path. */
  path: string;
  text: string;
}

const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];

/** Globs, relative to `root.dir`, of what a workspace search leaves out. */
export function excludedGlobs(root: WorkspaceRoot): string[] {
  const registry = path.relative(root.dir, root.registryDir);
  const inside = registry && !registry.startsWith('..') && !path.isAbsolute(registry);
  return [...ALWAYS_EXCLUDED, ...(inside ? [`${registry.split(path.sep).join('/')}/**`] : [])];
}

/** True when `file` is inside the registry folder of one of the roots. */
export function inRegistry(file: string, roots: readonly WorkspaceRoot[]): boolean {
  const absolute = path.resolve(file);
  return roots.some((r) => absolute.startsWith(path.resolve(r.registryDir) + path.sep));
}

/** Every .sql file of the roots (or of `include`, globs relative to `cwd`, when given), in path order. */
export async function workspaceSources(roots: readonly WorkspaceRoot[], options: { include?: string[]; cwd?: string; onNote?: (note: string) => void } = {}): Promise<SourceFile[]> {
  if (options.include?.length) {
    const cwd = options.cwd ?? process.cwd();
    const files = await loadSourceFiles([cwd], { include: options.include, exclude: ALWAYS_EXCLUDED, onNote: options.onNote });
    return files.filter((f) => !inRegistry(f.path, roots));
  }
  const byPath = new Map<string, SourceFile>();
  for (const root of roots) {
    for (const f of await loadSourceFiles([root.dir], { exclude: excludedGlobs(root), onNote: options.onNote })) byPath.set(f.path, f);
  }
  return [...byPath.values()].filter((f) => !inRegistry(f.path, roots)).sort((a, b) => a.path.localeCompare(b.path));
}

/** Every contract file of the roots: `*.odcs.yaml` / `*.odcs.yml`, and other YAML files declaring `kind: DataContract`. */
export async function workspaceContracts(roots: readonly WorkspaceRoot[], onNote: (note: string) => void = () => undefined): Promise<TextFile[]> {
  const byPath = new Map<string, TextFile>();
  for (const root of roots) {
    let files: string[] = [];
    try {
      files = await glob('**/*.{yaml,yml}', { cwd: root.dir, ignore: excludedGlobs(root), absolute: true, dot: false, followSymbolicLinks: false });
    } catch (err) {
      onNote(`${root.dir}: not searched for contracts (${err instanceof Error ? err.message : String(err)})`);
    }
    for (const file of files) {
      const absolute = path.normalize(file);
      if (!isYamlName(absolute) || byPath.has(absolute) || inRegistry(absolute, roots)) continue;
      const text = await readFile(absolute, 'utf8').catch(() => undefined);
      if (text !== undefined && isContractFile(absolute, text)) byPath.set(absolute, { path: absolute, text });
    }
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * How the catalog names a source file: relative to its workspace folder with `/` (prefixed with the folder's name
 * when there are several), so that messages and generated SQL never hold a machine's absolute paths.
 */
export function sourceName(file: string, roots: readonly { dir: string }[]): string {
  const absolute = path.resolve(file);
  const root = [...roots].filter((r) => absolute.startsWith(path.resolve(r.dir) + path.sep)).sort((a, b) => b.dir.length - a.dir.length)[0];
  if (!root) return absolute.split(path.sep).join('/');
  const relative = path.relative(root.dir, absolute).split(path.sep).join('/');
  return roots.length > 1 ? `${path.basename(root.dir)}/${relative}` : relative;
}

/** The absolute path of a catalog name made by `sourceName`. */
export function sourcePath(name: string, roots: readonly { dir: string }[]): string {
  if (path.isAbsolute(name)) return path.normalize(name);
  if (roots.length === 1) return path.join(roots[0].dir, ...name.split('/'));
  const [first, ...rest] = name.split('/');
  const root = roots.find((r) => path.basename(r.dir) === first) ?? roots[0];
  return root ? path.join(root.dir, ...rest) : path.resolve(name);
}
