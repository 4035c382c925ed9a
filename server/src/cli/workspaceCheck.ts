// `lint` and `check` over a workspace: the contracts and .sql files named, checked by the engine's front doors.
import './validators';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { analyze } from '../engine/analyze';
import { CheckMemo, checkContract, CheckResult, RegistryState } from '../engine/check';
import { checkSourceFile, ContractReader } from '../engine/checkSources';
import { isContractFile } from '../engine/contractFiles';
import { Mode, RegistryKind } from '../engine/diff';
import { parseYaml } from '../engine/parse';
import { buildCatalog } from '../engine/sources/catalog';
import { Catalog, SourceFile } from '../engine/sources/types';
import { displayPath, expandPaths, readText, UsageError } from '../io/files';
import { inRegistry, sourceName, WorkspaceRoot, workspaceContracts, workspaceSources } from '../io/workspace';
import { FolderRegistry } from '../shared/registry/folder';
import { FileResult } from './report';

export interface WorkspaceCheckOptions {
  paths: readonly string[];
  cwd: string;
  /** `check`: compare with the registered versions; `lint`: everything that needs no registry. */
  withRegistry: boolean;
  /** `--registry`: the registry folder, relative to the working folder; default `contract-registry` in the workspace. */
  registry?: string;
  /** `--registry-kind` (or `confluent` with `--registry-url`): how breaking changes are judged; default `folder`. */
  registryKind?: RegistryKind;
  /** `--sources`: globs of the .sql files to read instead of the workspace's. */
  sources?: string[];
  mode?: Mode;
  /** `--max-file-size` in KiB: larger contracts are refused as an error; by default every file is analysed whole. */
  maxFileSizeKB?: number;
  note: (line: string) => void;
}

export interface ContractRun {
  file: string;
  text: string;
  result: CheckResult;
}

/** The registry folder's name in a workspace, unless `--registry` names another. */
export const DEFAULT_REGISTRY = 'contract-registry';

/**
 * The workspaces of the paths, as the editor would open them. With `--registry`, the folders given (else the working
 * folder) with that registry. Otherwise each path's workspace is the nearest folder holding `contract-registry`, from
 * the path's folder up to the working folder (never above it); failing that, the folder given, or the working folder
 * for files and globs.
 */
export async function workspaceRoots(paths: readonly string[], cwd: string, registry: string | undefined): Promise<WorkspaceRoot[]> {
  const base = path.resolve(cwd);
  const dirs = new Set<string>();
  for (const p of paths.length ? paths : ['.']) {
    if (/[*?[\]{}]/.test(p)) {
      dirs.add(base);
      continue;
    }
    const absolute = path.resolve(base, p);
    const info = await stat(absolute).catch(() => undefined);
    const folder = info?.isDirectory() ? absolute : undefined;
    if (registry) {
      dirs.add(folder ?? base);
      continue;
    }
    const start = folder ?? path.dirname(absolute);
    const withRegistry = await nearestWithRegistry(start, isInside(start, base) ? base : start);
    dirs.add(withRegistry ?? folder ?? base);
  }
  return [...dirs].sort().map((dir) => ({ dir, registryDir: registry ? path.resolve(base, registry) : path.join(dir, DEFAULT_REGISTRY) }));
}

async function nearestWithRegistry(from: string, top: string): Promise<string | undefined> {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if ((await stat(path.join(dir, DEFAULT_REGISTRY)).catch(() => undefined))?.isDirectory()) return dir;
    if (dir === top || path.dirname(dir) === dir) return undefined;
  }
}

/** Reads the source catalog the way the editor does: every .sql file of the workspace, or `--sources`. */
export async function workspaceCatalog(roots: readonly WorkspaceRoot[], options: { sources?: string[]; cwd: string; note: (line: string) => void }): Promise<{ catalog: Catalog; files: SourceFile[] }> {
  const found = await workspaceSources(roots, { include: options.sources, cwd: options.cwd, onNote: options.note });
  if (options.sources?.length && found.length === 0) throw new UsageError(`no files match --sources ${options.sources.join(' ')}`);
  const files = found.map((f) => ({ path: sourceName(f.path, roots), text: f.text }));
  return { catalog: buildCatalog(files), files };
}

/**
 * The registered versions of a contract in the registry folder of its workspace (locations as the CLI shows paths).
 * A registry that cannot be read, or holds entries of the contract none of which is usable, stops the run: CI must not
 * pass because breaking changes could not be checked.
 */
