// The server's view of the `streamcontract.*` settings, with their defaults.
import { Mode, MODES, RegistryKind } from '../engine/diff/types';

export interface Settings {
  maxBytes: number | undefined;
  compatibility: Mode;
  breakingSeverity: 'warning' | 'error';
  /** Also decides the verdicts: a Schema Registry judges added and removed properties by its content model. */
  registryKind: RegistryKind;
  registryPath: string;
  registryUrl: string;
}

/** `streamcontract.maxFileSizeKB`'s minimum in package.json. */
export const MIN_FILE_SIZE_KB = 64;

export const DEFAULT_SETTINGS: Settings = {
  maxBytes: undefined,
  compatibility: 'FORWARD',
  breakingSeverity: 'warning',
  registryKind: 'folder',
  registryPath: 'contract-registry',
  registryUrl: '',
};

/** Reads the `streamcontract` section as the client sends it; anything malformed keeps its default. */
export function readSettings(raw: unknown): Settings {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const registry = (typeof s.registry === 'object' && s.registry !== null ? s.registry : {}) as Record<string, unknown>;
  const breaking = (typeof s.breakingChanges === 'object' && s.breakingChanges !== null ? s.breakingChanges : {}) as Record<string, unknown>;
  const kb = s.maxFileSizeKB;
  return {
    // the setting's declared minimum holds even when a settings file says otherwise
    maxBytes: typeof kb === 'number' && Number.isFinite(kb) && kb > 0 ? Math.max(MIN_FILE_SIZE_KB, kb) * 1024 : undefined,
    compatibility: MODES.includes(s.compatibility as Mode) ? (s.compatibility as Mode) : DEFAULT_SETTINGS.compatibility,
    breakingSeverity: breaking.severity === 'error' ? 'error' : 'warning',
    registryKind: registry.kind === 'confluent' ? 'confluent' : 'folder',
    registryPath: typeof registry.path === 'string' && registry.path.trim() ? registry.path.trim() : DEFAULT_SETTINGS.registryPath,
    registryUrl: typeof registry.url === 'string' ? registry.url.trim() : '',
  };
}
