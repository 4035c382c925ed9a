// Finds the registry folder of a contract file and caches the registered versions of each contract id.
import * as path from 'node:path';
import { FolderRegistry } from '../shared/registry/folder';
import { RegistryListing } from '../shared/registry/types';

export interface RegistryEntry {
  /** The registry folder for this document. */
  dir: string;
  listing: RegistryListing;
}

/**
 * Listings are read from disk once and kept until a contract file changes (the editor's file watcher calls
 * `invalidate`). `generation` counts invalidations, so that analyses made against an older listing are redone.
 */
export class RegistryIndex {
  private readonly entries = new Map<string, RegistryEntry>();
  private readonly loading = new Map<string, Promise<RegistryEntry>>();
  generation = 0;

  constructor(
    private readonly workspaceFolders: () => readonly string[],
    private readonly registryPath: () => string,
  ) {}

  /** `<workspace folder holding the file>/<registry path>`; a file outside every folder uses its own folder. */
  registryDirFor(file: string): string {
    const folder = this.workspaceFolders()
      .filter((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep))
      .sort((a, b) => b.length - a.length)[0];
    return this.registryDirOf(folder ?? path.dirname(file));
  }

  /** The registry folder of a workspace folder. */
  registryDirOf(folder: string): string {
    const configured = this.registryPath();
    return path.isAbsolute(configured) ? configured : path.join(folder, configured);
  }

  /**
   * How messages name a file of a registry folder: relative to the workspace folder holding it, else to the folder
   * that holds the registry folder (which then comes first), never as an absolute path.
   */
  shownPath(location: string, registryDir: string): string {
    const within = (dir: string) => location.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
    const folder = this.workspaceFolders().filter(within).sort((a, b) => b.length - a.length)[0];
    const base = folder ?? (within(registryDir) ? path.dirname(registryDir) : undefined);
    return base === undefined ? location : path.relative(base, location).split(path.sep).join('/');
  }

  /** The cached listing, if it was loaded already (no I/O). */
  cached(file: string, contractId: string): RegistryEntry | undefined {
    return this.entries.get(this.key(file, contractId));
  }

  /** The listing, read from disk when it is not cached. */
  async load(file: string, contractId: string): Promise<RegistryEntry> {
    const key = this.key(file, contractId);
    const known = this.entries.get(key);
    if (known) return known;
    let pending = this.loading.get(key);
    if (!pending) {
      const dir = this.registryDirFor(file);
      const generation = this.generation;
      pending = new FolderRegistry(dir).list(contractId).then((listing) => {
        const entry = { dir, listing };
        if (generation === this.generation) this.entries.set(key, entry);
        return entry;
      });
      this.loading.set(key, pending);
      void pending.finally(() => this.loading.delete(key)).catch(() => undefined);
    }
    return pending;
  }

  /** A contract file changed on disk (a registered version may have appeared): forget every listing. */
  invalidate(): void {
    this.entries.clear();
    this.generation++;
  }

  private key(file: string, contractId: string): string {
    return `${this.registryDirFor(file)}\u0000${contractId}`;
  }
}
