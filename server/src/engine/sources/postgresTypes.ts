// PostgreSQL column types → the Flink SQL types Flink CDC (postgres-cdc) reads them as.

export interface MappedType {
  flinkType: string;
  /** Set when the mapping is a fallback worth telling the user about (unknown type, precision too large). */
  note?: string;
}

const FIXED: Record<string, string> = {
  smallint: 'SMALLINT',
  int2: 'SMALLINT',
  smallserial: 'SMALLINT',
  serial2: 'SMALLINT',
  integer: 'INT',
  int: 'INT',
  int4: 'INT',
  serial: 'INT',
  serial4: 'INT',
  bigint: 'BIGINT',
  int8: 'BIGINT',
  bigserial: 'BIGINT',
  serial8: 'BIGINT',
  real: 'FLOAT',
  float4: 'FLOAT',
  float8: 'DOUBLE',
  'double precision': 'DOUBLE',
  boolean: 'BOOLEAN',
  bool: 'BOOLEAN',
  date: 'DATE',
  char: 'STRING',
  character: 'STRING',
  bpchar: 'STRING',
  varchar: 'STRING',
  'character varying': 'STRING',
  text: 'STRING',
  uuid: 'STRING',
  json: 'STRING',
  jsonb: 'STRING',
  inet: 'STRING',
  bytea: 'BYTES',
};

const SERIALS = new Set(['smallserial', 'serial2', 'serial', 'serial4', 'bigserial', 'serial8']);

/** A PostgreSQL type as written, split into its name, its modifiers and its array dimensions. */
export interface PostgresType {
  /** Lower case, single-spaced, modifiers removed, `pg_catalog.` dropped: `timestamp with time zone`, `numeric`, `public.mood`. */
  name: string;
  args: number[];
  arrayDims: number;
}

/** Splits the text of a type (without its array brackets) into name and modifiers: `NUMERIC(10, 2)` → numeric [10, 2]. */
export function parsePostgresType(base: string, arrayDims: number): PostgresType {
  const args: number[] = [];
  // `(...)` groups by a scan: a regular expression for them rescans the rest of the text at every unclosed `(`
  let outside = '';
  let closes = true;
  for (let i = 0; i < base.length; ) {
    const close = closes && base[i] === '(' ? base.indexOf(')', i + 1) : -1;
    if (close < 0 && base[i] === '(') closes = false;
    if (close < 0) {
      outside += base[i++];
      continue;
    }
    for (const part of base.slice(i + 1, close).split(',')) if (/^\s*\d+\s*$/.test(part)) args.push(Number(part));
    outside += ' ';
    i = close + 1;
  }
  const name = outside
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/^pg_catalog\./, '');
  return { name, args, arrayDims };
}

/** True for types that PostgreSQL makes NOT NULL by themselves (the serial pseudo-types). */
export function impliesNotNull(type: PostgresType): boolean {
  return type.arrayDims === 0 && SERIALS.has(type.name);
}

/** Maps a PostgreSQL type to Flink; `enums` holds the (lower-case, possibly schema-qualified) enum types declared in the workspace. */
export function mapPostgresType(type: PostgresType, enums: ReadonlySet<string>): MappedType {
  if (type.arrayDims > 1) return { flinkType: 'STRING', note: 'multi-dimensional arrays have no Flink CDC type mapping; the column is read as STRING' };
  const element = mapScalar(type, enums);
  if (type.arrayDims === 1) return { flinkType: `ARRAY<${element.flinkType}>`, ...(element.note ? { note: element.note } : {}) };
  return element;
}

function mapScalar(type: PostgresType, enums: ReadonlySet<string>): MappedType {
  const { name, args } = type;
  const fixed = FIXED[name];
  if (fixed) return { flinkType: fixed };
  switch (name) {
    case 'numeric':
    case 'decimal': {
      if (args.length === 0) return { flinkType: 'DECIMAL(38, 0)' };
      const [p, s = 0] = args;
      if (p > 38) return { flinkType: 'STRING', note: `Flink's DECIMAL holds at most 38 digits: NUMERIC(${p}, ${s}) is read as STRING` };
      return { flinkType: `DECIMAL(${p}, ${s})` };
    }
    case 'float':
      // PostgreSQL's float(p) is real up to 24 binary digits, double precision above (and without p)
      return { flinkType: args.length > 0 && args[0] <= 24 ? 'FLOAT' : 'DOUBLE' };
    case 'time':
    case 'time without time zone':
      return { flinkType: args.length > 0 ? `TIME(${args[0]})` : 'TIME' };
    case 'timestamp':
    case 'timestamp without time zone':
      return { flinkType: `TIMESTAMP(${args[0] ?? 6})` };
    case 'timestamptz':
    case 'timestamp with time zone':
      return { flinkType: `TIMESTAMP_LTZ(${args[0] ?? 6})` };
  }
  if (enums.has(name) || enums.has(name.split('.').pop()!)) return { flinkType: 'STRING' };
  return { flinkType: 'STRING', note: `PostgreSQL type \`${name}\` has no Flink CDC type mapping; the column is read as STRING` };
}
