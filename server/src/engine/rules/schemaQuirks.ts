// Clearer words for meta-schema verdicts that follow the ODCS standard but read as puzzles.
import { isRecord } from '../locate';
import { pointerOf } from '../validate';
import { Rule } from './context';

/**
 * ODCS 3.2 applies its per-logicalType conditions even when `logicalType` is absent, so an untyped
 * property must declare `map`. The verdict stays; the message says what the author should do.
 */
export const untypedPropertyRule: Rule = (ctx) => {
  if (ctx.value.apiVersion !== 'v3.2.0') return;
  for (const { stream, path } of ctx.streams()) {
    if (!Array.isArray(stream.properties)) continue;
    stream.properties.forEach((property, i) => {
      if (!isRecord(property) || 'logicalType' in property || 'map' in property) return;
      const at = [...path, 'properties', i];
      const name = typeof property.name === 'string' ? ` \`${property.name}\`` : '';
      ctx.report('schema-missing-key', 'error', `Property${name} has no \`logicalType\`: ODCS 3.2 then expects a \`map\` definition. Declare its type, e.g. \`logicalType: string\`.`, ctx.ownerSpan(at));
      ctx.suppress(pointerOf(at), 'required', 'map');
    });
  }
};