export async function registryState(file: string, contractId: string, roots: readonly WorkspaceRoot[], cwd = process.cwd()): Promise<RegistryState> {
  const root = rootOf(file, roots);
  const listing = await new FolderRegistry(root.registryDir).list(contractId);
  if (listing.incomplete) throw new UsageError(`cannot check ${displayPath(file, cwd)} against its registered versions: ${listing.incomplete.message}`);
  if (listing.versions.length === 0 && listing.problems.length > 0) {
    throw new UsageError(`cannot check ${displayPath(file, cwd)} against its registered versions: no entry of ${contractId} in ${displayPath(root.registryDir, cwd)} is usable (${listing.problems[0].message})`);
  }
  const shown = <T extends { location: string }>(x: T): T => ({ ...x, location: displayPath(x.location, cwd) });
  return { versions: listing.versions.map(shown), unusable: listing.problems.map(shown) };
}

/** Checks one contract text as `check` (with the registry) or `lint` does; the whole file, whatever its size, unless `maxFileSizeKB`. */
export async function checkContractFile(file: string, text: string, catalog: Catalog, roots: readonly WorkspaceRoot[], options: { withRegistry: boolean; mode?: Mode; registryKind?: RegistryKind; maxFileSizeKB?: number }): Promise<CheckResult> {
  const limit = options.maxFileSizeKB === undefined ? Number.POSITIVE_INFINITY : options.maxFileSizeKB * 1024;
  const analysis = analyze(text, { fileName: file, knownContract: true, maxBytes: limit });
  // the editor's size limit is a warning (it only skips live analysis); a limit CI asked for is an error
  for (const p of analysis.problems) {
    if (p.code !== 'file-too-large') continue;
    p.severity = 'error';
    p.message = `This file (${Math.ceil(text.length / 1024)} KiB) is over --max-file-size (${options.maxFileSizeKB} KiB); it was not checked.`;
  }
  const id = analysis.facts.id;
  const registry = options.withRegistry && id && analysis.parsed?.analysable ? await registryState(file, id, roots) : undefined;
  return checkContract(analysis, { registry, catalog, settings: { mode: options.mode, registryKind: options.registryKind, breakingSeverity: 'error' } });
}

export async function checkWorkspace(options: WorkspaceCheckOptions): Promise<FileResult[]> {
  const { cwd, note } = options;
  const roots = await workspaceRoots(options.paths, cwd, options.registry);
  const candidates = (await expandPaths(options.paths, cwd, { withSql: true })).filter((c) => !inRegistry(c.file, roots));
  const { catalog, files: sources } = await workspaceCatalog(roots, { sources: options.sources, cwd, note });

  const contracts: ContractRun[] = [];
  const sqlFiles: string[] = [];
  for (const { file, explicit } of candidates) {
    if (/\.sql$/i.test(file)) {
      sqlFiles.push(file);
      continue;
    }
    const text = await readText(file);
    if (!isContractFile(file, text)) {
      if (explicit) note(`skipped ${displayPath(file, cwd)}: not a data contract (name it *.odcs.yaml or declare kind: DataContract)`);
      continue;
    }
    contracts.push({ file, text, result: await checkContractFile(file, text, catalog, roots, options) });
  }
  if (contracts.length === 0 && sqlFiles.length === 0) throw new UsageError(`no data contracts found in ${options.paths.length ? options.paths.join(' ') : 'the current folder'}`);

  const results: FileResult[] = contracts.map((c) => ({ path: displayPath(c.file, cwd), file: c.file, text: c.text, kind: 'contract', problems: c.result.problems }));
  if (sqlFiles.length) {
    const readers = await contractReaders(roots, contracts, catalog, note);
    for (const file of sqlFiles) {
      const name = sourceName(file, roots);
      const text = sources.find((s) => s.path === name)?.text ?? (await readText(file));
      results.push({ path: displayPath(file, cwd), file, text, kind: 'source', problems: checkSourceFile(name, text, catalog, readers) });
    }
  }
  return results.sort((a, b) => a.path.localeCompare(b.path));
}

/** Every contract of the workspace with the columns it reads (the checked ones reuse their lineage). */
async function contractReaders(roots: readonly WorkspaceRoot[], checked: readonly ContractRun[], catalog: Catalog, note: (line: string) => void): Promise<ContractReader[]> {
  const readers = new Map<string, ContractReader>();
  for (const c of checked) {
    const parsed = c.result.analysis.parsed;
    if (parsed) readers.set(c.file, { contractId: c.result.analysis.facts.id, lineage: c.result.lineage ?? new CheckMemo().lineage(parsed, catalog) });
  }
  for (const c of await workspaceContracts(roots, note)) {
    if (readers.has(c.path)) continue;
    const parsed = parseYaml(c.text);
    const id = parsed.value && typeof (parsed.value as { id?: unknown }).id === 'string' ? (parsed.value as { id: string }).id : null;
    readers.set(c.path, { contractId: id, lineage: new CheckMemo().lineage(parsed, catalog) });
  }
  return [...readers.values()];
}

function rootOf(file: string, roots: readonly WorkspaceRoot[]): WorkspaceRoot {
  return [...roots].filter((r) => isInside(file, r.dir)).sort((a, b) => b.dir.length - a.dir.length)[0] ?? roots[0];
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
