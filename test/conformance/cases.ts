// Hand-built contracts that exercise every section and field of each ODCS version, plus targeted edge cases.
import { allServers, serverTypesSince } from './cases-servers';
import type { Version } from './oracle';

type Doc = Record<string, unknown>;

export interface ConstructedCase {
  name: string;
  declared: Version;
  doc: Doc;
  /** Expected verdict under the declared version (checked against our schema even without the reference). */
  valid: boolean;
}

const API: Record<Version, string> = { '3.0': 'v3.0.2', '3.1': 'v3.1.0', '3.2': 'v3.2.0' };
const order: Record<Version, number> = { '3.0': 0, '3.1': 1, '3.2': 2 };
const from = (v: Version, min: Version, fields: Doc): Doc => (order[v] >= order[min] ? fields : {});

function base(v: Version, extra: Doc = {}): Doc {
  return { apiVersion: API[v], kind: 'DataContract', id: 'c0ffee00-0000-4000-8000-000000000001', version: '1.0.0', status: 'active', ...extra };
}

const custom = (v: Version): Doc[] => [
  { property: 'retentionClass', value: 'gold', ...from(v, '3.1', { id: 'cp1', description: 'Storage class.' }), ...from(v, '3.2', { vendor: 'acme' }) },
];
const authDefs = (v: Version): Doc[] => [
  { url: 'https://catalog.example.com/orders', type: 'businessDefinition', ...from(v, '3.1', { id: 'ad1', description: 'Catalog entry.' }) },
];

function member(v: Version, username: string): Doc {
  return {
    username,
    name: 'Jane Doe',
    description: 'Owns the pipeline.',
    role: 'owner',
    dateIn: '2024-01-15',
    dateOut: '2025-06-30',
    replacedByUsername: 'john@example.com',
    ...from(v, '3.1', { id: 'm1', tags: ['core'], customProperties: custom(v), authoritativeDefinitions: authDefs(v) }),
  };
}

function fundamentals(v: Version): Doc {
  const context = {
    instructions: 'Use order_id to join with payments.',
    verifiedStatements: [
      { id: 'vs1', question: 'How many orders per day?', answer: 'About 10k.', authoritativeDefinitions: authDefs(v), tags: ['kpi'], customProperties: custom(v) },
    ],
    constraints: [{ id: 'c1', constraint: 'Never expose customer emails.', authoritativeDefinitions: authDefs(v), tags: ['pii'], customProperties: custom(v) }],
  };
  return base(v, {
    name: 'orders',
    tenant: 'acme',
    tags: ['sales', 'orders'],
    domain: 'sales',
    dataProduct: 'order-analytics',
    description: { usage: 'Daily reporting.', purpose: 'Order facts.', limitations: 'No refunds.', authoritativeDefinitions: authDefs(v), customProperties: custom(v) },
    ...from(v, '3.2', { context }),
    support: [
      {
        channel: '#orders-help',
        url: 'https://slack.example.com/orders-help',
        description: 'Questions.',
        tool: 'slack',
        scope: 'interactive',
        invitationUrl: 'https://slack.example.com/invite',
        ...from(v, '3.1', { id: 's1', customProperties: custom(v) }),
      },
    ],
    price: { priceAmount: 9.95, priceCurrency: 'EUR', priceUnit: 'megabyte', ...from(v, '3.1', { id: 'p1' }) },
    team:
      v === '3.0'
        ? [member(v, 'jane@example.com')]
        : {
            id: 't1',
            name: 'Order team',
            description: 'Owns orders.',
            members: [member(v, 'jane@example.com')],
            tags: ['team'],
            customProperties: custom(v),
            authoritativeDefinitions: authDefs(v),
          },
    roles: [
      {
        role: 'orders_reader',
        description: 'Read access.',
        access: 'read',
        firstLevelApprovers: 'Team lead',
        secondLevelApprovers: 'Data governance',
        customProperties: custom(v),
        ...from(v, '3.1', { id: 'r1' }),
      },
    ],
    slaDefaultElement: 'orders.order_ts',
    slaProperties: [
      {
        property: 'latency',
        value: 4,
        valueExt: 5,
        unit: 'h',
        element: 'orders.order_ts',
        driver: 'operational',
        ...from(v, '3.1', { id: 'sla1', description: 'Fresh within 4h.', scheduler: 'cron', schedule: '0 * * * *' }),
        ...from(v, '3.2', { customProperties: custom(v), authoritativeDefinitions: authDefs(v) }),
      },
      { property: 'retention', value: null },
    ],
    authoritativeDefinitions: authDefs(v),
    customProperties: custom(v),
    contractCreatedTs: '2024-05-01T10:00:00Z',
  });
}

