// Validates a contract value against its meta-schema part by part, caching each part's errors by its source text.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { collapseErrors } from './schemaErrors';
import { isRecord } from './locate';
import { MetaSchema } from './metaSchema';
import { Path } from './types';

/** Remembers the schema errors of unchanged parts (the document, each stream, each property) between edits. */
export class PartCache {
  private readonly entries = new Map<string, ErrorObject[]>();
  constructor(private readonly capacity = 20000) {}

  get(key: string): ErrorObject[] | undefined {
    return this.entries.get(key);
  }

  set(key: string, errors: ErrorObject[]): void {
    if (this.entries.size >= this.capacity) {
      // drop the oldest half: cheap, and parts of a live document are re-added at once
      let n = this.entries.size >> 1;
      for (const k of this.entries.keys()) {
        if (n-- <= 0) break;
        this.entries.delete(k);
      }
    }
    this.entries.set(key, errors);
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
      const key = source === undefined ? undefined : `${meta.family}\u0000${kind}\u0000${source}`;
      let relative = key === undefined ? undefined : cache!.get(key);
      if (!relative) {
        relative = run(validate, data, '');
        if (key !== undefined) cache!.set(key, relative);
      }
      const prefix = pointerOf(path);
      return relative.length ? relative.map((e) => ({ ...e, instancePath: prefix + e.instancePath })) : relative;
    };
    errors = run(parts.document, value, '');
    value.schema.forEach((stream, i) => {
      errors.push(...run1('stream', parts.stream, ['schema', i], stream));
      if (isRecord(stream) && Array.isArray(stream.properties)) {
        stream.properties.forEach((property, j) => {
          errors.push(...run1('property', parts.property, ['schema', i, 'properties', j], property));
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
