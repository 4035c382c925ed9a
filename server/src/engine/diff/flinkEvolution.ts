// How a published Flink column type may evolve: like value fit, except that the precision and scale the serialized form depends on are frozen.
import { compareFlinkTypes, FlinkType, renderFlinkType, TypeVerdict } from './flinkTypes';

/** One place inside a type where a frozen parameter differs: `TIMESTAMP(3)` → `TIMESTAMP(6)`, or a DECIMAL's scale. */
export interface FrozenChange {
  /** Where inside the type: `` (the type itself), `[]` (array element), `{value}`, `.field`. */
  at: string;
  what: 'precision' | 'scale';
  from: FlinkType;
  to: FlinkType;
}

export interface EvolutionVerdict {
  /** The value-fit verdict once the frozen parameters are set aside; `incompatible` says the types differ beyond them. */
  verdict: TypeVerdict;
  /** The frozen parameters that changed: any of them breaks both directions. */
  frozen: FrozenChange[];
}

const MAX_DEPTH = 32;

/**
 * Compares an old and a new published type. Every old value may well fit the new type (TIMESTAMP(3) values fit
 * TIMESTAMP(6)), and `compareFlinkTypes` says so for its value-fit callers; but a registered stream's events keep the
 * serialized form of their type: Avro writes TIMESTAMP(3) as `timestamp-millis` and TIMESTAMP(6) as
 * `timestamp-micros`, TIME likewise, and a DECIMAL as its unscaled integer, read back with the reader's scale. So, as
 * Confluent's Flink type check does, a change of TIME/TIMESTAMP/TIMESTAMP_LTZ precision or DECIMAL scale is frozen,
 * at any depth; a DECIMAL's precision may still grow (a widening) or shrink (a narrowing).
 */
export function compareFlinkTypesForEvolution(oldType: FlinkType, newType: FlinkType, ignoreNullability = false): EvolutionVerdict {
  const frozen: FrozenChange[] = [];
  const aligned = align(oldType, newType, '', frozen, 0);
  return { verdict: compareFlinkTypes(aligned, newType, ignoreNullability), frozen };
}

/** The old type with each frozen parameter set to the new one's, so that what remains can be compared as values. */
function align(a: FlinkType, b: FlinkType, at: string, frozen: FrozenChange[], depth: number): FlinkType {
  if (depth > MAX_DEPTH) return a;
  switch (a.kind) {
    case 'time':
    case 'timestamp':
    case 'timestamp_ltz':
      if (b.kind !== a.kind || b.precision === a.precision) return a;
      frozen.push({ at, what: 'precision', from: a, to: b });
      return { ...a, precision: b.precision };
    case 'decimal':
      if (b.kind !== 'decimal' || b.scale === a.scale) return a;
      frozen.push({ at, what: 'scale', from: a, to: b });
      // the integer digits are what the precision still decides: DECIMAL(10, 2) → DECIMAL(12, 4) keeps 8 of them
      return { ...a, scale: b.scale, precision: Math.min(38, Math.max(b.scale, a.precision - a.scale + b.scale)) };
    case 'array':
    case 'multiset':
      return b.kind === a.kind ? { ...a, element: align(a.element, b.element, `${at}[]`, frozen, depth + 1) } : a;
    case 'map':
      return b.kind === 'map' ? { ...a, key: align(a.key, b.key, `${at}{key}`, frozen, depth + 1), value: align(a.value, b.value, `${at}{value}`, frozen, depth + 1) } : a;
    case 'row':
      if (b.kind !== 'row' || b.fields.length !== a.fields.length || a.fields.some((f, i) => f.name !== b.fields[i].name)) return a;
      return { ...a, fields: a.fields.map((f, i) => ({ name: f.name, type: align(f.type, b.fields[i].type, `${at}.${f.name}`, frozen, depth + 1) })) };
    default:
      return a;
  }
}

/** The frozen parameter's value: a temporal type's precision, a DECIMAL's scale. */
export function frozenValue(type: FlinkType, what: FrozenChange['what']): number {
  if (what === 'scale') return type.kind === 'decimal' ? type.scale : 0;
  return type.kind === 'time' || type.kind === 'timestamp' || type.kind === 'timestamp_ltz' ? type.precision : 0;
}

/** "TIMESTAMP precision 3 → 6", "DECIMAL scale 2 → 4 at `{value}`": which parameter, and where inside the type when it is nested. */
export function describeFrozen(change: FrozenChange): string {
  const kind = renderFlinkType({ ...change.from, notNull: false } as FlinkType).split('(')[0];
  return `${kind} ${change.what} ${frozenValue(change.from, change.what)} → ${frozenValue(change.to, change.what)}${change.at ? ` at \`${change.at}\`` : ''}`;
}
