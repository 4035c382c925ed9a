// The embedded registry: `<root>/<contract id>/<version>.odcs.yaml`, each version written atomically and never changed.
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { compare, compareBuild } from 'semver';
import { canonicalId, isExactSemver, registeredTextProblem, showId, unsafeIdReason } from '../../engine/registry/contract';
import { LOCK_ASIDE, lockContract, LockBusyError, unlockContract } from './folderLock';
import { ListOptions, PublishOutcome, PublishRequest, RegisteredVersion, Registry, RegistryListing, RegistryProblem } from './types';

/** The file-system calls the registry makes; tests replace some of them (a file system without hard links). */
export type FolderFs = Pick<typeof fsp, 'mkdir' | 'readdir' | 'readFile' | 'open' | 'link' | 'rename' | 'unlink' | 'stat' | 'lstat' | 'rmdir' | 'realpath'>;

export interface FolderRegistryOptions {
  fs?: Partial<FolderFs>;
  /** Called once the temporary file is written and synced, before it takes its final name (tests interrupt here). */
  afterTempWritten?: (tempFile: string) => Promise<void> | void;
  /** Called once the version has its final name, while the contract's lock is still held (tests record the order of publishes here). */
  afterPlaced?: (finalFile: string) => Promise<void> | void;
  /** How long a publish waits for other publishes of the same contract to finish (default 30 s). */
  lockWaitMs?: number;
}

const SUFFIX = '.odcs.yaml';
/** Temporary files of publishes in progress (or interrupted): hidden, and naming the process that wrote them. */
const TEMP = /^\..+\.odcs\.yaml\.\d+\.[0-9a-f]+\.tmp$/;
/** Lock folders of the rename fallback. */
const LOCK = /^\..+\.odcs\.yaml\.lock$/;
/** A temporary file this old belongs to a publish that died; no publish takes more than a moment. */
const STALE_MS = 60 * 60 * 1000;
/** A fallback lock this old was left by a publish that died while holding it. */
const STALE_LOCK_MS = 60 * 1000;
const LOCK_WAIT_MS = 30_000;
/** Errors with which `link()` says the file system has no hard links (FAT, exFAT, some network and FUSE mounts). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** Where a contract's folder really is: a folder directly inside the registry's real folder, or why not. */
type FolderPlace = { kind: 'inside'; realRoot: string } | { kind: 'missing' } | { kind: 'outside'; message: string };

/**
 * The registry root may itself be a link (to a shared or mounted folder): everything is then judged against
 * the folder it resolves to. Inside it, a contract's folder must resolve to a folder directly inside that real
 * root, and a version file to a file inside it: a link that leads elsewhere is refused, so that neither a
 * publish nor a listing ever touches files outside the registry.
 */
export class FolderRegistry implements Registry {
  readonly description: string;
  private readonly fs: FolderFs;

  constructor(
    readonly rootDir: string,
    private readonly options: FolderRegistryOptions = {},
  ) {
    this.description = `the registry folder ${rootDir}`;
    const { mkdir, readdir, readFile, open, link, rename, unlink, stat, lstat, rmdir, realpath } = fsp;
    this.fs = { mkdir, readdir, readFile, open, link, rename, unlink, stat, lstat, rmdir, realpath, ...options.fs };
  }