function prop(v: Version, name: string, logicalType: string, extra: Doc = {}): Doc {
  return { ...from(v, '3.1', { id: `${name}_id` }), name, logicalType, ...extra };
}

function schemaDoc(v: Version): Doc {
  const synonym = { id: 'syn1', synonym: 'purchase', description: 'Old name.', locale: 'en-US', source: 'glossary', status: 'active', customProperties: custom(v) };
  const element = from(v, '3.2', { deprecated: false, synonyms: [synonym] });
  // 3.0 types the exclusive bounds as boolean flags; later versions as values
  const dateOpts = {
    format: 'yyyy-MM-dd',
    minimum: '2020-01-01',
    maximum: '2030-01-01',
    ...(v === '3.0' ? { exclusiveMinimum: true, exclusiveMaximum: false } : { exclusiveMinimum: '2019-12-31', exclusiveMaximum: '2030-01-02' }),
  };
  const numOpts = {
    multipleOf: 1,
    minimum: 0,
    maximum: 100,
    ...(v === '3.0' ? { exclusiveMinimum: false, exclusiveMaximum: true } : { exclusiveMinimum: -1, exclusiveMaximum: 101 }),
  };
  const enumValue = { value: 'A-1', label: 'First', id: 'e1', description: 'First order.', customProperties: custom(v), authoritativeDefinitions: authDefs(v), tags: ['x'] };
  const properties: Doc[] = [
    prop(v, 'order_id', 'string', {
      physicalType: 'VARCHAR(36)', physicalName: 'ORDER_ID', description: 'Order key.', businessName: 'Order', primaryKey: true, primaryKeyPosition: 1,
      required: true, unique: true, partitioned: false, partitionKeyPosition: -1, classification: 'internal', encryptedName: 'order_id_enc',
      transformSourceObjects: ['raw.orders'], transformLogic: 'upper(id)', transformDescription: 'Upper-cased id.', examples: ['A-1', 'A-2'],
      criticalDataElement: true, tags: ['key'], customProperties: custom(v), authoritativeDefinitions: authDefs(v), ...element,
      logicalTypeOptions: { minLength: 1, maxLength: 36, pattern: '^[A-Z]-\\d+$', format: 'uuid' },
      quality: [{ type: 'text', description: 'Never empty.' }],
      ...from(v, '3.1', { relationships: [{ type: 'foreignKey', to: 'customers.id', customProperties: custom(v) }] }),
      ...from(v, '3.2', { semanticType: 'dimension', enum: [enumValue, { value: 2 }] }),
    }),
    prop(v, 'order_date', 'date', { logicalTypeOptions: dateOpts }),
    prop(v, 'quantity', 'integer', { logicalTypeOptions: { ...numOpts, format: 'i64' } }),
    prop(v, 'amount', 'number', { logicalTypeOptions: { ...numOpts, format: 'f64' } }),
    prop(v, 'is_paid', 'boolean'),
    prop(v, 'address', 'object', {
      logicalTypeOptions: { minProperties: 1, maxProperties: 5, required: ['city'] },
      properties: [prop(v, 'city', 'string'), prop(v, 'zip', 'string')],
    }),
    prop(v, 'lines', 'array', {
      logicalTypeOptions: { minItems: 1, maxItems: 100, uniqueItems: true },
      items: { logicalType: 'object', properties: [prop(v, 'sku', 'string'), prop(v, 'qty', 'integer')] },
    }),
    prop(v, 'codes', 'array', { items: { name: 'code', logicalType: 'string', logicalTypeOptions: { maxLength: 3 } } }),
    ...(v === '3.0' ? [] : [
      prop(v, 'created_at', 'timestamp', { logicalTypeOptions: { ...dateOpts, format: 'yyyy-MM-ddTHH:mm:ss', timezone: true, defaultTimezone: 'Europe/Paris' } }),
      prop(v, 'pickup_time', 'time', { logicalTypeOptions: { format: 'HH:mm', minimum: '08:00', maximum: '18:00' } }),
    ]),
    ...(v === '3.2' ? [
      prop(v, 'attributes', 'map', { map: { key: { logicalType: 'string' }, value: { logicalType: 'array', items: { logicalType: 'number' } } } }),
      prop(v, 'embedding', 'vector', {
        logicalTypeOptions: { dimensions: 768, elementType: 'float32', distanceMetric: 'cosine', embeddingModel: 'text-embed', embeddingModelVersion: '2', normalized: true },
      }),
    ] : []),
  ];
  return base(v, {
    schema: [
      {
        ...from(v, '3.1', { id: 'orders_obj' }),
        name: 'orders', logicalType: 'object', physicalType: 'table', physicalName: 'sales.orders', description: 'One row per order.',
        businessName: 'Orders', dataGranularityDescription: 'One row per order.', tags: ['fact'], customProperties: custom(v),
        authoritativeDefinitions: authDefs(v), ...element, properties,
        quality: [{ type: 'sql', query: 'SELECT COUNT(*) FROM orders', mustBeGreaterThan: 0 }],
        ...from(v, '3.1', {
          relationships: [
            { type: 'foreignKey', from: 'orders.customer_id', to: 'customers.id' },
            { from: ['orders.a', 'orders.b'], to: ['customers.a', 'customers.b'] },
          ],
        }),
        ...from(v, '3.2', { context: 'Orders are immutable once paid.' }),
      },
    ],
  });
}

