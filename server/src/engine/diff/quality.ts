// Compares the `quality` checks of a contract, a stream or a property: added, removed, tightened, loosened or otherwise changed.
import { isRecord } from '../locate';
import { at, canonical, ChangeSink, Entry, entries, matchEntries, Place, shown, str } from './model';
import { cap } from './scope';

type Verdict = 'tightened' | 'loosened' | 'changed';

/** The comparison operators of ODCS quality checks; a check has at most one. */
const OPERATORS = ['mustBe', 'mustNotBe', 'mustBeGreaterThan', 'mustBeGreaterOrEqualTo', 'mustBeLessThan', 'mustBeLessOrEqualTo', 'mustBeBetween', 'mustNotBeBetween'];
/** What a check measures: a different one is a different check, not a stricter or looser one. */
const MEASURE = ['type', 'metric', 'query', 'engine', 'implementation'];
/** Known severities, mildest first: raising one makes a failing check count for more. */
const SEVERITIES = ['info', 'warning', 'error', 'critical'];
/** The fields the comparison judges one by one; any other field that differs is only named. */
const COMPARED_FIELDS = new Set([...OPERATORS, ...MEASURE, 'rule', 'arguments', 'severity']);
/** Metrics whose `arguments.validValues` list the allowed values (fewer of them is a stricter check). */
const VALUE_LIST_METRICS = ['invalidValues', 'validValues'];

const CONSEQUENCE: Record<Verdict, string> = {
  tightened: 'data that passed the old check may fail the new one, so the producer must meet the stricter rule',
  loosened: 'consumers that relied on the old rule may now receive data it would have rejected',
  changed: 'the check now accepts different data',
};

export interface QualityOwner {
  o: Entry;
  n: Entry;
  /** "stream `customers`", "property `email` of stream `customers`", "the contract" */
  subject: string;
  /** The readable path of changes: `customers.email`, `customers`, `(contract)`. */
  path: string;
  /** Where the owner is shown when a side has no check to point at. */
  places: (e: Entry) => Place[];
  /** Property checks with `validValues` are allowed values already, compared by `compareEnums`: their lists are left out here. */
  enumsCovered?: boolean;
}

const idOf = (v: Record<string, unknown>) => str(v.id);
const nameOf = (v: Record<string, unknown>) => str(v.name);
// a check without id or name is followed by its whole content, then by what it measures (so a new threshold is a change)
const anonymous = (v: Record<string, unknown>) => idOf(v) === undefined && nameOf(v) === undefined;
const contentOf = (v: Record<string, unknown>) => (anonymous(v) ? `content:${canonical(v)}` : undefined);
const measureOf = (v: Record<string, unknown>) => (anonymous(v) ? `measure:${canonical(MEASURE.map((k) => measured(v, k) ?? null))}` : undefined);

/** A field of what a check measures, with ODCS's defaults: `type` library, and `rule` as the former name of `metric`. */
function measured(check: Record<string, unknown>, key: string): unknown {
  if (key === 'metric') return check.metric ?? check.rule;
  if (key === 'type') return check.type ?? 'library';
  return check[key];
}

/** Policy changes: a quality check binds the producer, never the shape of the payload. */
export function compareQuality(sink: ChangeSink, owner: QualityOwner): void {
  const { o, n } = owner;
  const matching = matchEntries(entries(o.value, 'quality', o.path), entries(n.value, 'quality', n.path), [idOf, nameOf, contentOf, measureOf]);
  const listAt = (e: Entry): Place[] => [at([...e.path, 'quality'], true), ...owner.places(e)];
  const checkAt = (c: Entry): Place[] => [at([...c.path, 'name']), at([...c.path, 'id']), at(c.path)];
  for (const c of matching.added) {
    sink.add('quality-rule-added', {
      message: `${cap(phrase(c.value, 'a'))} was added to ${owner.subject}${requirement(c.value)}.`,
      hint: 'Make sure the producer meets it before publishing; consumers may rely on it from this version on.',
      path: owner.path,
      newAt: checkAt(c),
      oldAt: listAt(o),
      data: { check: checkName(c.value) },
    });
  }
  for (const c of matching.removed) {
    sink.add('quality-rule-removed', {
      message: `${cap(phrase(c.value, 'a'))} of ${owner.subject} was removed${requirement(c.value)}: consumers no longer get its guarantee.`,
      hint: 'Tell consumers that relied on the check; keep it if they still do.',
      path: owner.path,
      newAt: listAt(n),
      oldAt: checkAt(c),
      data: { check: checkName(c.value) },
    });
  }
  for (const [a, b] of matching.pairs) compareCheck(sink, owner, a, b);
}

