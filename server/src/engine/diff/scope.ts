// How a property is named in changes: its stream, the enclosing properties, and the places to underline.
import { at, Entry, Place, str } from './model';

/** Where a property list sits: its stream, and the readable and payload names of the enclosing properties. */
export interface Scope {
  stream: string;
  topic: string;
  labels: string[];
  payload: string[];
}

/** A matched pair of properties and how to name it. */
export interface PropertyPair {
  o: Entry;
  n: Entry;
  label: string;
  scope: Scope;
  /**
   * The payload path segment of a value that is not a named field: `lines[]` for the elements of the array `lines`,
   * `attrs{value}` for the values of the map `attrs` (after the field's payload name, not its label).
   */
  payload?: string;
}

export function labelOf(value: Record<string, unknown>, fallback: string): string {
  return str(value.name) ?? str(value.physicalName) ?? fallback;
}

/** "property `address.zip` of stream `customers`" */
export function who(scope: Scope, label: string): string {
  return `property \`${[...scope.labels, label].join('.')}\` of stream \`${scope.stream}\``;
}

/** "`address` of stream `customers`", or "stream `customers`" for a top-level property list. */
export function where(scope: Scope): string {
  return scope.labels.length ? `\`${scope.labels.join('.')}\` of stream \`${scope.stream}\`` : `stream \`${scope.stream}\``;
}

/** The readable path of a change: `customers.address.zip`, `customers.lines[].sku`. */
export function readable(scope: Scope, label: string): string {
  return [scope.stream, ...scope.labels, label].join('.');
}

export const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Where a change to one field of a property is shown: the field itself, else the property's name. */
export function fieldAt(entry: Entry, ...fields: (string | number)[][]): Place[] {
  return [...fields.map((f) => at([...entry.path, ...f])), at([...entry.path, 'name']), at(entry.path)];
}