function qualityDoc(v: Version): Doc {
  const common = {
    name: 'check',
    description: 'A check.',
    dimension: 'completeness',
    method: 'reconciliation',
    businessImpact: 'operational',
    severity: 'error',
    schedule: '0 20 * * *',
    scheduler: 'cron',
    unit: 'rows',
    tags: ['dq'],
    customProperties: custom(v),
    authoritativeDefinitions: authDefs(v),
    ...from(v, '3.1', { id: 'q1' }),
  };
  const ops: Doc[] = [
    { mustBe: 0 },
    { mustNotBe: 1 },
    { mustBeGreaterThan: 0 },
    { mustBeGreaterOrEqualTo: 1 },
    { mustBeLessThan: 10 },
    { mustBeLessOrEqualTo: 9 },
    { mustBeBetween: [1, 5] },
    { mustNotBeBetween: [6, 9] },
  ];
  // 3.0 names the predefined check `rule`; later versions use `metric`
  const library = ops.map((op) => ({ type: 'library', ...(v === '3.0' ? { rule: 'rowCount' } : { metric: 'rowCount' }), ...op }));
  const checks: Doc[] = [
    { ...common, type: 'text' },
    ...library,
    ...ops.map((op) => ({ type: 'sql', query: 'SELECT COUNT(*) FROM orders', ...op })),
    { ...common, type: 'custom', engine: 'soda', implementation: 'row_count > 0' },
    { type: 'custom', engine: 'greatExpectations', implementation: { expectation: 'expect_table_row_count_to_be_between', kwargs: { min_value: 1 } } },
    ...(v === '3.0' ? [{ rule: 'duplicateCount', mustBe: 0 }] : [
      { metric: 'nullValues', mustBe: 0, unit: 'percent' },
      { type: 'library', metric: 'invalidValues', arguments: { validValues: ['A', 'B'] }, mustBeLessThan: 5, rule: 'validValues' },
      { metric: 'duplicateValues', mustBe: 0 },
      { metric: 'missingValues', arguments: { missingValues: ['', 'n/a'] }, mustBe: 0 },
    ]),
  ];
  return base(v, { schema: [{ name: 'orders', quality: checks, properties: [{ name: 'order_id', logicalType: 'string', quality: checks.slice(0, 3) }] }] });
}

