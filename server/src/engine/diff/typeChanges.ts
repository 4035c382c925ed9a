// Compares the declared type of two matched properties: their logicalType, then their Flink column type.
import { compareFlinkTypesForEvolution, describeFrozen, FrozenChange, frozenValue } from './flinkEvolution';
import { normaliseTypeText, TypeVerdict } from './flinkTypes';
import { propertyFlinkType } from './propertyTypes';
import { ChangeSink, str } from './model';
import { cap, fieldAt, PropertyPair, readable, who } from './scope';

/** integer → number keeps every value (a wider logical type); the reverse loses fractions. */
function logicalVerdict(from: string | undefined, to: string | undefined): TypeVerdict {
  if (from === to) return 'same';
  // an untyped property may hold anything: typing it narrows it, untyping it widens it
  if (from === undefined) return 'narrowed';
  if (to === undefined) return 'widened';
  if (from === 'integer' && to === 'number') return 'widened';
  if (from === 'number' && to === 'integer') return 'narrowed';
  return 'incompatible';
}

function combine(a: TypeVerdict, b: TypeVerdict): TypeVerdict {
  if (a === b || b === 'same') return a;
  if (a === 'same') return b;
  return 'incompatible';
}

const CONSEQUENCE: Record<Exclude<TypeVerdict, 'same'>, string> = {
  widened: 'consumers on the old version may receive values they cannot hold',
  narrowed: 'consumers on the new version may meet older values they cannot hold',
  incompatible: 'consumers on either version may fail to read the values of the other version',
};

const HINT: Record<Exclude<TypeVerdict, 'same'>, string> = {
  widened: 'Keep the old type, or bump the major version so that consumers widen their own types first.',
  narrowed: 'Keep the wider type while older events can still be read (replays, compacted topics), or bump the major version.',
  incompatible: 'Publish the new type under a new property name (and keep the old one for a while), or bump the major version.',
};

/**
 * Reports one change per type edit: a logicalType change (which usually changes the Flink type as
 * well) is reported once, as a logical type change; otherwise the Flink column types are compared.
 * Returns the verdict so that the caller skips options and children that no longer compare.
 */
