// What a registry of contract versions offers: list the registered versions of a contract, publish a new one.

export interface RegisteredVersion {
  contractId: string;
  version: string;
  text: string;
  /** Where it is stored: a file path, or a registry URL with subject and version. */
  location: string;
}

export interface RegistryProblem {
  location: string;
  message: string;
}

export interface RegistryListing {
  versions: RegisteredVersion[];
  /** Entries that exist but could not be used (unreadable, not well-formed, wrong id or version inside). */
  problems: RegistryProblem[];
  /**
   * Set when the registry could not be read completely (unreachable, credentials refused, or more versions
   * than are read at once: `truncated`): the versions are then not the whole story, and a caller must not
   * conclude that nothing else is registered.
   */
  incomplete?: { reason: 'unauthorized' | 'error' | 'truncated'; message: string };
}

export interface ListOptions {
  /**
   * The topics of the contract at hand. A registry that has to search for a contract's versions (a schema
   * registry keeps them per subject) reads only these topics' subjects instead of every subject.
   */
  topics?: readonly string[];
}

export type PublishOutcome =
  | { ok: true; location: string; details: string[] }
  /** exists: that version is registered already; unsafe-id: the contract id is not a safe name; refused: the registry said no. */
  | {
      ok: false;
      reason: 'exists' | 'unsafe-id' | 'refused' | 'unauthorized' | 'error';
      message: string;
      details: string[];
      /**
       * With `exists`: the registry holds this version with exactly this text, so publishing it there again
       * changes nothing, and a publish to several registries goes on to the next one (completing a publish that
       * was interrupted after this registry).
       */
      sameText?: true;
    };

export interface Registry {
  readonly description: string;
  list(contractId: string, options?: ListOptions): Promise<RegistryListing>;
  publish(request: PublishRequest): Promise<PublishOutcome>;
}

export interface PublishRequest {
  contractId: string;
  version: string;
  /** The contract text exactly as it is registered. */
  text: string;
  /** The parsed contract value (for registries that derive schemas from it). */
  value: Record<string, unknown>;
  /** Renamed properties since the previous major version, for migration rules: one per rename (`at`: the payload path of a nested one's object). */
  renames: { stream: string; topic: string; from: string; to: string; at?: string[] }[];
  /** The previous registered version, when there is one. */
  previousVersion: string | null;
}
