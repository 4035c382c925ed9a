// Compares what values a property allows: logicalTypeOptions constraints and enumerations (ODCS `enum` or an invalidValues check).
import { isRecord } from '../locate';
import { Path } from '../types';
import { at, canonical, ChangeSink, Entry, optionsOf, Place, str } from './model';
import { fieldAt, PropertyPair, readable, who } from './scope';
import { isVectorPair, VECTOR_OPTIONS } from './vectors';

type Verdict = 'tightened' | 'loosened' | 'changed';

/** Bounds whose larger value allows fewer values. */
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
/** Bounds whose smaller value allows fewer values. */
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
/** Options that change how values are read rather than which values are allowed: any edit breaks both ways. */
const REINTERPRETING = ['timezone', 'defaultTimezone'];
/** What an absent option means, where ODCS gives it a meaning. */
const DEFAULTS: Record<string, unknown> = { uniqueItems: false, timezone: false, defaultTimezone: 'Etc/UTC', normalized: false };
/** Options that, once true, allow fewer values: distinct items, unit-length vectors. */
const FLAGS = ['uniqueItems', 'normalized'];

const INT_FORMAT = /^([iu])(8|16|32|64|128)$/;
const FLOAT_FORMAT = /^f(32|64)$/;

const CONSEQUENCE: Record<Verdict, string> = {
  tightened: 'consumers on the new version may reject values that events produced under the old version hold',
  loosened: 'consumers on the old version may receive values that their own checks reject',
  changed: 'values valid under one version may be invalid under the other',
};

const HINT: Record<Verdict, string> = {
  tightened: 'Keep the old constraint while older events can still be read (replays, compacted topics), or bump the major version.',
  loosened: 'Keep the old constraint, or bump the major version so that consumers relax their own checks first.',
  changed: 'Keep the old constraint, or bump the major version.',
};

function numberOrDate(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
    const d = Date.parse(v);
    if (Number.isFinite(d)) return d;
  }
  return undefined;
}

/** Integer and float formats order by the values they hold: i32 ⊂ i64, u16 ⊂ i32, f32 ⊂ f64. */
function formatFits(a: string, b: string): boolean {
  const ia = INT_FORMAT.exec(a);
  const ib = INT_FORMAT.exec(b);
  if (ia && ib) {
    const [bitsA, bitsB] = [Number(ia[2]), Number(ib[2])];
    if (ia[1] === ib[1]) return bitsA <= bitsB;
    return ia[1] === 'u' && ib[1] === 'i' && bitsA < bitsB;
  }
  const fa = FLOAT_FORMAT.exec(a);
  const fb = FLOAT_FORMAT.exec(b);
  return !!fa && !!fb && Number(fa[1]) <= Number(fb[1]);
}

/** How an edit of one option (both values present and different) moves the set of allowed values. */
function verdictOf(key: string, from: unknown, to: unknown, logicalType: string | undefined): Verdict {
  if (REINTERPRETING.includes(key)) return 'changed';
  const lower = LOWER_BOUNDS.includes(key);
  if (lower || UPPER_BOUNDS.includes(key)) {
    const a = numberOrDate(from);
    const b = numberOrDate(to);
    if (a === undefined || b === undefined) return 'changed';
    return (b > a) === lower ? 'tightened' : 'loosened';
  }
  if (FLAGS.includes(key)) return to === true ? 'tightened' : 'loosened';
  if (key === 'format' && (logicalType === 'integer' || logicalType === 'number') && typeof from === 'string' && typeof to === 'string') {
    if (formatFits(from, to)) return 'loosened';
    if (formatFits(to, from)) return 'tightened';
    return 'changed';
  }
  if (key === 'multipleOf' && typeof from === 'number' && typeof to === 'number' && from > 0 && to > 0) {
    if (isMultiple(to, from)) return 'tightened';
    if (isMultiple(from, to)) return 'loosened';
    return 'changed';
  }
  if (key === 'required' && Array.isArray(from) && Array.isArray(to)) {
    const a = new Set(from.map((x) => canonical(x)));
    const b = new Set(to.map((x) => canonical(x)));
    if ([...a].every((x) => b.has(x))) return 'tightened';
    if ([...b].every((x) => a.has(x))) return 'loosened';
  }
  // a pattern or a string format cannot be ordered: a different one accepts different values
  return 'changed';
}

