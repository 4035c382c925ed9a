// The catalogue of change rules: each stable id with its category, the directions it breaks, and a one-line summary.
import type { ContentModel } from './contentModel';
import { ChangeCategory, Direction } from './types';

export interface ChangeRule {
  category: ChangeCategory;
  /** The directions it breaks by ODCS semantics (the folder registry). */
  breaks: readonly Direction[];
  summary: string;
  /**
   * The directions Confluent Schema Registry's JSON Schema check gives it instead, per content model of the registered
   * schema (open under FORWARD, FULL and NONE; closed under BACKWARD): adding a property to an open model, or removing
   * one from a closed model, is refused in that direction whether the property is optional or not.
   */
  schemaRegistry?: Readonly<Record<ContentModel, readonly Direction[]>>;
}

const BOTH: readonly Direction[] = ['FORWARD', 'BACKWARD'];
const FORWARD: readonly Direction[] = ['FORWARD'];
const BACKWARD: readonly Direction[] = ['BACKWARD'];
const NONE: readonly Direction[] = [];

const compat = (breaks: readonly Direction[], summary: string): ChangeRule => ({ category: 'compatibility', breaks, summary });
const judgedByModel = (rule: ChangeRule, open: readonly Direction[], closed: readonly Direction[]): ChangeRule => ({ ...rule, schemaRegistry: { open, closed } });
const info = (category: ChangeCategory, summary: string): ChangeRule => ({ category, breaks: NONE, summary });

/** Every rule a change can carry; docs/rules.md has one section per id. */
export const CHANGE_RULES = {
  'stream-added': compat(NONE, 'A stream (a new public topic) was added.'),
  'stream-removed': compat(BOTH, 'A stream (a public topic) was removed.'),
  'stream-topic-changed': compat(BOTH, 'A stream is published to a different Kafka topic.'),
  'kafka-format-changed': compat(BOTH, 'The Kafka serialization format changed.'),
  'property-added-optional': judgedByModel(compat(NONE, 'An optional property was added.'), BACKWARD, FORWARD),
  'property-added-required': judgedByModel(compat(BACKWARD, 'A required property was added.'), BACKWARD, BOTH),
  'property-removed-optional': judgedByModel(compat(NONE, 'An optional property was removed.'), FORWARD, BACKWARD),
  'property-removed-required': judgedByModel(compat(FORWARD, 'A required property was removed.'), FORWARD, BOTH),
  'property-renamed': compat(BOTH, 'A property (same stable id) is published under a new name.'),
  'property-made-optional': compat(FORWARD, 'A required property became optional.'),
  'property-made-required': compat(BACKWARD, 'An optional property became required.'),
  'logical-type-widened': compat(FORWARD, 'The logical type was widened (e.g. integer to number).'),
  'logical-type-narrowed': compat(BACKWARD, 'The logical type was narrowed (e.g. number to integer).'),
  'logical-type-changed': compat(BOTH, 'The logical type changed incompatibly.'),
  'flink-type-widened': compat(FORWARD, 'The Flink column type was widened (e.g. INT to BIGINT).'),
  'flink-type-narrowed': compat(BACKWARD, 'The Flink column type was narrowed (e.g. BIGINT to INT).'),
  'flink-type-changed': compat(BOTH, 'The Flink column type changed incompatibly.'),
  'flink-precision-changed': compat(BOTH, 'A TIME/TIMESTAMP precision or a DECIMAL scale changed: the serialized values are read differently.'),
  'array-items-added': compat(BACKWARD, 'An untyped array now declares the type of its elements (`items`).'),
  'array-items-removed': compat(FORWARD, 'An array no longer declares the type of its elements (`items`).'),
  'vector-dimensions-changed': compat(BOTH, 'The number of elements of a vector changed.'),
  'vector-element-type-changed': compat(BOTH, 'The element type of a vector changed (`elementType`, float32 when absent).'),
  'vector-embedding-model-changed': compat(BOTH, 'The vectors come from another embedding model (or model version).'),
  'enum-values-added': compat(FORWARD, 'Allowed values were added.'),
  'enum-values-removed': compat(BACKWARD, 'Allowed values were removed.'),
  'constraint-loosened': compat(FORWARD, 'A value constraint was loosened or removed.'),
  'constraint-tightened': compat(BACKWARD, 'A value constraint was tightened or added.'),
  'constraint-changed': compat(BOTH, 'A value constraint changed in a way that is neither looser nor tighter.'),
  'primary-key-changed': compat(BOTH, 'The key of the upsert topic changed.'),
  'unique-added': compat(BACKWARD, 'A property is now declared unique.'),
  'unique-removed': compat(FORWARD, 'A property is no longer declared unique.'),
  'classification-changed': info('policy', 'The classification (sensitivity) of a property changed.'),
  'quality-rule-added': info('policy', 'A quality check was added.'),
  'quality-rule-removed': info('policy', 'A quality check was removed.'),
  'quality-rule-tightened': info('policy', 'A quality check now accepts less (a stricter threshold, fewer valid values, a higher severity).'),
  'quality-rule-loosened': info('policy', 'A quality check now accepts more (a looser threshold, more valid values, a lower severity).'),
  'quality-rule-changed': info('policy', 'A quality check changed in a way that is neither stricter nor looser (another metric or query, its documentation).'),
  'compatibility-mode-changed': info('policy', "The contract's compatibility mode changed."),
  'contract-deprecated': info('lifecycle', 'The contract was deprecated.'),
  'contract-retired': info('lifecycle', 'The contract was retired.'),
  'status-changed': info('lifecycle', "The contract's status changed."),
  'stream-name-changed': info('documentation', "A stream's logical name changed; its topic did not."),
  'property-name-changed': info('documentation', "A property's logical name changed; its payload name did not."),
  'description-changed': info('documentation', 'A description changed.'),
  'business-name-changed': info('documentation', 'A business name changed.'),
  'tags-changed': info('documentation', 'Tags changed.'),
  'examples-changed': info('documentation', 'Examples changed.'),
  'transform-changed': info('documentation', 'How a value or a stream is computed from its sources changed.'),
  'vector-metadata-changed': info('documentation', "A vector's embedding model was declared or dropped, or its intended distance metric changed."),
} satisfies Record<string, ChangeRule>;

export type ChangeRuleId = keyof typeof CHANGE_RULES;

/** Where a rule is documented (docs/rules.md, anchor = rule id). */
export function ruleDocAnchor(rule: string): string {
  return `docs/rules.md#${rule}`;
}