function compareCheck(sink: ChangeSink, owner: QualityOwner, a: Entry, b: Entry): void {
  const before = a.value;
  const after = b.value;
  const valueList = owner.enumsCovered && isValueList(before) && isValueList(after);
  // `field` names the edit in data; `places` are the keys to underline (an operator may be another key on each side)
  const edits: { field: string; verdict: Verdict | 'neutral'; text: string; places?: string[] }[] = [];

  const fromOp = operatorOf(before);
  const toOp = operatorOf(after);
  if (canonical(fromOp) !== canonical(toOp)) {
    const verdict = compareRanges(rangeOf(fromOp), rangeOf(toOp));
    const places = [toOp?.[0], fromOp?.[0]].filter((k): k is string => k !== undefined);
    edits.push({ field: places[0], verdict, text: `${showOp(fromOp)} → ${showOp(toOp)}`, places });
  }
  for (const key of MEASURE) {
    const [from, to] = [measured(before, key), measured(after, key)];
    if (canonical(from) !== canonical(to)) edits.push({ field: key, verdict: 'changed', text: key === 'query' || key === 'implementation' ? `\`${key}\` changed` : `\`${key}\` ${shown(from)} → ${shown(to)}` });
  }
  const args = (v: Record<string, unknown>) => (isRecord(v.arguments) ? v.arguments : {});
  for (const key of new Set([...Object.keys(args(before)), ...Object.keys(args(after))])) {
    const from = args(before)[key];
    const to = args(after)[key];
    if (canonical(from) === canonical(to)) continue;
    if (key === 'validValues' && valueList) continue;
    const verdict = key === 'validValues' ? compareValueLists(from, to) : 'changed';
    edits.push({ field: `arguments.${key}`, verdict, text: `\`arguments.${key}\` ${shown(from)} → ${shown(to)}` });
  }
  if (canonical(before.severity) !== canonical(after.severity)) {
    edits.push({ field: 'severity', verdict: compareSeverities(before.severity, after.severity), text: `\`severity\` ${shown(before.severity)} → ${shown(after.severity)}` });
  }
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (COMPARED_FIELDS.has(key) || canonical(before[key]) === canonical(after[key])) continue;
    edits.push({ field: key, verdict: 'neutral', text: `\`${key}\` changed` });
  }
  if (!edits.length) return;

  const ordered = edits.filter((e) => e.verdict !== 'neutral').map((e) => e.verdict);
  const verdict: Verdict = ordered.length && ordered.every((v) => v === 'tightened') ? 'tightened' : ordered.length && ordered.every((v) => v === 'loosened') ? 'loosened' : 'changed';
  const rule = verdict === 'tightened' ? 'quality-rule-tightened' : verdict === 'loosened' ? 'quality-rule-loosened' : 'quality-rule-changed';
  // a new severity changes what a failure counts for, not which data fails
  const onlySeverity = edits.every((e) => e.field === 'severity' || e.verdict === 'neutral');
  const consequence = onlySeverity && verdict !== 'changed' ? `a failing check now counts for ${verdict === 'tightened' ? 'more' : 'less'}` : CONSEQUENCE[verdict];
  const fieldAt = (e: Entry): Place[] => [...edits.flatMap((x) => (x.places ?? [x.field]).map((f) => at([...e.path, ...f.split('.')]))), at([...e.path, 'name']), at(e.path)];
  sink.add(rule, {
    message: `${cap(phrase(after, 'the'))} of ${owner.subject} was ${verdict} (${edits.map((e) => e.text).join(', ')})${ordered.length ? `: ${consequence}` : ''}.`,
    hint: verdict === 'loosened' ? 'Tell consumers that relied on the stricter rule.' : verdict === 'tightened' ? 'Make sure the producer meets the new rule before publishing.' : undefined,
    path: owner.path,
    newAt: fieldAt(b),
    oldAt: fieldAt(a),
    data: { check: checkName(after), fields: edits.map((e) => e.field) },
  });
}

function isValueList(check: Record<string, unknown>): boolean {
  return VALUE_LIST_METRICS.includes(String(check.metric ?? check.rule)) && isRecord(check.arguments) && Array.isArray(check.arguments.validValues);
}

function checkName(check: Record<string, unknown>): string | null {
  return str(check.name) ?? str(check.id) ?? null;
}

