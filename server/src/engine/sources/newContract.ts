// Drafts an ODCS 3.1.0 contract from a source table: one property per column, lineage, types, key, sensitive columns handled.
import { Document } from 'yaml';
import { SourceColumn, SourceTable } from './types';

/** Columns whose values must not leave the source: left out of the draft (listed in its header). */
const SECRET = /(^|_)(ssn|social_?security|password|passwd|pwd|secret|token|api_?key|pin)(_|$)/i;
/** Personal data: kept, but classified as restricted and tagged, for the author to decide. */
const PERSONAL = /(^|_)(e?_?mail|phone|mobile|fax|street|address|addr|birth|birthday|dob|zip|postcode|postal|iban|card|passport|national_?id|first_?name|last_?name|fname|lname|surname)(_|$)/i;

export interface DraftContract {
  fileName: string;
  text: string;
  omitted: string[];
}

/** `takenIds`: the ids of the workspace's contracts; the draft's id is `<table>-public`, else the first of `-2`, `-3`, ... free. */
export function draftContract(table: SourceTable, takenIds: ReadonlySet<string> = new Set()): DraftContract {
  const qualified = table.names.find((n) => n.includes('.')) ?? table.name;
  const base = slug(table.name);
  const omitted = table.columns.filter((c) => SECRET.test(c.name)).map((c) => c.name);
  const key = table.primaryKey.map((k) => k.toLowerCase());
  const properties = table.columns
    .filter((c) => c.kind === 'physical' && !SECRET.test(c.name))
    .map((c) => property(c, base, qualified, key));
  const contract = {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: freeId(`${base}-public`, takenIds),
    name: `${table.name} (public)`,
    version: '0.1.0',
    status: 'draft',
    description: { purpose: `Public stream of ${qualified}, designed for consumers: trim, rename and document the fields before publishing.` },
    servers: [{ server: 'kafka', type: 'kafka', host: 'kafka:9092', format: 'json' }],
    schema: [
      {
        id: base,
        name: base,
        physicalName: base,
        physicalType: 'topic',
        description: `One record per ${table.name} row, keyed by ${table.primaryKey.join(', ') || 'its key (set primaryKey on a property)'}.`,
        customProperties: [{ property: 'flinkSource', value: table.name }],
        properties,
      },
    ],
    customProperties: [{ property: 'compatibility', value: 'FORWARD' }],
  };
  const doc = new Document(contract);
  const notes = [`Draft contract for ${qualified} (${table.file.split(/[\\/]/).pop()}).`];
  if (omitted.length) notes.push(`Left out as secrets: ${omitted.join(', ')}.`);
  notes.push('Properties marked restricted hold personal data: rename, trim or drop them before publishing.');
  doc.commentBefore = notes.map((n) => ` ${n}`).join('\n');
  return { fileName: `${base}.odcs.yaml`, text: doc.toString({ lineWidth: 0 }), omitted };
}

function property(c: SourceColumn, base: string, qualified: string, key: string[]): Record<string, unknown> {
  const position = key.indexOf(c.name.toLowerCase());
  const p: Record<string, unknown> = {
    id: `${base}_${slug(c.name)}`,
    name: c.name,
    logicalType: logicalTypeOf(c.flinkType),
    physicalType: c.flinkType,
  };
  if (position >= 0) {
    p.primaryKey = true;
    p.primaryKeyPosition = position + 1;
  }
  if (!c.nullable || position >= 0) p.required = true;
  if (PERSONAL.test(c.name)) {
    p.classification = 'restricted';
    p.tags = ['pii'];
  }
  p.transformSourceObjects = [`${qualified}.${c.name}`];
  return p;
}

export function logicalTypeOf(flinkType: string): string {
  const t = flinkType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INT|INTEGER|BIGINT)\b/.test(t)) return 'integer';
  if (/^(FLOAT|DOUBLE|DECIMAL|NUMERIC|DEC)\b/.test(t)) return 'number';
  if (/^BOOLEAN\b/.test(t)) return 'boolean';
  if (/^DATE\b/.test(t)) return 'date';
  if (/^TIME\b/.test(t)) return 'time';
  if (/^TIMESTAMP/.test(t)) return 'timestamp';
  if (/^(ARRAY|MULTISET)\b/.test(t)) return 'array';
  if (/^(MAP|ROW)\b/.test(t)) return 'object';
  return 'string';
}

function freeId(wanted: string, taken: ReadonlySet<string>): string {
  if (!taken.has(wanted)) return wanted;
  let n = 2;
  while (taken.has(`${wanted}-${n}`)) n++;
  return `${wanted}-${n}`;
}

function slug(name: string): string {
  return trimUnderscores(name.toLowerCase().replace(/[^a-z0-9_-]+/g, '_')) || 'table';
}

/** Without leading and trailing underscores; trimmed by a loop, as `_+$` backtracks over every run of underscores that does not end the text. */
export function trimUnderscores(text: string): string {
  let a = 0;
  let b = text.length;
  while (a < b && text[a] === '_') a++;
  while (b > a && text[b - 1] === '_') b--;
  return text.slice(a, b);
}
