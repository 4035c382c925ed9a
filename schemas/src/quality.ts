// Data quality checks (`quality` on schema objects and properties): text, library metrics, SQL and custom engines.
import { authoritativeDefinitions, stableId, tags } from './common';
import { arrayOf, enumStr, list, num, ref, since, str, whenEquals, type Schema, type Version } from './dsl';

const BETWEEN: Schema = { type: 'array', minItems: 2, maxItems: 2, uniqueItems: true, items: { type: 'number' } };

/** Comparison operators; a check uses exactly one of them (from 3.1 on). */
function operatorProperties(): Record<string, Schema> {
  return {
    mustBe: { description: 'The measured value must equal this value (`=`).' },
    mustNotBe: { description: 'The measured value must differ from this value (`!=`).' },
    mustBeGreaterThan: num('The measured value must be greater than this number (`>`).'),
    mustBeGreaterOrEqualTo: num('The measured value must be greater than or equal to this number (`>=`).'),
    mustBeLessThan: num('The measured value must be less than this number (`<`).'),
    mustBeLessOrEqualTo: num('The measured value must be less than or equal to this number (`<=`).'),
    mustBeBetween: { ...BETWEEN, description: 'The measured value must lie within these two numbers, inclusive; smallest first.' },
    mustNotBeBetween: { ...BETWEEN, description: 'The measured value must lie outside these two numbers; smallest first.' },
  };
}

function dataQuality(v: Version): Schema {
  const libraryCondition: Schema =
    v === '3.0'
      ? { properties: { type: { const: 'library' } } }
      : { anyOf: [whenEquals('type', 'library'), { properties: { metric: { type: 'string' } }, required: ['metric'] }] };
  return {
    type: 'object',
    description: 'One data quality check; `type` decides whether it is plain text, a library metric, an SQL query or a custom engine rule.',
    properties: {
      id: stableId(v),
      authoritativeDefinitions: authoritativeDefinitions(),
      businessImpact: str('What happens to the business when the check fails, for example `operational` or `regulatory`.'),
      customProperties: arrayOf(ref('CustomProperty'), 'Extra key/value pairs, for example settings the check engine needs.'),
      description: str('What the check verifies, in plain words.'),
      dimension: enumStr('Quality dimension the check measures.', [
        ['accuracy', 'Values match reality or a trusted source.'],
        ['completeness', 'All expected records and values are present.'],
        ['conformity', 'Values follow the expected format, type or range.'],
        ['consistency', 'Values agree across records, objects or systems.'],
        ['coverage', 'The data covers the expected scope (population, period, ...).'],
        ['timeliness', 'The data is fresh enough and arrives on time.'],
        ['uniqueness', 'No unexpected duplicates.'],
      ]),
      method: str('How the check is performed, for example `reconciliation` or `manual`.'),
      name: str('Short name of the check.'),
      schedule: str('When the check runs, in the syntax of the scheduler (for cron, e.g. `0 20 * * *`).'),
      scheduler: str('Tool that triggers the check, for example `cron` or `airflow`.'),
      severity: str('How serious a failure is, for example `info`, `warning` or `error`.'),
      tags: tags(),
      type: enumStr(
        'Kind of check; decides which other fields are expected.',
        [
          ['text', 'A human-readable rule that is not executed automatically.'],
          ['library', 'A predefined metric (`metric`) compared with an operator such as `mustBe`.'],
          ['sql', 'An SQL `query` whose result is compared with an operator such as `mustBe`.'],
          ['custom', 'A rule for a specific engine (`engine` plus `implementation`).'],
        ],
        { default: 'library' },
      ),
      unit: str('Unit of the measured value, typically `rows` or `percent`.'),
    },
    allOf: [
      { if: libraryCondition, then: ref('DataQualityLibrary') },
      { if: whenEquals('type', 'sql'), then: ref('DataQualitySql') },
      { if: whenEquals('type', 'custom'), then: ref('DataQualityCustom') },
    ],
    unevaluatedProperties: since(v, '3.1', false),
  };
}

function library(v: Version): Schema {
  if (v === '3.0') {
    return {
      type: 'object',
      description: 'Fields of a library check: a predefined rule and the expected outcome.',
      properties: { rule: str('Name of the predefined rule, for example `duplicateCount` or `rowCount`.'), ...operatorProperties() },
      required: ['rule'],
    };
  }
  return {
    type: 'object',
    description: 'Fields of a library check: a predefined metric and exactly one comparison operator.',
    allOf: [ref('DataQualityOperators')],
    properties: {
      metric: enumStr('Predefined metric to compute.', [
        ['nullValues', 'Number or share of null values.'],
        ['missingValues', 'Number or share of values considered missing (null or listed in `arguments.missingValues`).'],
        ['invalidValues', 'Number or share of values that break the rules given in `arguments`.'],
        ['duplicateValues', 'Number or share of duplicated values.'],
        ['rowCount', 'Number of rows.'],
      ]),
      rule: str('Former name of `metric`; use `metric` instead.', { deprecated: true }),
      arguments: { type: 'object', description: 'Extra inputs of the metric, such as the list of missing or valid values.' },
    },
    required: ['metric'],
  };
}

/** Definitions of the quality section. */
export function qualityDefs(v: Version): Record<string, Schema | undefined> {
  return {
    DataQuality: dataQuality(v),
    DataQualityChecks: arrayOf(ref('DataQuality'), 'Data quality checks, each describing a rule and, for executable ones, how to run it.'),
    DataQualityOperators: since(v, '3.1', {
      type: 'object',
      description: 'Comparison of the measured value with the expected one; exactly one operator must be given.',
      properties: operatorProperties(),
      oneOf: Object.keys(operatorProperties()).map((op) => ({ required: [op] })),
    }),
    DataQualityLibrary: library(v),
    DataQualitySql: {
      type: 'object',
      description: 'Fields of an SQL check: the query and the expected outcome.',
      allOf: since(v, '3.1', [ref('DataQualityOperators')]),
      properties: { query: str('SQL query, in the dialect of the server, that returns the value to compare.') },
      required: ['query'],
    },
    DataQualityCustom: {
      type: 'object',
      description: 'Fields of a custom check, run by a specific engine.',
      properties: {
        engine: str('Engine that runs the check, for example `soda`, `greatExpectations` or `montecarlo`.'),
        implementation: {
          description: 'The check in the engine’s own syntax, as text or as a structured block.',
          oneOf: [str('The check as text.'), { type: 'object', description: 'The check as a structured block.' }],
        },
      },
      required: list('engine', 'implementation'),
    },
  };
}