function isMultiple(a: number, b: number): boolean {
  const q = a / b;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

function showValue(v: unknown): string {
  return `\`${typeof v === 'string' ? v : canonical(v)}\``;
}

export function compareConstraints(sink: ChangeSink, pair: PropertyPair): void {
  const { o, n, scope, label } = pair;
  const before = optionsOf(o.value);
  const after = optionsOf(n.value);
  const logicalType = str(n.value.logicalType);
  // a vector's shape, element type and model are not value constraints: `compareVectorOptions` judges them
  const skipped = isVectorPair(pair) ? VECTOR_OPTIONS : [];
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])].filter((key) => !skipped.includes(key));
  for (const key of keys) {
    const hadIt = key in before;
    const hasIt = key in after;
    const from = hadIt ? before[key] : DEFAULTS[key];
    const to = hasIt ? after[key] : DEFAULTS[key];
    if (canonical(from) === canonical(to)) continue;
    const subject = who(scope, label);
    let verdict: Verdict;
    let edit: string;
    if (from === undefined) {
      verdict = REINTERPRETING.includes(key) ? 'changed' : 'tightened';
      edit = `Constraint \`${key}\` ${showValue(to)} was added to ${subject}`;
    } else if (to === undefined) {
      verdict = REINTERPRETING.includes(key) ? 'changed' : 'loosened';
      edit = `Constraint \`${key}\` ${showValue(from)} was removed from ${subject}`;
    } else {
      verdict = verdictOf(key, from, to, logicalType);
      const a = numberOrDate(from);
      const b = numberOrDate(to);
      const bound = LOWER_BOUNDS.includes(key) || UPPER_BOUNDS.includes(key);
      const ordered = verdict !== 'changed' && key === 'format' ? (verdict === 'loosened' ? 'widened' : 'narrowed') : 'changed';
      const moved = bound && a !== undefined && b !== undefined ? (b > a ? 'raised' : 'lowered') : ordered;
      edit = `Constraint \`${key}\` of ${subject} was ${moved} from ${showValue(from)} to ${showValue(to)}`;
    }
    const rule = verdict === 'tightened' ? 'constraint-tightened' : verdict === 'loosened' ? 'constraint-loosened' : 'constraint-changed';
    // a time zone option does not filter values, it changes what every value means
    const consequence = REINTERPRETING.includes(key) ? 'consumers on the two versions read the same timestamps differently' : CONSEQUENCE[verdict];
    sink.add(rule, {
      message: `${edit}: ${consequence}.`,
      hint: HINT[verdict],
      path: readable(scope, label),
      newAt: fieldAt(n, ['logicalTypeOptions', key], ['logicalTypeOptions']),
      oldAt: fieldAt(o, ['logicalTypeOptions', key], ['logicalTypeOptions']),
      data: { constraint: key, from: from ?? null, to: to ?? null },
    });
  }
}

// ---------------------------------------------------------------- enumerations

interface AllowedValues {
  /** canonical value → the value and where it is written */
  values: Map<string, { value: unknown; path: Path }>;
  /** where the list is declared (`enum:`, or the check's `validValues:`) */
  place: Place;
}

/**
 * The values a property allows: ODCS 3.2 `enum`, and in any version a quality check with
 * `metric: invalidValues` and `arguments.validValues`. When both are present, a value must pass both.
 */