export function compareTypes(sink: ChangeSink, pair: PropertyPair, requiredChanged: boolean): TypeVerdict {
  const { o, n, scope, label } = pair;
  const fromLogical = str(o.value.logicalType);
  const toLogical = str(n.value.logicalType);
  const fromType = propertyFlinkType(o.value);
  const toType = propertyFlinkType(n.value);
  const base = { path: readable(scope, label), newAt: fieldAt(n, ['logicalType'], ['physicalType']), oldAt: fieldAt(o, ['logicalType'], ['physicalType']) };

  // declaring the logical type of a property whose Flink type is known changes nothing by itself
  const typedByFlink = (fromLogical === undefined || toLogical === undefined) && fromType.text !== null && toType.text !== null;
  if (fromLogical !== toLogical && !typedByFlink) {
    let verdict = logicalVerdict(fromLogical, toLogical);
    // declared Flink types on both sides decide too: integer → number is no widening if BIGINT became FLOAT
    const bothDeclared = fromType.source === 'physicalType' && toType.source === 'physicalType';
    let flink = '';
    if (bothDeclared && fromType.type && toType.type) {
      const evolution = compareFlinkTypesForEvolution(fromType.type, toType.type, requiredChanged);
      // a frozen precision or scale breaks both ways, whatever the logical types say
      verdict = combine(verdict, evolution.frozen.length ? 'incompatible' : evolution.verdict);
      flink = fromType.text !== toType.text ? ` (Flink type ${fromType.text} → ${toType.text})` : '';
    } else if (bothDeclared && normaliseTypeText(fromType.text ?? '') !== normaliseTypeText(toType.text ?? '')) {
      verdict = 'incompatible';
      flink = ` (physical type \`${fromType.text}\` → \`${toType.text}\`)`;
    }
    if (verdict === 'same') verdict = 'incompatible';
    const rule = verdict === 'widened' ? 'logical-type-widened' : verdict === 'narrowed' ? 'logical-type-narrowed' : 'logical-type-changed';
    const subject = who(scope, label);
    const change =
      fromLogical === undefined
        ? `${cap(subject)} now has the logical type \`${toLogical}\` (it had none)`
        : toLogical === undefined
          ? `${cap(subject)} no longer has a logical type (it was \`${fromLogical}\`)`
          : `Logical type of ${subject} changed from \`${fromLogical}\` to \`${toLogical}\``;
    sink.add(rule, {
      ...base,
      message: `${change}${flink}: ${CONSEQUENCE[verdict]}.`,
      hint: HINT[verdict],
      data: { from: fromLogical ?? null, to: toLogical ?? null },
    });
    return verdict;
  }

  // the same logical type derives the same Flink type: its options are compared as constraints
  if (fromType.source !== 'physicalType' && toType.source !== 'physicalType') return 'same';
  if (fromType.text === null || toType.text === null) return 'same';
  const physicalAt = { newAt: fieldAt(n, ['physicalType'], ['logicalType']), oldAt: fieldAt(o, ['physicalType'], ['logicalType']) };

  if (fromType.type && toType.type) {
    const { verdict, frozen } = compareFlinkTypesForEvolution(fromType.type, toType.type, requiredChanged);
    if (frozen.length && verdict !== 'incompatible') {
      sink.add('flink-precision-changed', {
        ...base,
        ...physicalAt,
        message: `Flink type of ${who(scope, label)} changed from ${fromType.text} to ${toType.text} (${frozen.map(describeFrozen).join('; ')}): ${frozenConsequence(frozen)}`,
        hint: 'Keep the precision and scale (convert the value in `transformLogic` instead), or publish the new type under a new property name, or bump the major version.',
        data: { from: fromType.text, to: toType.text },
      });
      // the kind of value is the same: its options and children still compare
      return verdict;
    }
    if (verdict === 'same') return 'same';
    const rule = verdict === 'widened' ? 'flink-type-widened' : verdict === 'narrowed' ? 'flink-type-narrowed' : 'flink-type-changed';
    const how = verdict === 'incompatible' ? 'changed' : verdict;
    sink.add(rule, {
      ...base,
      ...physicalAt,
      message: `Flink type of ${who(scope, label)} ${how} from ${fromType.text} to ${toType.text}: ${CONSEQUENCE[verdict]}.`,
      hint: HINT[verdict],
      data: { from: fromType.text, to: toType.text },
    });
    return verdict;
  }

  if (normaliseTypeText(fromType.text) === normaliseTypeText(toType.text)) return 'same';
  const unknown = [fromType, toType].filter((t) => t.source === 'physicalType' && !t.type).map((t) => `\`${t.text}\``);
  sink.add('flink-type-changed', {
    ...base,
    ...physicalAt,
    message: `Physical type of ${who(scope, label)} changed from \`${fromType.text}\` to \`${toType.text}\`; ${unknown.join(' and ')} ${unknown.length > 1 ? 'are not Flink SQL types' : 'is not a Flink SQL type'} streamcontract can compare, so the change is treated as incompatible: ${CONSEQUENCE.incompatible}.`,
    hint: `Use a Flink SQL type in \`physicalType\` (e.g. BIGINT, VARCHAR(20), DECIMAL(10, 2)) so that widening can be recognised; else ${HINT.incompatible.charAt(0).toLowerCase()}${HINT.incompatible.slice(1)}`,
    data: { from: fromType.text, to: toType.text },
  });
  return 'incompatible';
}

/** Why a frozen parameter breaks both directions, in terms of what the serialized value is. */
function frozenConsequence(frozen: FrozenChange[]): string {
  const reasons: string[] = [];
  if (frozen.some((f) => f.what === 'precision')) {
    reasons.push('the precision of a time or timestamp decides its serialized form (Avro `timestamp-millis` up to 3 digits, `timestamp-micros` up to 6; the fractional digits a text format keeps)');
  }
  const scale = frozen.find((f) => f.what === 'scale');
  if (scale) {
    const [a, b] = [frozenValue(scale.from, 'scale'), frozenValue(scale.to, 'scale')];
    reasons.push(`a DECIMAL is serialized as its unscaled integer (Avro \`decimal\` bytes), so a value written with scale ${a} and read with scale ${b} comes out ${10 ** Math.abs(a - b)} times ${b < a ? 'larger' : 'smaller'}`);
  }
  return `${reasons.join('; ')}. Consumers on either version misread the other version's values, and Confluent Schema Registry's Flink type check refuses the change both ways.`;
}
