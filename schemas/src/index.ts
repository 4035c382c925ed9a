// Assembles the ODCS meta-schemas (one per minor version) from the section modules.
import { commonDefs } from './common';
import type { Schema, Version } from './dsl';
import { VERSIONS } from './dsl';
import { fundamentalsDefs, rootProperties, rootRequired } from './fundamentals';
import { qualityDefs } from './quality';
import { relationshipDefs } from './relationships';
import { schemaDefs } from './schema-objects';
import { serverDefs } from './servers';
import { teamDefs } from './team';

/** Release each meta-schema describes, and the `apiVersion` values it is meant for. */
export const SCHEMA_FILES: Record<Version, { file: string; release: string; apiVersions: readonly string[] }> = {
  '3.0': { file: 'odcs-v3.0.json', release: '3.0.2', apiVersions: ['v3.0.0', 'v3.0.1', 'v3.0.2'] },
  '3.1': { file: 'odcs-v3.1.json', release: '3.1.0', apiVersions: ['v3.1.0'] },
  '3.2': { file: 'odcs-v3.2.json', release: '3.2.0', apiVersions: ['v3.2.0'] },
};

export function schemaId(v: Version): string {
  return `urn:streamcontract:schema:odcs:v${v}`;
}

export function buildSchema(v: Version): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2019-09/schema',
    $id: schemaId(v),
    title: `ODCS ${SCHEMA_FILES[v].release} data contract`,
    description: `A data contract following the Open Data Contract Standard (ODCS) ${SCHEMA_FILES[v].release}: what a dataset contains, where it lives, who owns it and which guarantees apply.`,
    type: 'object',
    properties: rootProperties(v),
    required: rootRequired(v),
    additionalProperties: false,
    unevaluatedProperties: v === '3.0' ? undefined : false,
    $defs: {
      ...fundamentalsDefs(v),
      ...serverDefs(v),
      ...schemaDefs(v),
      ...qualityDefs(v),
      ...relationshipDefs(v),
      ...teamDefs(v),
      ...commonDefs(v),
    },
  };
}

/** The generated files: name (relative to `schemas/`) and exact text. */
export function renderSchemas(): { file: string; text: string }[] {
  return VERSIONS.map((v) => ({ file: SCHEMA_FILES[v].file, text: `${JSON.stringify(buildSchema(v), null, 2)}\n` }));
}
