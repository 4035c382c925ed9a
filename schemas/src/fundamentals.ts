// Top level of an ODCS contract: identity, status, descriptions, 3.2 context, and the sections below it.
import { authoritativeDefinitions, customProperties, tags } from './common';
import { arrayOf, atLeast, byVersion, enumStr, list, ref, since, str, type Schema, type Version } from './dsl';

const API_VERSIONS: readonly (readonly [string, string, Version])[] = [
  ['v3.2.0', 'ODCS 3.2.0.', '3.2'],
  ['v3.1.0', 'ODCS 3.1.0.', '3.1'],
  ['v3.0.2', 'ODCS 3.0.2.', '3.0'],
  ['v3.0.1', 'ODCS 3.0.1.', '3.0'],
  ['v3.0.0', 'ODCS 3.0.0.', '3.0'],
  ['v2.2.2', 'ODCS 2.2.2 (legacy; accepted by the standard, but v2 contracts use a different layout).', '3.0'],
  ['v2.2.1', 'ODCS 2.2.1 (legacy; accepted by the standard, but v2 contracts use a different layout).', '3.0'],
  ['v2.2.0', 'ODCS 2.2.0 (legacy; accepted by the standard, but v2 contracts use a different layout).', '3.0'],
];

function apiVersion(v: Version): Schema {
  const allowed = API_VERSIONS.filter(([, , introduced]) => atLeast(v, introduced));
  return enumStr(
    'Version of the ODCS standard this contract is written against; it decides which fields are allowed.',
    allowed.map(([value, meaning]) => [value, meaning] as const),
    { default: allowed[0]?.[0] },
  );
}

function descriptionBlock(): Schema {
  return {
    type: 'object',
    description: 'Human-readable explanation of the data: what it is for, how to use it and what to watch out for.',
    properties: {
      usage: str('How consumers are expected to use the data, for example typical queries or joins.'),
      purpose: str('Why the data exists and which business need it serves.'),
      limitations: str('Known gaps, caveats or restrictions that consumers should be aware of.'),
      authoritativeDefinitions: authoritativeDefinitions(),
      customProperties: customProperties(),
    },
  };
}

/** Properties of the root object, in the order they usually appear in a contract. */
export function rootProperties(v: Version): Record<string, Schema | undefined> {
  return {
    apiVersion: apiVersion(v),
    kind: enumStr('Kind of document; always `DataContract` for ODCS contracts.', [['DataContract', 'An ODCS data contract.']], {
      default: 'DataContract',
    }),
    id: str('Unique identifier of the contract, typically a UUID, so that contracts with the same name never collide.'),
    name: str('Human-friendly name of the contract.'),
    version: str('Version of this contract (not of the standard), for example `1.2.0`; bump it whenever the contract changes.'),
    status: str('Lifecycle status of the contract, for example `proposed`, `draft`, `active`, `deprecated` or `retired`.'),
    tenant: str('Organisation or business unit the data primarily belongs to.'),
    tags: tags('Free-form labels used to categorise and search for this contract.'),
    domain: str('Logical data domain the contract belongs to, for example `sales` or `logistics`.'),
    dataProduct: str('Name of the data product this contract is part of.', { deprecated: v === '3.1' ? true : undefined }),
    description: descriptionBlock(),
    context: since(v, '3.2', ref('Context', 'Guidance for AI agents, BI tools and semantic layers on how to use this contract.')),
    servers: arrayOf(ref('Server'), 'Systems where the data described by this contract physically lives, one entry per server.'),
    schema: arrayOf(ref('SchemaObject'), 'Datasets described by the contract: tables, topics, files or other objects, each with its properties.'),
    support: ref('Support', 'Channels where consumers can get help or announcements about this data.'),
    price: ref('Pricing', 'What consuming this data costs.'),
    team: byVersion<Schema>(v, {
      '3.0': ref('Team', 'People who own, maintain or are accountable for this data.'),
      '3.1': {
        description: 'Team responsible for this data: either a team object with members, or (older form) a plain list of members.',
        oneOf: [
          ref('Team', 'Team object with a name and a list of members.'),
          arrayOf(ref('TeamMember'), 'Older form: a plain list of team members; prefer the team object.', { deprecated: true }),
        ],
      },
    }),
    roles: arrayOf(ref('Role'), 'Access roles consumers can request, with their approvers.'),
    slaDefaultElement: str('Default element (in element path notation) that service-level checks apply to.', {
      deprecated: since(v, '3.1', true),
    }),
    slaProperties: arrayOf(ref('ServiceLevelAgreementProperty'), 'Service-level commitments for this data, such as latency, retention or availability.'),
    authoritativeDefinitions: authoritativeDefinitions('Links to the authoritative sources for this contract, such as a catalog entry or documentation.'),
    customProperties: customProperties('Extra key/value pairs on the contract for facts the standard has no field for.'),
    contractCreatedTs: str('When the contract was first created, as an ISO 8601 date-time, preferably in UTC.', { format: 'date-time' }),
  };
}

export function rootRequired(v: Version): string[] {
  return list('version', 'apiVersion', 'kind', 'id', v === '3.2' ? undefined : 'status');
}

function contextEntryCommon(): Record<string, Schema> {
  return {
    authoritativeDefinitions: authoritativeDefinitions('Sources that back this entry.'),
    tags: arrayOf(str('One tag.'), 'Free-form labels for this entry.'),
    customProperties: customProperties(),
  };
}

/** Definitions only used by the fundamentals section (3.2 `context`). */
export function fundamentalsDefs(v: Version): Record<string, Schema | undefined> {
  return {
    Context: since(v, '3.2', {
      description: 'Guidance for AI agents, BI tools and semantic layers: free text, or structured instructions, verified statements and constraints.',
      oneOf: [
        str('Short form: plain instructions on how to use this element.'),
        {
          type: 'object',
          description: 'Structured guidance on how to use this element.',
          properties: {
            instructions: str('Natural-language guidance on how to use this element, like a scoped system prompt.'),
            verifiedStatements: arrayOf(
              ref('ContextVerifiedStatement'),
              'Typical questions about this element, optionally with their verified answers.',
            ),
            constraints: arrayOf(ref('ContextConstraint'), 'Things AI agents and tools must not do with this element.'),
          },
          additionalProperties: false,
        },
      ],
    }),
    ContextVerifiedStatement: since(v, '3.2', {
      type: 'object',
      description: 'A canonical question about the data, with its verified answer when one is known.',
      properties: {
        id: str('Identifier of this entry, stable across contract versions.'),
        question: str('The question, phrased as a consumer would ask it.'),
        answer: str('The verified answer or a description of the expected result.'),
        ...contextEntryCommon(),
      },
      required: ['question'],
      additionalProperties: false,
    }),
    ContextConstraint: since(v, '3.2', {
      type: 'object',
      description: 'A rule telling AI agents and tools what not to do with the data.',
      properties: {
        id: str('Identifier of this constraint, stable across contract versions.'),
        constraint: str('The rule, in plain language, for example "never join on email".'),
        ...contextEntryCommon(),
      },
      required: ['constraint'],
      additionalProperties: false,
    }),
  };
}