/** Small contracts that each target one rule, valid or not. */
function edgeCases(v: Version): [string, Doc, boolean][] {
  const schema = (properties: Doc[]): Doc => base(v, { schema: [{ name: 't', properties }] });
  const quality = (check: Doc): Doc => base(v, { schema: [{ name: 't', quality: [check] }] });
  const server = (entry: Doc): Doc => base(v, { servers: [{ server: 's', ...entry }] });
  const is31 = v !== '3.0';
  const is32 = v === '3.2';
  const cases: [string, Doc, boolean][] = [
    ['minimal', base(v), true],
    ['property-without-logical-type', schema([{ name: 'p' }]), !is32],
    ['property-without-logical-type-with-map', schema([{ name: 'p', map: { key: { logicalType: 'string' }, value: { logicalType: 'string' } } }]), is32],
    ['untyped-property-with-empty-options', schema([{ name: 'p', logicalTypeOptions: {}, ...(is32 ? { map: { key: {}, value: {} } } : {}) }]), is32 ? false : true],
    ['string-with-items', schema([{ name: 'p', logicalType: 'string', items: { logicalType: 'string' } }]), false],
    ['array-item-with-properties', schema([{ name: 'p', logicalType: 'array', items: { logicalType: 'array', properties: [{ name: 'x', logicalType: 'string' }] } }]), !is31],
    ['quality-two-operators', quality({ type: 'sql', query: 'select 1', mustBe: 1, mustNotBe: 2 }), !is31],
    ['quality-no-operator', quality({ type: 'sql', query: 'select 1' }), !is31],
    ['quality-untyped-with-rule', quality({ rule: 'rowCount', mustBe: 1 }), !is31],
    ['quality-text-with-metric', quality({ type: 'text', metric: 'rowCount', mustBe: 1 }), true],
    ['quality-between-equal-bounds', quality({ type: 'sql', query: 'select 1', mustBeBetween: [1, 1] }), !is31],
    ['custom-property-without-value', base(v, { customProperties: [{ property: 'x' }] }), !is31],
    ['team-object', base(v, { team: { name: 'team', members: [{ username: 'a' }] } }), is31],
    ['team-array', base(v, { team: [{ username: 'a', role: 'owner' }] }), true],
    ['support-without-url', base(v, { support: [{ channel: 'c' }] }), is31],
    ['port-as-variable', server({ type: 'postgres', host: 'h', port: '${DB_PORT}', database: 'd', schema: 's' }), is32],
    ['server-unknown-field', server({ type: 'kafka', host: 'h', database: 'd' }), !is31],
    ['sftp-wrong-scheme', server({ type: 'sftp', location: 'ftp://files.example.com/x' }), false],
    ['status-missing', { apiVersion: API[v], kind: 'DataContract', id: 'x', version: '1' }, is32],
    ['relationship-mixed-shapes', base(v, { schema: [{ name: 't', relationships: [{ from: 't.a', to: ['u.a'] }] }] }), false],
    ['relationship-fq-reference', base(v, { schema: [{ name: 't', relationships: [{ from: 'schema/t/properties/a', to: 'schema/u/properties/b' }] }] }), is31],
    ['relationship-from-on-property', schema([{ name: 'p', logicalType: 'string', relationships: [{ from: 't.p', to: 'u.p' }] }]), false],
    ['enum-duplicate-values', schema([{ name: 'p', logicalType: 'string', enum: [{ value: 'a' }, { value: 'a' }] }]), false],
    ['context-on-property', schema([{ name: 'p', logicalType: 'string', context: 'x' }]), false],
  ];
  const minimal: Record<string, Doc> = { iceberg: { catalog: 'c', catalogUrl: 'https://c.example.com' }, exasol: { host: 'h' }, hana: { host: 'h' }, teradata: { host: 'h' } };
  for (const type of serverTypesSince('3.1')) cases.push([`server-type-${type}`, server({ type, host: 'h', database: 'd' }), is31]);
  for (const type of serverTypesSince('3.2')) cases.push([`server-type-${type}`, server({ type, ...minimal[type] }), is32]);
  return cases;
}

export function constructedCases(): ConstructedCase[] {
  const out: ConstructedCase[] = [];
  for (const v of ['3.0', '3.1', '3.2'] as const) {
    out.push({ name: `constructed/v${v}/fundamentals`, declared: v, doc: fundamentals(v), valid: true });
    out.push({ name: `constructed/v${v}/servers`, declared: v, doc: base(v, { servers: allServers(v) }), valid: true });
    out.push({ name: `constructed/v${v}/schema`, declared: v, doc: schemaDoc(v), valid: true });
    out.push({ name: `constructed/v${v}/quality`, declared: v, doc: qualityDoc(v), valid: true });
    for (const [name, doc, valid] of edgeCases(v)) out.push({ name: `constructed/v${v}/${name}`, declared: v, doc, valid });
  }
  return out;
}
