// Team, roles, support channels, pricing and service-level agreement sections of a contract.
import { authoritativeDefinitions, customProperties, stableId, tags } from './common';
import { arrayOf, num, ref, since, str, type Schema, type Version } from './dsl';

function teamMember(v: Version): Schema {
  return {
    type: 'object',
    description: 'A person involved with the data, and their role.',
    additionalProperties: since(v, '3.1', false),
    properties: {
      id: stableId(v),
      username: str('Username or e-mail address of the person.'),
      name: str('Full name of the person.'),
      description: str('Notes about the person’s involvement.'),
      role: str('Role of the person for this data, for example `owner`, `data steward` or `engineer`.'),
      dateIn: str('Date the person joined the team, as `YYYY-MM-DD`.', { format: 'date' }),
      dateOut: str('Date the person left the team, as `YYYY-MM-DD`.', { format: 'date' }),
      replacedByUsername: str('Username of the person who took over from this one.'),
      tags: since(v, '3.1', tags()),
      customProperties: since(v, '3.1', arrayOf(ref('CustomProperty'), 'Extra key/value pairs about this member.')),
      authoritativeDefinitions: since(v, '3.1', authoritativeDefinitions()),
    },
    required: since(v, '3.1', ['username']),
  };
}

function team(v: Version): Schema {
  if (v === '3.0') return arrayOf(ref('TeamMember'), 'People who own, maintain or are accountable for the data.');
  return {
    type: 'object',
    description: 'The team responsible for the data, with its members.',
    additionalProperties: false,
    properties: {
      id: stableId(v),
      name: str('Name of the team.'),
      description: str('What the team does and how to reach it.'),
      members: arrayOf(ref('TeamMember'), 'People in the team.'),
      tags: tags(),
      customProperties: arrayOf(ref('CustomProperty'), 'Extra key/value pairs about the team.'),
      authoritativeDefinitions: authoritativeDefinitions(),
    },
  };
}

function supportItem(v: Version): Schema {
  return {
    type: 'object',
    description: 'A channel where consumers can ask questions or receive announcements.',
    properties: {
      id: stableId(v),
      channel: str('Name of the channel, for example `#orders-help` or `data-announcements`.'),
      url: str('Address of the channel (https, mailto, ...).'),
      description: str('What the channel is for.'),
      tool: str('Tool behind the channel, for example `email`, `slack`, `teams`, `discord`, `ticket`, `googlechat` or `other`.'),
      scope: str('Purpose of the channel, for example `interactive`, `announcements`, `issues` or `notifications`.'),
      invitationUrl: str('Link to request access to or subscribe to the channel.'),
      customProperties: since(v, '3.1', customProperties()),
    },
    required: v === '3.0' ? ['channel', 'url'] : ['channel'],
    additionalProperties: since(v, '3.1', false),
  };
}

function role(v: Version): Schema {
  return {
    type: 'object',
    description: 'An access role consumers can request, with its approvers.',
    properties: {
      id: stableId(v),
      role: str('Name of the role, typically the IAM role or group that grants access.'),
      description: str('What the role is for and who should request it.'),
      access: str('Kind of access the role grants, for example `read` or `write`.'),
      firstLevelApprovers: str('Who approves requests for this role first.'),
      secondLevelApprovers: str('Who approves requests for this role after the first-level approvers.'),
      customProperties: customProperties(),
    },
    required: ['role'],
    additionalProperties: since(v, '3.1', false),
  };
}

function slaProperty(v: Version): Schema {
  const scalar = ['string', 'number', 'integer', 'boolean', 'null'].map((type) => ({ type }));
  return {
    type: 'object',
    description: 'One service-level commitment, such as latency, retention, frequency or availability.',
    properties: {
      id: stableId(v),
      property: str('What is promised, for example `latency`, `retention`, `frequency`, `availability` or `generalAvailability`.'),
      value: { description: 'Promised value; read it together with `unit`.', anyOf: scalar },
      valueExt: ref('AnyNonCollectionType', 'Second value for properties that need one, such as the upper end of a range.'),
      unit: str('Unit of the value, for example `d` (days), `h` (hours), `m` (minutes) or `y` (years).'),
      element: str('Element(s) the commitment applies to, in element path notation, for example `orders.order_ts`.'),
      driver: str('Why the commitment matters, for example `regulatory`, `analytics` or `operational`.'),
      description: since(v, '3.1', str('Explanation of the commitment.')),
      scheduler: since(v, '3.1', str('Tool that checks the commitment, for example `cron`.')),
      schedule: since(v, '3.1', str('When the commitment is checked, in the syntax of the scheduler (for cron, e.g. `0 20 * * *`).')),
      customProperties: since(v, '3.2', customProperties()),
      authoritativeDefinitions: since(v, '3.2', authoritativeDefinitions()),
    },
    required: ['property', 'value'],
    additionalProperties: since(v, '3.1', false),
  };
}

/** Definitions of the team, roles, support, price and SLA sections. */
export function teamDefs(v: Version): Record<string, Schema | undefined> {
  return {
    Team: team(v),
    TeamMember: teamMember(v),
    Role: role(v),
    Support: arrayOf(ref('SupportItem'), 'Channels where consumers can get help or announcements.'),
    SupportItem: supportItem(v),
    Pricing: {
      type: 'object',
      description: 'What consuming the data costs.',
      properties: {
        id: stableId(v),
        priceAmount: num('Price per unit given in `priceUnit`.'),
        priceCurrency: str('Currency of the price, for example `USD` or `EUR`.'),
        priceUnit: str('Unit the price applies to, for example `megabyte` or `per 1000 requests`.'),
      },
      additionalProperties: since(v, '3.1', false),
    },
    ServiceLevelAgreementProperty: slaProperty(v),
  };
}
