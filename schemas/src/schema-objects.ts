// The `schema` section: schema objects (tables, topics, files) and their properties (columns, fields).
import { authoritativeDefinitions, customProperties, stableId, tags } from './common';
import { arrayOf, bool, enumStr, int, ref, since, str, type Schema, type Version } from './dsl';
import { logicalTypeBranches, logicalTypeDefs, logicalTypeEnum } from './logical-types';

/** Fields shared by schema objects and properties. */
function schemaElement(v: Version): Schema {
  return {
    type: 'object',
    description: 'Fields shared by schema objects and their properties.',
    properties: {
      id: stableId(v),
      name: str('Name of the element as consumers know it, for example the table or column name.'),
      physicalType: str('Type in the underlying system, for example `table`, `view` or `topic` for objects and `VARCHAR(36)` for columns.'),
      description: str('What the element contains, in plain words.'),
      businessName: str('Business-friendly name of the element, as used in reports or the glossary.'),
      deprecated: since(v, '3.2', bool('Marks the element as deprecated: still present, but consumers should stop relying on it.', { default: false })),
      synonyms: since(v, '3.2', ref('Synonyms', 'Alternative names of the element, helping people and tools find it.')),
      authoritativeDefinitions: authoritativeDefinitions(),
      tags: tags(),
      customProperties: customProperties(),
    },
  };
}

function schemaObject(v: Version): Schema {
  return {
    type: 'object',
    description: 'A dataset described by the contract, such as a table, view, topic or file, with its properties.',
    properties: {
      logicalType: enumStr('Logical type of a schema object; always `object`.', [['object', 'A structured dataset with properties.']]),
      physicalName: str('Name of the object in the underlying system when it differs from `name`, for example `sales.orders_v2`.'),
      dataGranularityDescription: str('What one record stands for, for example "one row per order line".'),
      properties: arrayOf(ref('SchemaProperty'), 'Columns or fields of the object.'),
      relationships: since(v, '3.1', arrayOf(ref('RelationshipSchemaLevel'), 'Links from properties of this object to other properties, such as foreign keys.')),
      quality: ref('DataQualityChecks', 'Data quality checks that apply to the whole object.'),
      context: since(v, '3.2', ref('Context', 'Guidance for AI agents and tools on how to use this object.')),
    },
    allOf: [ref('SchemaElement')],
    required: ['name'],
    unevaluatedProperties: false,
  };
}

function schemaBaseProperty(v: Version): Schema {
  return {
    type: 'object',
    description: 'Fields of a property (column or field) of a schema object; shared by named properties and array items.',
    properties: {
      primaryKey: bool('True if the property is part of the primary key of the object.'),
      primaryKeyPosition: int('Position of the property within a composite primary key, starting at 1; `-1` when not part of the key.', { default: -1 }),
      logicalType: logicalTypeEnum(v),
      logicalTypeOptions: { type: 'object', description: 'Constraints on the values; the allowed keys depend on `logicalType`.' },
      physicalType: str('Type in the underlying system, for example `VARCHAR(36)`, `BIGINT` or `TIMESTAMP_NTZ`.'),
      physicalName: str('Name of the column or field in the underlying system when it differs from `name`.'),
      required: bool('True if every record must have a value for this property (it is not nullable).', { default: false }),
      unique: bool('True if no two records may share the same value.', { default: false }),
      semanticType: since(
        v,
        '3.2',
        enumStr(
          'Role of the property in analytics.',
          [
            ['column', 'A plain column.'],
            ['measure', 'A numeric value that is aggregated, such as revenue.'],
            ['dimension', 'A value used to group or filter measures, such as country.'],
          ],
          { default: 'column' },
        ),
      ),
      partitioned: bool('True if the data is partitioned by this property.', { default: false }),
      partitionKeyPosition: int('Position of the property within a composite partition key, starting at 1; `-1` when not a partition key.', { default: -1 }),
      classification: str('Sensitivity class of the data, for example `public`, `internal`, `confidential` or `restricted`.'),
      encryptedName: str('Name of the property that holds the encrypted version of this value.'),
      transformSourceObjects: arrayOf(str('One source object.'), 'Objects this property is derived from, for lineage.'),
      transformLogic: str('How the value is computed, for example an SQL expression.'),
      transformDescription: str('How the value is computed, explained in plain words.'),
      examples: arrayOf(ref('AnyType'), 'Sample values, to help consumers understand the data.'),
      enum: since(
        v,
        '3.2',
        arrayOf(ref('EnumValue'), 'The complete list of values this property may take.', { minItems: 1, uniqueItems: true }),
      ),
      criticalDataElement: bool('True if the property is a critical data element that needs extra governance.', { default: false }),
      relationships: since(v, '3.1', arrayOf(ref('RelationshipPropertyLevel'), 'Links from this property to other properties, such as foreign keys.')),
      quality: ref('DataQualityChecks', 'Data quality checks that apply to this property.'),
    },
    $comment:
      'Each logicalType condition also holds when logicalType is absent, so an untyped property must satisfy every branch' +
      (v === '3.2' ? ' (which, with the map branch, means it must declare `map`).' : '.'),
    allOf: [ref('SchemaElement'), ...logicalTypeBranches(v)],
    unevaluatedProperties: since(v, '3.1', false),
  };
}

/** Definitions of the schema section. */
export function schemaDefs(v: Version): Record<string, Schema | undefined> {
  return {
    SchemaElement: schemaElement(v),
    SchemaObject: schemaObject(v),
    SchemaBaseProperty: schemaBaseProperty(v),
    SchemaProperty: {
      type: 'object',
      description: 'A named property (column or field) of a schema object or of a nested object.',
      $ref: '#/$defs/SchemaBaseProperty',
      required: ['name'],
      unevaluatedProperties: false,
    },
    SchemaItemProperty: {
      type: 'object',
      description: 'Type of the items of an array, or of the keys or values of a map; a name is optional.',
      $ref: '#/$defs/SchemaBaseProperty',
      properties: { properties: arrayOf(ref('SchemaProperty'), 'Fields of the item when it is a nested structure.') },
      unevaluatedProperties: false,
    },
    ...logicalTypeDefs(v),
    EnumValue: since(v, '3.2', {
      type: 'object',
      description: 'One allowed value of a property, with an optional label and explanation.',
      properties: {
        value: ref('AnyNonCollectionType', 'The allowed value itself.'),
        label: str('Human-readable label for the value, for user interfaces.'),
        id: stableId(v),
        description: str('What the value means.'),
        customProperties: arrayOf(ref('CustomProperty'), 'Extra key/value pairs for this value, such as translations.'),
        authoritativeDefinitions: authoritativeDefinitions(),
        tags: tags(),
      },
      required: ['value'],
      additionalProperties: false,
    }),
    Synonyms: since(v, '3.2', arrayOf(ref('Synonym'), 'Alternative names of an element.')),
    Synonym: since(v, '3.2', {
      type: 'object',
      description: 'An alternative name that people or tools may use for an element.',
      properties: {
        id: stableId(v),
        synonym: str('The alternative name.'),
        description: str('When or why this alternative name is used.'),
        locale: str('Language of the synonym as a BCP 47 tag, such as `en-US`, when it is language-specific.'),
        source: str('Where the synonym comes from, for example `glossary` or `legacy-system`.'),
        status: str('Lifecycle status of the synonym, for example `active` or `deprecated`.'),
        customProperties: customProperties(),
      },
      required: ['synonym'],
      additionalProperties: false,
    }),
  };
}
