// The content model a Schema Registry's JSON Schema is registered with, and why it follows the compatibility mode.

/**
 * Open: a message may carry fields the schema does not name (`additionalProperties: true`).
 * Closed: it may not (`additionalProperties: false`).
 *
 * Confluent compares JSON Schemas with the content model in mind: in the BACKWARD direction, adding a
 * property is compatible only to a closed model (old data cannot hold it) and removing one only from an
 * open model; FORWARD is the mirror. So the model that lets a contract add optional fields, its everyday
 * compatible change, is open under FORWARD and closed under BACKWARD. FULL and NONE get the open model:
 * under FULL Confluent refuses every added or removed property whichever model is used, and keeping the
 * FORWARD default's shape means switching a contract between FORWARD and FULL does not flip the model
 * (a flip is a change of its own that the registry may refuse).
 */
export type ContentModel = 'open' | 'closed';

export function contentModelFor(mode: string): ContentModel {
  return mode.toUpperCase().startsWith('BACKWARD') ? 'closed' : 'open';
}
