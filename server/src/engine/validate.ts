// Validates a contract value against its meta-schema part by part, caching each part's errors by its source text.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { collapseErrors } from './schemaErrors';
import { isRecord } from './locate';
import { MetaSchema } from './metaSchema';
import { Path } from './types';

/**
 * Remembers the schema errors of unchanged parts (the document, each stream, each property) between edits, per kind
 * of part and then by the part's source text: a key built by concatenation would copy every property's text at
 * every keystroke.
 */
export class PartCache {
  private readonly groups = new Map<string, Map<string, ErrorObject[]>>();
  private size = 0;
  constructor(private readonly capacity = 20000) {}

  get(group: string, source: string): ErrorObject[] | undefined {
    return this.groups.get(group)?.get(source);
  }

  set(group: string, source: string, errors: ErrorObject[]): void {
    if (this.size >= this.capacity) this.dropOldestHalf();
    let entries = this.groups.get(group);
    if (!entries) this.groups.set(group, (entries = new Map()));
    if (!entries.has(source)) this.size++;
    entries.set(source, errors);
  }

  /** Cheap, and the parts of a live document are added again at once. */
  private dropOldestHalf(): void {
    for (const entries of this.groups.values()) {
      let n = entries.size >> 1;
      for (const k of entries.keys()) {
        if (n-- <= 0) break;
        entries.delete(k);
        this.size--;
      }
    }
  }
}

/** Source text of the node at a path, used as the cache key of that part (undefined: do not cache). */
export type PartKey = (path: Path) => string | undefined;

export function validateContract(meta: MetaSchema, value: unknown, partKey?: PartKey, cache?: PartCache): ErrorObject[] {
  const parts = meta.parts;
  let errors: ErrorObject[];
  if (!parts || !isRecord(value) || !Array.isArray(value.schema)) {
    errors = run(meta.validateDocument, value, '');
  } else {
    const run1 = (kind: string, validate: ValidateFunction, path: Path, data: unknown): ErrorObject[] => {
      const source = cache && partKey ? partKey(path) : undefined;
      const group = `${meta.family}\u0000${kind}`;
      let relative = source === undefined ? undefined : cache!.get(group, source);
      if (!relative) {
        relative = run(validate, data, '');
        if (source !== undefined) cache!.set(group, source, relative);
      }
      if (relative.length === 0) return relative;
      const prefix = pointerOf(path);
      return relative.map((e) => ({ ...e, instancePath: prefix + e.instancePath }));
    };
    errors = run(parts.document, value, '');
    value.schema.forEach((stream, i) => {
      errors.push(...run1('stream', parts.stream, ['schema', i], stream));
      if (isRecord(stream) && Array.isArray(stream.properties)) {
        stream.properties.forEach((property, j) => {
          const found = run1('property', parts.property, ['schema', i, 'properties', j], property);
          if (found.length) errors.push(...found);
        });
      }
    });
  }
  return errors.length ? collapseErrors(errors, meta, value) : errors;
}

function run(validate: ValidateFunction, data: unknown, prefix: string): ErrorObject[] {
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  return prefix ? errors.map((e) => ({ ...e, instancePath: prefix + e.instancePath })) : [...errors];
}

export function pointerOf(path: Path): string {
  return path.map((seg) => `/${String(seg).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
