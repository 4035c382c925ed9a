// The `servers` section: common server fields plus the type-specific fields selected by `type`.
import { customProperties, stableId } from './common';
import { arrayOf, enumStr, ref, since, str, whenEquals, type Schema, type Version } from './dsl';
import { inVersion, SERVER_TYPES } from './server-types';

function server(v: Version): Schema {
  const types = SERVER_TYPES.filter((t) => inVersion(t, v));
  const typeValues = types.flatMap((t) => t.types);
  return {
    type: 'object',
    description: 'A system where the data physically lives; `type` decides which connection fields apply.',
    properties: {
      id: stableId(v),
      server: str('Name of this server entry, unique in the contract, for example `production` or `kafka-eu`.'),
      type: enumStr('Kind of system; it decides which connection fields (host, database, location, ...) are expected.', typeValues),
      description: str('What this server is and what it is used for.'),
      environment: str('Environment the server belongs to, for example `prod`, `staging` or `dev`.'),
      roles: arrayOf(ref('Role'), 'Access roles that apply to this server specifically.'),
      customProperties: customProperties(),
    },
    allOf: types.flatMap((t) => t.types.map(([value]) => ({ if: whenEquals('type', value), then: ref(t.def) }))),
    required: ['server', 'type'],
    unevaluatedProperties: since(v, '3.1', false),
  };
}

/** `Server` plus one definition per server type. */
export function serverDefs(v: Version): Record<string, Schema | undefined> {
  const defs: Record<string, Schema | undefined> = { Server: server(v) };
  for (const t of SERVER_TYPES) {
    if (!inVersion(t, v)) continue;
    defs[t.def] = {
      type: 'object',
      description: t.summary,
      properties: t.fields(v),
      required: t.required(v).length > 0 ? t.required(v) : undefined,
    };
  }
  return defs;
}
