// Shared building blocks of the ODCS meta-schemas: identifiers, tags, custom properties, authoritative definitions.
import { arrayOf, byVersion, ref, since, str, type Schema, type Version } from './dsl';

/** Description used wherever an element carries a stable `id`. */
export const STABLE_ID_TEXT =
  'Stable technical identifier of this element, unique among its siblings; other parts of the contract can reference it by this id.';

export function stableId(v: Version, description = STABLE_ID_TEXT): Schema | undefined {
  return since(v, '3.1', ref('StableId', description));
}

export function tags(description = 'Free-form labels used to categorise and search for this element.'): Schema {
  return ref('Tags', description);
}

export function customProperties(description = 'Extra key/value pairs for facts the standard has no field for.'): Schema {
  return ref('CustomProperties', description);
}

export function authoritativeDefinitions(
  description = 'Links to the authoritative sources for this element, such as a business glossary entry or a catalog page.',
): Schema {
  return ref('AuthoritativeDefinitions', description);
}

function customProperty(v: Version): Schema {
  return {
    type: 'object',
    description: 'One custom key/value pair attached to the surrounding element.',
    properties: {
      id: stableId(v),
      property: str('Name of the custom key; use camelCase as if it were a regular field of the contract.'),
      value: ref('AnyType', 'Value of the custom key; any YAML value is accepted.'),
      description: since(v, '3.1', str('Explains what this custom property means.')),
      vendor: since(
        v,
        '3.2',
        str('Tool or vendor this custom property belongs to, as a short lowercase identifier such as `collibra`.'),
      ),
    },
    required: since(v, '3.1', ['property', 'value']),
    additionalProperties: since(v, '3.1', false),
  };
}

function authoritativeDefinition(v: Version): Schema {
  return {
    type: 'object',
    description: 'A link to a source that is authoritative for the surrounding element.',
    properties: {
      id: stableId(v),
      url: str('Where the authoritative definition lives, usually a web address.'),
      type: str(
        'Kind of definition behind the link, for example `businessDefinition`, `transformationImplementation`, `videoTutorial` or `tutorial`.',
      ),
      description: since(v, '3.1', str('Short note on what the linked resource contains.')),
    },
    required: ['url', 'type'],
    additionalProperties: since(v, '3.1', false),
  };
}

const ANY_SCALAR: Schema[] = [
  { type: 'string' },
  { type: 'number' },
  { type: 'integer' },
  { type: 'boolean' },
  { type: 'null' },
];

/** Definitions used across the whole document. */
export function commonDefs(v: Version): Record<string, Schema | undefined> {
  return {
    StableId: since(v, '3.1', {
      type: 'string',
      description: 'Identifier made of letters, digits, `_` and `-` only, kept stable across contract versions.',
      pattern: '^[A-Za-z0-9_-]+$',
    }),
    ShorthandReference: since(v, '3.1', {
      type: 'string',
      description: 'Reference by names joined with dots, such as `orders.customer_id`.',
      pattern: byVersion(v, {
        '3.0': '',
        '3.1': '^[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*$',
        '3.2': '^[A-Za-z_][A-Za-z0-9_\\-]*(\\.[A-Za-z_][A-Za-z0-9_\\-]*)+$',
      }),
    }),
    FullyQualifiedReference: since(v, '3.1', {
      type: 'string',
      description:
        'Reference by section and `id` path, such as `schema/orders/properties/customer_id`, optionally prefixed by another contract file and `#`.',
      pattern: byVersion(v, {
        '3.0': '',
        '3.1':
          '^(?:(?:https?:\\/\\/)?[A-Za-z0-9._\\-\\/]+\\.yaml#)?\\/?[A-Za-z_][A-Za-z0-9_]*\\/[A-Za-z0-9_-]+(?:\\/[A-Za-z_][A-Za-z0-9_]*\\/[A-Za-z0-9_-]+)*$',
        '3.2':
          '^(?:(?:https?:\\/\\/)?[A-Za-z0-9._\\-\\/]+\\.ya?ml#)?\\/?[A-Za-z_][A-Za-z0-9_]*\\/[A-Za-z0-9_-]+(?:\\/[A-Za-z_][A-Za-z0-9_]*\\/[A-Za-z0-9_-]+)*$',
      }),
    }),
    Port: since(v, '3.2', {
      type: ['integer', 'string'],
      description: 'Network port, as a number or as a string such as `${DB_PORT}` that is resolved when the contract is used.',
    }),
    Tags: arrayOf(str('One tag.'), 'Free-form labels used to categorise and search for an element.'),
    CustomProperty: customProperty(v),
    CustomProperties: arrayOf(ref('CustomProperty'), 'Extra key/value pairs for facts the standard has no field for.'),
    AuthoritativeDefinition: authoritativeDefinition(v),
    AuthoritativeDefinitions: arrayOf(
      ref('AuthoritativeDefinition'),
      'Links to the authoritative sources for an element, such as a glossary entry, a catalog page or a repository.',
    ),
    AnyType: { description: 'Any value: text, number, boolean, null, list or mapping.', anyOf: [...ANY_SCALAR, { type: 'array' }, { type: 'object' }] },
    AnyNonCollectionType: { description: 'Any single value: text, number, boolean or null, but not a list or mapping.', anyOf: ANY_SCALAR },
  };
}
