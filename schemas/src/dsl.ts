// Small helpers for writing the ODCS meta-schemas once, with per-version conditionals.

/** ODCS minor versions that have their own meta-schema. */
export type Version = '3.0' | '3.1' | '3.2';

export const VERSIONS: readonly Version[] = ['3.0', '3.1', '3.2'];

/** A JSON Schema node. Keys whose value is `undefined` are dropped when the schema is serialised. */
export type Schema = { [keyword: string]: unknown };

const ORDER: Record<Version, number> = { '3.0': 0, '3.1': 1, '3.2': 2 };

/** True when `v` is `min` or a later version. */
export function atLeast(v: Version, min: Version): boolean {
  return ORDER[v] >= ORDER[min];
}

/** `value` for versions from `min` on, otherwise `undefined` (the key disappears from the output). */
export function since<T>(v: Version, min: Version, value: T): T | undefined {
  return atLeast(v, min) ? value : undefined;
}

/** `value` for versions before `max`, otherwise `undefined`. */
export function before<T>(v: Version, max: Version, value: T): T | undefined {
  return atLeast(v, max) ? undefined : value;
}

/** Picks the entry of the latest version that is not newer than `v`. */
export function byVersion<T>(v: Version, table: Partial<Record<Version, T>> & { '3.0': T }): T {
  let result = table['3.0'];
  for (const candidate of VERSIONS) {
    const value = table[candidate];
    if (atLeast(v, candidate) && value !== undefined) result = value;
  }
  return result;
}

/** Keeps only the defined entries of a list (for arrays such as `allOf` or `required`). */
export function list<T>(...items: (T | undefined | false)[]): T[] {
  return items.filter((item): item is T => item !== undefined && item !== false);
}

/** Reference to a definition in the same document. */
export function ref(name: string, description?: string, extra: Schema = {}): Schema {
  return { $ref: `#/$defs/${name}`, description, ...extra };
}

export function str(description: string, extra: Schema = {}): Schema {
  return { type: 'string', description, ...extra };
}

export function bool(description: string, extra: Schema = {}): Schema {
  return { type: 'boolean', description, ...extra };
}

export function int(description: string, extra: Schema = {}): Schema {
  return { type: 'integer', description, ...extra };
}

export function num(description: string, extra: Schema = {}): Schema {
  return { type: 'number', description, ...extra };
}

export function arrayOf(items: Schema, description: string, extra: Schema = {}): Schema {
  return { type: 'array', description, items, ...extra };
}

/** A value with a fixed list of allowed strings; each entry is `[value, what it means]`. */
export function enumStr(description: string, values: readonly (readonly [string, string])[], extra: Schema = {}): Schema {
  return {
    type: 'string',
    description,
    enum: values.map(([value]) => value),
    enumDescriptions: values.map(([, meaning]) => meaning),
    ...extra,
  };
}

/** `if` condition: the instance has `key` equal to `value`. */
export function whenEquals(key: string, value: string, requireKey = true): Schema {
  return { properties: { [key]: { const: value } }, required: requireKey ? [key] : undefined };
}
