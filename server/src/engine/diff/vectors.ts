// Compares the options of ODCS 3.2 vector properties (embeddings): their shape, their element type and the model that produced them.
import { canonical, ChangeSink, optionsOf } from './model';
import { fieldAt, PropertyPair, readable, who } from './scope';

/** The vector options this file compares; `normalized` stays a constraint (unit-length vectors are fewer values). */
export const VECTOR_OPTIONS = ['dimensions', 'elementType', 'embeddingModel', 'embeddingModelVersion', 'distanceMetric'];

/** ODCS 3.2: `elementType` defaults to float32, so writing it out changes nothing. */
const ELEMENT_TYPE_DEFAULT = 'float32';
const MODEL_FIELDS = ['embeddingModel', 'embeddingModelVersion'];

export function isVectorPair(pair: PropertyPair): boolean {
  return pair.o.value.logicalType === 'vector' && pair.n.value.logicalType === 'vector';
}

const shown = (v: unknown) => (v === undefined ? '(none)' : `\`${typeof v === 'string' ? v : canonical(v)}\``);

export function compareVectorOptions(sink: ChangeSink, pair: PropertyPair): void {
  if (!isVectorPair(pair)) return;
  const { o, n, scope, label } = pair;
  const before = optionsOf(o.value);
  const after = optionsOf(n.value);
  const subject = who(scope, label);
  const placesFor = (fields: string[]) => ({
    path: readable(scope, label),
    newAt: fieldAt(n, ...fields.map((f) => ['logicalTypeOptions', f]), ['logicalTypeOptions']),
    oldAt: fieldAt(o, ...fields.map((f) => ['logicalTypeOptions', f]), ['logicalTypeOptions']),
  });
  const hint = 'Publish the new vectors under a new property (keep the old one while consumers move), or bump the major version.';

  if (canonical(before.dimensions) !== canonical(after.dimensions)) {
    sink.add('vector-dimensions-changed', {
      ...placesFor(['dimensions']),
      message: `Vectors of ${subject} now have ${shown(after.dimensions)} elements (was ${shown(before.dimensions)}): a fixed-length vector field does not take the other length, and vectors of different lengths cannot be compared, so consumers on either version cannot use the other version's vectors.`,
      hint,
      data: { from: before.dimensions ?? null, to: after.dimensions ?? null },
    });
  }

  const fromElement = before.elementType ?? ELEMENT_TYPE_DEFAULT;
  const toElement = after.elementType ?? ELEMENT_TYPE_DEFAULT;
  if (canonical(fromElement) !== canonical(toElement)) {
    sink.add('vector-element-type-changed', {
      ...placesFor(['elementType']),
      message: `Element type of the vectors of ${subject} changed from ${shown(fromElement)} to ${shown(toElement)}: each element is stored and compared differently (a float, a quantised integer, a bit), so consumers on either version misread the other version's vectors.`,
      hint,
      data: { from: fromElement, to: toElement },
    });
  }

  const modelEdits = MODEL_FIELDS.filter((f) => canonical(before[f]) !== canonical(after[f]));
  if (modelEdits.length) {
    const what = modelEdits.map((f) => `\`${f}\` ${shown(before[f])} → ${shown(after[f])}`).join(', ');
    // declaring the model for the first time (or no longer declaring it) documents the vectors; a different model changes them
    const replaced = modelEdits.some((f) => before[f] !== undefined && after[f] !== undefined);
    if (replaced) {
      sink.add('vector-embedding-model-changed', {
        ...placesFor(modelEdits),
        message: `Vectors of ${subject} now come from another embedding model (${what}): vectors of different models live in different spaces, so comparing new vectors with older ones (similarity search, clustering, deduplication) gives meaningless results on either version, although every event still reads.`,
        hint: 'Publish the new model\'s vectors under a new property and re-embed stored vectors before consumers switch, or bump the major version.',
        data: { fields: modelEdits, from: pick(before, modelEdits), to: pick(after, modelEdits) },
      });
    } else {
      sink.add('vector-metadata-changed', {
        ...placesFor(modelEdits),
        message: `The embedding model of the vectors of ${subject} is ${modelEdits.every((f) => after[f] !== undefined) ? 'now declared' : 'no longer declared'} (${what}).`,
        data: { fields: modelEdits, from: pick(before, modelEdits), to: pick(after, modelEdits) },
      });
    }
  }

  if (canonical(before.distanceMetric) !== canonical(after.distanceMetric)) {
    sink.add('vector-metadata-changed', {
      ...placesFor(['distanceMetric']),
      message: `The intended distance metric of the vectors of ${subject} changed from ${shown(before.distanceMetric)} to ${shown(after.distanceMetric)}; the vectors themselves are unchanged.`,
      hint: 'Tell consumers that rank or cluster these vectors: their results change with the metric.',
      data: { fields: ['distanceMetric'], from: { distanceMetric: before.distanceMetric ?? null }, to: { distanceMetric: after.distanceMetric ?? null } },
    });
  }
}

function pick(options: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, options[f] ?? null]));
}