/** "quality check `email_valid`", else what it measures: "a `nullValues` quality check", "the SQL quality check". */
function phrase(check: Record<string, unknown>, article: 'a' | 'the'): string {
  const name = checkName(check);
  if (name) return `quality check \`${name}\``;
  const metric = str(check.metric) ?? str(check.rule);
  const kind = metric ? `\`${metric}\`` : check.type === 'sql' || typeof check.query === 'string' ? 'SQL' : str(check.engine) ? `\`${String(check.engine)}\`` : check.type === 'text' ? 'text' : '';
  const a = article === 'the' ? 'the' : /^(SQL|`?[aeiou])/i.test(kind) ? 'an' : 'a';
  return `${a} ${kind ? `${kind} ` : ''}quality check`;
}

/** " (`nullValues` `mustBe` `0`)": what the check requires, when it has a threshold. */
function requirement(check: Record<string, unknown>): string {
  const op = operatorOf(check);
  const metric = str(check.metric) ?? str(check.rule);
  return op ? ` (${metric ? `\`${metric}\` ` : typeof check.query === 'string' ? 'query result ' : ''}${showOp(op)})` : '';
}

type Operator = [name: string, value: unknown];

function operatorOf(check: Record<string, unknown>): Operator | null {
  const name = OPERATORS.find((k) => check[k] !== undefined);
  return name ? [name, check[name]] : null;
}

function showOp(op: Operator | null): string {
  return op ? `\`${op[0]}\` ${shown(op[1])}` : 'no threshold';
}

// ---------------------------------------------------------------- thresholds as sets of accepted results

interface Interval {
  lo: number;
  loIn: boolean;
  hi: number;
  hiIn: boolean;
}
/** The results a check accepts: an interval, or everything outside one; null when it cannot be ordered (mustBe a text). */
type Range = { inside: boolean; interval: Interval } | null;

const EVERYTHING: Range = { inside: true, interval: { lo: -Infinity, loIn: false, hi: Infinity, hiIn: false } };

function rangeOf(op: Operator | null): Range {
  if (!op) return EVERYTHING;
  const [name, v] = op;
  const num = typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  const pair = Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? [Math.min(v[0], v[1]), Math.max(v[0], v[1])] : undefined;
  const inside = (lo: number, loIn: boolean, hi: number, hiIn: boolean): Range => ({ inside: true, interval: { lo, loIn, hi, hiIn } });
  switch (name) {
    case 'mustBe':
      return num === undefined ? null : inside(num, true, num, true);
    case 'mustNotBe':
      return num === undefined ? null : { inside: false, interval: { lo: num, loIn: true, hi: num, hiIn: true } };
    case 'mustBeGreaterThan':
      return num === undefined ? null : inside(num, false, Infinity, false);
    case 'mustBeGreaterOrEqualTo':
      return num === undefined ? null : inside(num, true, Infinity, false);
    case 'mustBeLessThan':
      return num === undefined ? null : inside(-Infinity, false, num, false);
    case 'mustBeLessOrEqualTo':
      return num === undefined ? null : inside(-Infinity, false, num, true);
    case 'mustBeBetween':
      return pair ? inside(pair[0], true, pair[1], true) : null;
    case 'mustNotBeBetween':
      return pair ? { inside: false, interval: { lo: pair[0], loIn: true, hi: pair[1], hiIn: true } } : null;
    default:
      return null;
  }
}

/** a ⊆ b for intervals. */
function within(a: Interval, b: Interval): boolean {
  const loOk = a.lo > b.lo || (a.lo === b.lo && (!a.loIn || b.loIn));
  const hiOk = a.hi < b.hi || (a.hi === b.hi && (!a.hiIn || b.hiIn));
  return loOk && hiOk;
}

function disjoint(a: Interval, b: Interval): boolean {
  const before = (x: Interval, y: Interval) => x.hi < y.lo || (x.hi === y.lo && !(x.hiIn && y.loIn));
  return before(a, b) || before(b, a);
}

/** Every result `a` accepts is accepted by `b`. */
function subset(a: NonNullable<Range>, b: NonNullable<Range>): boolean {
  if (a.inside && b.inside) return within(a.interval, b.interval);
  if (!a.inside && !b.inside) return within(b.interval, a.interval);
  if (a.inside) return disjoint(a.interval, b.interval);
  return b.interval.lo === -Infinity && b.interval.hi === Infinity;
}

function compareRanges(from: Range, to: Range): Verdict | 'neutral' {
  if (!from || !to) return 'changed';
  const narrower = subset(to, from);
  const wider = subset(from, to);
  if (narrower && wider) return 'neutral';
  return narrower ? 'tightened' : wider ? 'loosened' : 'changed';
}

/** Fewer valid values reject more data. */
function compareValueLists(from: unknown, to: unknown): Verdict {
  if (!Array.isArray(from) || !Array.isArray(to)) return from === undefined ? 'tightened' : to === undefined ? 'loosened' : 'changed';
  const a = new Set(from.map((x) => canonical(x)));
  const b = new Set(to.map((x) => canonical(x)));
  if ([...b].every((x) => a.has(x))) return 'tightened';
  if ([...a].every((x) => b.has(x))) return 'loosened';
  return 'changed';
}

function compareSeverities(from: unknown, to: unknown): Verdict {
  const a = typeof from === 'string' ? SEVERITIES.indexOf(from.toLowerCase()) : -1;
  const b = typeof to === 'string' ? SEVERITIES.indexOf(to.toLowerCase()) : -1;
  if (a < 0 || b < 0) return 'changed';
  return b > a ? 'tightened' : 'loosened';
}