  /** Every usable version, oldest first; files that cannot be trusted are problems, never versions. */
  async list(contractId: string, _options?: ListOptions): Promise<RegistryListing> {
    const versions: RegisteredVersion[] = [];
    const problems: RegistryProblem[] = [];
    const unsafe = unsafeIdReason(contractId);
    if (unsafe) {
      problems.push({ location: this.rootDir, message: `The contract id ${showId(contractId)} cannot name a registry folder: ${unsafe}.` });
      return { versions, problems };
    }
    const id = canonicalId(contractId);
    const dir = path.join(this.rootDir, id);
    let place: FolderPlace;
    let names: string[];
    try {
      place = await this.placeOf(dir, id);
      if (place.kind === 'missing') return { versions, problems };
      if (place.kind === 'outside') return { versions, problems: [{ location: dir, message: place.message }], incomplete: { reason: 'error', message: place.message } };
      names = (await this.fs.readdir(dir)).sort();
    } catch (err) {
      if (code(err) === 'ENOENT') return { versions, problems };
      const message = `The registry folder of ${id} cannot be read (${code(err) ?? String(err)}).`;
      return { versions, problems: [{ location: dir, message }], incomplete: { reason: 'error', message } };
    }
    for (const name of names) {
      // hidden entries are temporary files and locks of publishes, or the editor's and the OS's own files
      if (name.startsWith('.')) continue;
      const file = path.join(dir, name);
      const problem = (why: string) => problems.push({ location: file, message: `${name} is ignored: ${why}.` });
      if (!name.endsWith(SUFFIX)) {
        problem(`registered versions are files named <version>${SUFFIX}, such as 1.0.0${SUFFIX}`);
        continue;
      }
      const version = name.slice(0, -SUFFIX.length);
      if (!isExactSemver(version)) {
        problem(`\`${version}\` is not a semantic version (MAJOR.MINOR.PATCH, such as 1.2.0)`);
        continue;
      }
      const escape = await this.linkOutside(file, place.realRoot);
      if (escape) {
        problem(`it is a link to ${escape}, outside the registry, and is not read`);
        continue;
      }
      let text: string;
      try {
        text = await this.fs.readFile(file, 'utf8');
      } catch (err) {
        problem(code(err) === 'EISDIR' ? 'it is a folder, not a file' : `it cannot be read (${code(err) ?? String(err)})`);
        continue;
      }
      const wrong = registeredTextProblem(text, id, version);
      if (wrong) problem(wrong);
      else versions.push({ contractId, version, text, location: file });
    }
    versions.sort((a, b) => compareBuild(a.version, b.version));
    return { versions, problems };
  }