function allowedValues(entry: Entry): AllowedValues | null {
  const sources: AllowedValues[] = [];
  const list = entry.value.enum;
  if (Array.isArray(list)) {
    const values = new Map<string, { value: unknown; path: Path }>();
    list.forEach((item, i) => {
      const value = isRecord(item) && 'value' in item ? item.value : item;
      const path = isRecord(item) && 'value' in item ? [...entry.path, 'enum', i, 'value'] : [...entry.path, 'enum', i];
      if (!values.has(canonical(value))) values.set(canonical(value), { value, path });
    });
    sources.push({ values, place: at([...entry.path, 'enum'], true) });
  }
  const checks = entry.value.quality;
  if (Array.isArray(checks)) {
    checks.forEach((check, qi) => {
      if (!isRecord(check) || !isRecord(check.arguments) || !Array.isArray(check.arguments.validValues)) return;
      const metric = check.metric ?? check.rule;
      if (metric !== 'invalidValues' && metric !== 'validValues') return;
      const base = [...entry.path, 'quality', qi, 'arguments', 'validValues'];
      const values = new Map<string, { value: unknown; path: Path }>();
      check.arguments.validValues.forEach((value, i) => values.has(canonical(value)) || values.set(canonical(value), { value, path: [...base, i] }));
      sources.push({ values, place: at(base) });
    });
  }
  if (!sources.length) return null;
  const [first, ...rest] = sources;
  const values = new Map([...first.values].filter(([k]) => rest.every((s) => s.values.has(k))));
  return { values, place: first.place };
}

function listValues(values: unknown[]): string {
  const shownValues = values.slice(0, 5).map(showValue).join(', ');
  return values.length > 5 ? `${shownValues} and ${values.length - 5} more` : shownValues;
}

export function compareEnums(sink: ChangeSink, pair: PropertyPair): void {
  const { o, n, scope, label } = pair;
  const before = allowedValues(o);
  const after = allowedValues(n);
  if (!before && !after) return;
  const path = readable(scope, label);
  const subject = who(scope, label);
  const placesOf = (side: AllowedValues | null, entry: Entry): Place[] => [...(side ? [side.place] : []), ...fieldAt(entry)];

  if (!before || !after) {
    const restricted = !before;
    const values = [...(after ?? before)!.values.values()].map((v) => v.value);
    sink.add(restricted ? 'constraint-tightened' : 'constraint-loosened', {
      message: restricted
        ? `Values of ${subject} are now restricted to ${listValues(values)}: ${CONSEQUENCE.tightened}.`
        : `Values of ${subject} are no longer restricted (they were ${listValues(values)}): ${CONSEQUENCE.loosened}.`,
      hint: HINT[restricted ? 'tightened' : 'loosened'],
      path,
      newAt: placesOf(after, n),
      oldAt: placesOf(before, o),
      data: { constraint: 'enum', from: before ? values : null, to: after ? values : null },
    });
    return;
  }

  const added = [...after.values].filter(([k]) => !before.values.has(k)).map(([, v]) => v);
  const removed = [...before.values].filter(([k]) => !after.values.has(k)).map(([, v]) => v);
  const plural = (list: unknown[]) => (list.length === 1 ? 'Value' : 'Values');
  if (added.length) {
    sink.add('enum-values-added', {
      message: `${plural(added)} ${listValues(added.map((v) => v.value))} added to the allowed values of ${subject}: consumers on the old version may receive a value they do not know.`,
      hint: 'Make sure consumers on the old version tolerate unknown values, or bump the major version.',
      path,
      newAt: [at(added[0].path), ...placesOf(after, n)],
      oldAt: placesOf(before, o),
      data: { values: added.map((v) => v.value) },
    });
  }
  if (removed.length) {
    sink.add('enum-values-removed', {
      message: `${plural(removed)} ${listValues(removed.map((v) => v.value))} removed from the allowed values of ${subject}: consumers on the new version may still meet ${removed.length === 1 ? 'it' : 'them'} in events produced under the old version.`,
      hint: 'Keep the value allowed while older events can still be read (replays, compacted topics), or bump the major version.',
      path,
      newAt: placesOf(after, n),
      oldAt: [at(removed[0].path), ...placesOf(before, o)],
      data: { values: removed.map((v) => v.value) },
    });
  }
}
