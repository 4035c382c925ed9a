// Relationships between properties (foreign keys), on schema objects and on properties (ODCS 3.1 and later).
import { customProperties } from './common';
import { arrayOf, enumStr, ref, since, str, type Schema, type Version } from './dsl';

const REFERENCE: Schema = { anyOf: [ref('ShorthandReference'), ref('FullyQualifiedReference')] };

function endpoint(role: string): Schema {
  return {
    description: `${role} property, or a list of properties for a composite key.`,
    oneOf: [
      { ...REFERENCE, description: `${role} property, as \`object.property\` or as an id path.` },
      arrayOf(REFERENCE, `${role} properties of a composite key, in key order.`, { minItems: 1 }),
    ],
  };
}

/** Definitions of relationships; none exist before 3.1. */
export function relationshipDefs(v: Version): Record<string, Schema | undefined> {
  if (v === '3.0') return {};
  return {
    RelationshipBase: {
      type: 'object',
      description: 'Fields shared by all relationships.',
      properties: {
        id: since(v, '3.2', str('Identifier of this relationship, unique in its list and stable across contract versions.')),
        type: enumStr('Kind of relationship.', [['foreignKey', 'The source values must exist in the target property.']], {
          default: 'foreignKey',
        }),
        from: endpoint('Source'),
        to: endpoint('Target'),
        customProperties: customProperties(),
      },
    },
    RelationshipSchemaLevel: {
      type: 'object',
      description: 'A relationship declared on a schema object: `from` and `to` are both single references or both lists.',
      allOf: [
        ref('RelationshipBase'),
        { required: ['from', 'to'] },
        {
          oneOf: [
            {
              description: 'Single-property relationship.',
              properties: { from: str('Source property reference.'), to: str('Target property reference.') },
            },
            {
              description: 'Composite-key relationship.',
              properties: {
                from: arrayOf(str('One source property reference.'), 'Source property references.', { minItems: 1 }),
                to: arrayOf(str('One target property reference.'), 'Target property references.', { minItems: 1 }),
              },
            },
          ],
        },
      ],
      unevaluatedProperties: false,
    },
    RelationshipPropertyLevel: {
      type: 'object',
      description: 'A relationship declared on a property: the property itself is the source, so only `to` is given.',
      allOf: [ref('RelationshipBase'), { type: 'object', required: ['to'] }, { not: { required: ['from'] } }],
      unevaluatedProperties: false,
    },
    Relationship: {
      description: 'A relationship declared either on a schema object or on a property.',
      oneOf: [ref('RelationshipSchemaLevel'), ref('RelationshipPropertyLevel')],
    },
  };
}