  /**
   * Writes the text to a temporary file in the contract's folder and syncs it; then, holding the contract's
   * lock, checks that the version is greater than every registered one and gives the file its final name with
   * `link()`, which fails if that name exists. So two publishes of one version (from any processes) cannot
   * both win, a registered version is never overwritten, and versions land in increasing order even when
   * several are published at once. A publish interrupted at any point leaves at worst a hidden temporary file
   * (which `list` ignores and a later publish removes once it is an hour old) or a lock that the next publish
   * breaks because its process is gone.
   */
  async publish(request: PublishRequest): Promise<PublishOutcome> {
    const { contractId, version, text } = request;
    const unsafe = unsafeIdReason(contractId);
    if (unsafe) {
      const message = `The contract id ${showId(contractId)} cannot be registered: ${unsafe}. A contract id names a folder of the registry (committed with the code and checked out on every platform), so keep to letters, digits, dashes, underscores and dots.`;
      return { ok: false, reason: 'unsafe-id', message, details: [] };
    }
    if (!isExactSemver(version)) {
      return { ok: false, reason: 'refused', message: `\`${version}\` is not a semantic version (MAJOR.MINOR.PATCH, such as 1.2.0); only semantic versions are registered.`, details: [] };
    }
    const id = canonicalId(contractId);
    const wrong = registeredTextProblem(text, id, version);
    if (wrong) return { ok: false, reason: 'refused', message: `The text to register is not version ${version} of ${id}: ${wrong}.`, details: [] };

    const dir = path.join(this.rootDir, id);
    const finalFile = path.join(dir, `${version}${SUFFIX}`);
    const tempFile = path.join(dir, `.${version}${SUFFIX}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    let wroteTemp = false;
    try {
      await this.fs.mkdir(dir, { recursive: true });
      const place = await this.placeOf(dir, id);
      if (place.kind === 'outside') return { ok: false, reason: 'unsafe-id', message: `Version ${version} of ${id} is not registered: ${place.message}`, details: [] };
      if (place.kind === 'missing') throw Object.assign(new Error('the folder vanished'), { code: 'ENOENT' });
      await this.removeStale(dir);
      wroteTemp = true;
      await this.writeSynced(tempFile, text);
      await this.options.afterTempWritten?.(tempFile);
      const lock = await lockContract(this.fs, dir, this.options.lockWaitMs ?? LOCK_WAIT_MS);
      try {
        if (await this.exists(finalFile)) return await this.existsOutcome(id, version, finalFile, text, place.realRoot);
        const higher = (await this.list(id)).versions.filter((v) => compare(v.version, version) >= 0).pop();
        if (higher) {
          const message = `Version ${version} of ${id} is not greater than every registered version: ${higher.version} is registered (${higher.location}). Registered versions only go up; publish a version greater than ${higher.version}.`;
          return { ok: false, reason: 'refused', message, details: [] };
        }
        if ((await this.place(tempFile, finalFile)) === 'exists') return await this.existsOutcome(id, version, finalFile, text, place.realRoot);
        await this.syncFolder(dir);
        await this.options.afterPlaced?.(finalFile);
      } finally {
        await unlockContract(this.fs, lock);
      }
      // the location says where it landed; a detail repeating it would be shown as a second line saying the same
      return { ok: true, location: finalFile, details: [] };
    } catch (err) {
      const why = err instanceof LockBusyError ? err.message : (code(err) ?? String(err));
      return { ok: false, reason: 'error', message: `Version ${version} of ${id} could not be written to ${dir} (${why}).`, details: [] };
    } finally {
      if (wroteTemp) await this.fs.unlink(tempFile).catch(() => undefined);
    }
  }

  /**
   * `exists`, saying whether the registered file holds exactly this text (then publishing it again changes
   * nothing); `refused` when the name is taken by a link that leads out of the registry or nowhere.
   */
  private async existsOutcome(id: string, version: string, finalFile: string, text: string, realRoot: string): Promise<PublishOutcome> {
    const stats = await this.fs.lstat(finalFile).catch(() => undefined);
    if (stats?.isSymbolicLink()) {
      const target = await this.fs.realpath(finalFile).catch(() => undefined);
      const escape = target === undefined ? 'a file that does not exist' : await this.linkOutside(finalFile, realRoot);
      if (escape) {
        const message = `Version ${version} of ${id} is not registered: ${finalFile} is a link to ${escape}, outside the registry, and nothing is written through it. Remove the link to publish this version.`;
        return { ok: false, reason: 'refused', message, details: [] };
      }
    }
    const held = stats?.isFile() || stats?.isSymbolicLink() ? await this.fs.readFile(finalFile, 'utf8').catch(() => undefined) : undefined;
    if (held === text) return { ok: false, reason: 'exists', sameText: true, message: `Version ${version} of ${id} is registered already with this text (${finalFile}).`, details: [] };
    const message = `Version ${version} of ${id} is registered already (${finalFile}), and a registered version is never changed. Publish the change as a new version.`;
    return { ok: false, reason: 'exists', message, details: [] };
  }

  /** Whether the contract's folder resolves to a folder directly inside the registry's real folder. */
  private async placeOf(dir: string, id: string): Promise<FolderPlace> {
    let realRoot: string;
    let realDir: string;
    try {
      realRoot = await this.fs.realpath(this.rootDir);
      realDir = await this.fs.realpath(dir);
    } catch (err) {
      if (code(err) === 'ENOENT') return { kind: 'missing' };
      throw err;
    }
    const rel = path.relative(realRoot, realDir);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.includes(path.sep)) return { kind: 'inside', realRoot };
    return { kind: 'outside', message: `the registry folder of ${id} is a link to ${realDir}, which is not a folder inside the registry ${realRoot}; a contract's folder must be a folder of the registry itself.` };
  }

  /** Where a version file leads when it is a link out of the registry; undefined for a plain file or a link inside. */
  private async linkOutside(file: string, realRoot: string): Promise<string | undefined> {
    const stats = await this.fs.lstat(file).catch(() => undefined);
    if (!stats?.isSymbolicLink()) return undefined;
    // a dangling link is reported by the read that follows
    const target = await this.fs.realpath(file).catch(() => undefined);
    if (target === undefined) return undefined;
    const rel = path.relative(realRoot, target);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? undefined : target;
  }

  /** Whether the name is taken, by a file, a folder or a link (even one that leads nowhere). */
  private async exists(file: string): Promise<boolean> {
    try {
      await this.fs.lstat(file);
      return true;
    } catch (err) {
      if (code(err) === 'ENOENT') return false;
      throw err;
    }
  }

  private async writeSynced(file: string, text: string): Promise<void> {
    // wx: the name is random, but an exclusive create guarantees this publish owns what it writes
    const handle = await this.fs.open(file, 'wx', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Gives the synced temporary file its final name, unless a file has it already. */
  private async place(tempFile: string, finalFile: string): Promise<'placed' | 'exists'> {
    try {
      await this.fs.link(tempFile, finalFile);
      return 'placed';
    } catch (err) {
      if (code(err) === 'EEXIST') return 'exists';
      if (!NO_HARD_LINKS.has(code(err) ?? '')) throw err;
    }
    return this.placeByRename(tempFile, finalFile);
  }

  /**
   * For file systems without hard links. `rename()` is atomic but replaces an existing file, so the check
   * that the name is free and the rename happen under a lock: a folder next to the file, whose creation is
   * exclusive on every file system. A publish that dies holding the lock leaves it behind; it is broken
   * after a minute (publishes hold it for milliseconds), and the version file itself is never partial.
   */
  private async placeByRename(tempFile: string, finalFile: string): Promise<'placed' | 'exists'> {
    const lock = path.join(path.dirname(finalFile), `.${path.basename(finalFile)}.lock`);
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await this.fs.mkdir(lock);
        break;
      } catch (err) {
        if (code(err) !== 'EEXIST') throw err;
        const age = await this.ageOf(lock);
        if (age !== undefined && age > STALE_LOCK_MS) await this.fs.rmdir(lock).catch(() => undefined);
        else if (Date.now() > deadline) throw new Error(`another publish of the same version holds ${lock}`);
        else await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    try {
      if (await this.exists(finalFile)) return 'exists';
      await this.fs.rename(tempFile, finalFile);
      return 'placed';
    } finally {
      await this.fs.rmdir(lock).catch(() => undefined);
    }
  }

  /** Removes temporary files, broken locks and fallback locks left by publishes that died more than an hour ago. */
  private async removeStale(dir: string): Promise<void> {
    const names = await this.fs.readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const isTemp = TEMP.test(name) || LOCK_ASIDE.test(name);
      if (!isTemp && !LOCK.test(name)) continue;
      const file = path.join(dir, name);
      const age = await this.ageOf(file);
      if (age === undefined || age < STALE_MS) continue;
      await (isTemp ? this.fs.unlink(file) : this.fs.rmdir(file)).catch(() => undefined);
    }
  }

  /** Milliseconds since the entry was last modified, or undefined when it does not exist. */
  private async ageOf(file: string): Promise<number | undefined> {
    try {
      return Date.now() - (await this.fs.stat(file)).mtimeMs;
    } catch (err) {
      if (code(err) === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** Makes the new name itself durable (POSIX); Windows cannot open folders this way, and needs no such step. */
  private async syncFolder(dir: string): Promise<void> {
    try {
      const handle = await this.fs.open(dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      // best effort: the file is complete and named either way
    }
  }
}

function code(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && typeof (err as NodeJS.ErrnoException).code === 'string' ? (err as NodeJS.ErrnoException).code : undefined;
}
