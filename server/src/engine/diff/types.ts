// The vocabulary of contract evolution: directions, compatibility modes, and one change between two versions.
import { Document } from 'yaml';
import { Path, Span } from '../types';

/** FORWARD: consumers on the old version read data produced under the new one. BACKWARD: the reverse. */
export type Direction = 'FORWARD' | 'BACKWARD';

export const MODES = ['FORWARD', 'BACKWARD', 'FULL', 'FORWARD_TRANSITIVE', 'BACKWARD_TRANSITIVE', 'FULL_TRANSITIVE', 'NONE'] as const;
export type Mode = (typeof MODES)[number];
export const DEFAULT_MODE: Mode = 'FORWARD';

/**
 * Where versions are registered: `folder` (the embedded registry, judged by ODCS semantics) or `confluent` (a Schema
 * Registry, which also checks each stream's JSON Schema and judges added and removed properties by its content model).
 */
export const REGISTRY_KINDS = ['folder', 'confluent'] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];
export const DEFAULT_REGISTRY_KIND: RegistryKind = 'folder';

/** What kind of change it is: only `compatibility` changes can break consumers. */
export type ChangeCategory = 'compatibility' | 'policy' | 'lifecycle' | 'documentation';

/** One side of a comparison: a parsed contract (text, YAML tree for locations, plain value). */
export interface ContractSide {
  text: string;
  doc: Document;
  value: Record<string, unknown>;
}

export interface Change {
  /** Stable rule id, e.g. `property-removed-required`; documented in docs/rules.md. */
  rule: string;
  category: ChangeCategory;
  /** The directions this change breaks, whatever the mode (empty: breaks nobody). */
  breaks: Direction[];
  /** In contract terms: "Required property `email` of stream `customers` was removed". */
  message: string;
  /** How to fix it or migrate consumers, when there is something to say. */
  hint?: string;
  /** Readable location: `customers.email`, `customers` (stream), `(contract)`. */
  path: string;
  /** Value paths in each document; a deletion points at the surviving parent in the new document. */
  newPath: Path | null;
  oldPath: Path | null;
  /** Exact spans to underline in each document (null when the side has no such place). */
  newSpan: Span | null;
  oldSpan: Span | null;
  /** Machine-readable facts for quick fixes and registry rules (e.g. a rename's old and new names). */
  data?: Record<string, unknown>;
}
