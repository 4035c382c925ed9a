// The semantic rules run after meta-schema validation, in a fixed order.
import { Rule } from './context';
import { duplicateIdRule, duplicatePropertyNameRule, primaryKeyPositionRule } from './identity';
import { untypedPropertyRule } from './schemaQuirks';
import { kafkaServerHostRule, streamingCustomPropertiesRule, upsertKeyRule } from './streaming';
import { apiVersionRule, semverRule, statusRule } from './versions';

export { RuleContext } from './context';

export const RULES: readonly Rule[] = [
  apiVersionRule,
  semverRule,
  statusRule,
  duplicatePropertyNameRule,
  duplicateIdRule,
  primaryKeyPositionRule,
  kafkaServerHostRule,
  streamingCustomPropertiesRule,
  upsertKeyRule,
  untypedPropertyRule,
];
