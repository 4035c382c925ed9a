// Logical types of schema properties and the `logicalTypeOptions` (or `items`, `properties`, `map`) each one allows.
import { arrayOf, bool, byVersion, enumStr, int, num, ref, since, str, type Schema, type Version } from './dsl';

export function logicalTypeEnum(v: Version): Schema {
  return enumStr(
    'Type of the values in standard, technology-neutral terms; it decides which `logicalTypeOptions` apply.',
    [
      ['string', 'Text.'],
      ['date', 'A calendar date, optionally with time of day.'],
      ...(v === '3.0' ? [] : ([
        ['timestamp', 'A point in time (date and time of day).'],
        ['time', 'A time of day without a date.'],
      ] as const)),
      ['number', 'A number that may have a fractional part (decimal or floating point).'],
      ['integer', 'A whole number.'],
      ['object', 'A nested structure with its own `properties`.'],
      ['array', 'A list of values described by `items`.'],
      ['boolean', 'True or false.'],
      ...(v === '3.2' ? ([
        ['map', 'Key/value pairs described by `map.key` and `map.value`.'],
        ['vector', 'A fixed-length list of numbers, such as an embedding.'],
      ] as const) : []),
    ],
  );
}

const options = (description: string, properties: Record<string, Schema | undefined>, extra: Schema = {}): Schema => ({
  type: 'object',
  description,
  properties,
  additionalProperties: false,
  ...extra,
});

/** Bounds of date-like values: strings from 3.1 on, boolean flags in 3.0. */
function temporalBounds(v: Version): Record<string, Schema> {
  const exclusive = (side: string, op: string): Schema =>
    byVersion<Schema>(v, {
      '3.0': bool(`If true, \`${side}\` itself is excluded from the allowed range.`, { default: false }),
      '3.1': str(`Values must be strictly ${op} this date/time.`),
    });
  return {
    format: str('Expected text format of the values, for example `yyyy-MM-dd` or `HH:mm:ss`.'),
    exclusiveMaximum: exclusive('maximum', 'earlier than'),
    maximum: str('Latest allowed value (inclusive).'),
    exclusiveMinimum: exclusive('minimum', 'later than'),
    minimum: str('Earliest allowed value (inclusive).'),
  };
}

/** Numeric bounds shared by `integer` and `number`. */
function numericBounds(v: Version): Record<string, Schema> {
  const exclusive = (side: string, op: string): Schema =>
    byVersion<Schema>(v, {
      '3.0': bool(`If true, \`${side}\` itself is excluded from the allowed range.`, { default: false }),
      '3.1': num(`Values must be strictly ${op} this number.`),
    });
  return {
    multipleOf: num('Values must be a multiple of this positive number, for example `0.01` for cents.', { exclusiveMinimum: 0 }),
    maximum: num('Largest allowed value (inclusive).'),
    exclusiveMaximum: exclusive('maximum', 'less than'),
    minimum: num('Smallest allowed value (inclusive).'),
    exclusiveMinimum: exclusive('minimum', 'greater than'),
  };
}

/** Definitions of the option blocks, one per logical type. */
export function logicalTypeDefs(v: Version): Record<string, Schema | undefined> {
  return {
    StringTypeOptions: options('Constraints on text values.', {
      minLength: int('Minimum number of characters.', { minimum: 0 }),
      maxLength: int('Maximum number of characters.', { minimum: 0 }),
      pattern: str('Regular expression every value must match.'),
      format: str('Well-known format of the text, for example `email`, `uri` or `uuid`.'),
    }),
    DateTypeOptions: options('Constraints on date values.', temporalBounds(v)),
    TimestampTypeOptions: since(
      v,
      '3.1',
      options('Constraints on timestamp and time values.', {
        ...temporalBounds(v),
        timezone: bool('Whether the values carry a time zone.'),
        defaultTimezone: str('Time zone assumed for values without one, as an IANA name such as `Europe/Paris`.', { default: 'Etc/UTC' }),
      }),
    ),
    IntegerTypeOptions: options('Constraints on whole-number values.', {
      ...numericBounds(v),
      format: enumStr(
        'Storage size and signedness of the integer.',
        [
          ['i8', 'Signed 8-bit.'],
          ['i16', 'Signed 16-bit.'],
          ['i32', 'Signed 32-bit.'],
          ['i64', 'Signed 64-bit.'],
          ['i128', 'Signed 128-bit.'],
          ['u8', 'Unsigned 8-bit.'],
          ['u16', 'Unsigned 16-bit.'],
          ['u32', 'Unsigned 32-bit.'],
          ['u64', 'Unsigned 64-bit.'],
          ['u128', 'Unsigned 128-bit.'],
        ],
        { default: 'i32' },
      ),
    }),
    NumberTypeOptions: options('Constraints on numeric values.', {
      ...numericBounds(v),
      format: enumStr('Floating-point precision of the number.', [
        ['f32', 'Single precision (32-bit).'],
        ['f64', 'Double precision (64-bit).'],
      ]),
    }),
    ObjectTypeOptions: options('Constraints on nested structures.', {
      maxProperties: int('Maximum number of fields the structure may contain.', { minimum: 0 }),
      minProperties: int('Minimum number of fields the structure must contain.', { minimum: 0, default: 0 }),
      required: arrayOf(str('Name of a required field.'), 'Names of the fields that must be present.', { minItems: 1, uniqueItems: true }),
    }),
    ArrayTypeOptions: options('Constraints on lists.', {
      maxItems: int('Maximum number of items in the list.', { minimum: 0 }),
      minItems: int('Minimum number of items in the list.', { minimum: 0, default: 0 }),
      uniqueItems: bool('If true, the items of the list must all be different.', { default: false }),
    }),
    VectorTypeOptions: since(
      v,
      '3.2',
      options(
        'Shape and meaning of vector values, such as embeddings.',
        {
          dimensions: int('Number of elements in every vector.', { minimum: 1 }),
          elementType: enumStr(
            'Numeric type of each element.',
            [
              ['bfloat16', '16-bit brain floating point.'],
              ['binary', 'One bit per element (binary-quantised vector).'],
              ['float16', '16-bit floating point.'],
              ['float32', '32-bit floating point.'],
              ['float64', '64-bit floating point.'],
              ['int8', 'Signed 8-bit integer.'],
              ['uint8', 'Unsigned 8-bit integer.'],
            ],
            { default: 'float32' },
          ),
          distanceMetric: enumStr('Similarity measure the vectors are meant to be compared with; the physical index may use another.', [
            ['cosine', 'Cosine similarity.'],
            ['dotProduct', 'Dot (inner) product.'],
            ['euclidean', 'Euclidean (L2) distance.'],
            ['hamming', 'Hamming distance, for binary vectors.'],
            ['manhattan', 'Manhattan (L1) distance.'],
          ]),
          embeddingModel: str('Identifier of the model that produced the vectors.'),
          embeddingModelVersion: str('Version of the embedding model, when the identifier does not include it.'),
          normalized: bool('True if vectors are L2-normalised before storage, making cosine and dot product equivalent.', { default: false }),
        },
        { required: ['dimensions'] },
      ),
    ),
    MapDefinition: since(v, '3.2', {
      type: 'object',
      description: 'Types of the keys and values of a map.',
      properties: {
        key: ref('SchemaItemProperty', 'Type of the map keys.'),
        value: ref('SchemaItemProperty', 'Type of the map values.'),
      },
      required: ['key', 'value'],
      additionalProperties: false,
    }),
  };
}

const OPTIONS_TEXT = 'Constraints on the values, depending on `logicalType`.';

function branch(types: readonly string[], then: Schema): Schema {
  const condition = types.length === 1 ? { const: types[0] } : { enum: [...types] };
  return { if: { properties: { logicalType: condition } }, then };
}

/**
 * Conditional parts of a property that depend on `logicalType`. As in the standard, a condition also
 * holds when `logicalType` is absent, so an untyped property must satisfy every branch.
 */
export function logicalTypeBranches(v: Version): Schema[] {
  const opts = (def: string): Schema => ({ properties: { logicalTypeOptions: ref(def, OPTIONS_TEXT) } });
  const branches: (Schema | undefined)[] = [
    branch(['string'], opts('StringTypeOptions')),
    branch(['date'], opts('DateTypeOptions')),
    since(v, '3.1', branch(['timestamp', 'time'], opts('TimestampTypeOptions'))),
    branch(['integer'], opts('IntegerTypeOptions')),
    branch(['number'], opts('NumberTypeOptions')),
    branch(['object'], {
      properties: {
        logicalTypeOptions: ref('ObjectTypeOptions', OPTIONS_TEXT),
        properties: arrayOf(ref('SchemaProperty'), 'Fields of the nested structure.'),
      },
    }),
    branch(['array'], {
      properties: {
        logicalTypeOptions: ref('ArrayTypeOptions', OPTIONS_TEXT),
        items: ref('SchemaItemProperty', 'Type of the list items.'),
      },
    }),
    since(v, '3.2', branch(['map'], { properties: { map: ref('MapDefinition', 'Types of the keys and values of the map.') }, required: ['map'] })),
    since(v, '3.2', branch(['vector'], opts('VectorTypeOptions'))),
  ];
  return branches.filter((b): b is Schema => b !== undefined);
}
