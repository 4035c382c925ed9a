// Flink SQL column types: parse type strings, derive a property's type, and decide widening between two types.
/** The length of STRING and BYTES. */
export const MAX_LENGTH = 2147483647;
const MAX_DEPTH = 32;

/** A Flink type without its nullability. */
export type BaseType =
  | { kind: 'integer'; name: 'TINYINT' | 'SMALLINT' | 'INT' | 'BIGINT' }
  | { kind: 'float'; name: 'FLOAT' | 'DOUBLE' }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'char' | 'varchar' | 'binary' | 'varbinary'; length: number }
  | { kind: 'time' | 'timestamp' | 'timestamp_ltz'; precision: number }
  | { kind: 'boolean' | 'date' }
  | { kind: 'array' | 'multiset'; element: FlinkType }
  | { kind: 'map'; key: FlinkType; value: FlinkType }
  | { kind: 'row'; fields: { name: string; type: FlinkType }[] }
  | { kind: 'interval'; text: string };

export type FlinkType = BaseType & { notNull: boolean };

/** How two types relate: `widened` means every old value still fits the new type. */
export type TypeVerdict = 'same' | 'widened' | 'narrowed' | 'incompatible';

const INTEGER_RANK = { TINYINT: 1, SMALLINT: 2, INT: 3, BIGINT: 4 } as const;
/** Decimal digits each integer type needs, for integer → DECIMAL widening. */
const INTEGER_DIGITS = { TINYINT: 3, SMALLINT: 5, INT: 10, BIGINT: 19 } as const;

// ---------------------------------------------------------------- parsing

type Token = { kind: 'word' | 'number' | 'punct' | 'string'; text: string };

function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  const re = /\s*(?:([A-Za-z_][A-Za-z0-9_$]*)|(\d+)|`((?:[^`]|``)*)`|'((?:[^']|'')*)'|([<>(),]))/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return null;
    pos = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'word', text: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: 'number', text: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'word', text: m[3].replace(/``/g, '`') });
    else if (m[4] !== undefined) tokens.push({ kind: 'string', text: m[4] });
    else tokens.push({ kind: 'punct', text: m[5] });
  }
  return tokens;
}

class TypeParser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parseAll(): FlinkType | null {
    const type = this.type(0);
    return type && this.pos === this.tokens.length ? type : null;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  private word(): string | null {
    const t = this.peek();
    return t?.kind === 'word' ? t.text.toUpperCase() : null;
  }
  private accept(text: string): boolean {
    const t = this.peek();
    if (t && t.kind !== 'string' && t.text.toUpperCase() === text) {
      this.pos++;
      return true;
    }
    return false;
  }
  private acceptAll(...words: string[]): boolean {
    const ok = words.every((w, i) => this.peek(i)?.text.toUpperCase() === w && this.peek(i)?.kind === 'word');
    if (ok) this.pos += words.length;
    return ok;
  }
  /** `(n)` or `(p, s)` after a type name; undefined when absent, null when malformed. */
  private args(): number[] | undefined | null {
    if (!this.accept('(')) return undefined;
    const out: number[] = [];
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'number') return null;
      out.push(Number(t.text));
      this.pos++;
      if (this.accept(')')) return out;
      if (!this.accept(',')) return null;
    }
  }

  private type(depth: number): FlinkType | null {
    if (depth > MAX_DEPTH) return null;
    const base = this.base(depth);
    if (!base) return null;
    let notNull = false;
    if (this.acceptAll('NOT', 'NULL')) notNull = true;
    else this.acceptAll('NULL');
    return { ...base, notNull } as FlinkType;
  }

  private base(depth: number): BaseType | null {
    const name = this.word();
    if (!name) return null;
    this.pos++;
    switch (name) {
      case 'TINYINT':
      case 'SMALLINT':
      case 'BIGINT':
        return { kind: 'integer', name };
      case 'INT':
      case 'INTEGER':
        return { kind: 'integer', name: 'INT' };
      case 'FLOAT':
        return { kind: 'float', name: 'FLOAT' };
      case 'DOUBLE':
        this.acceptAll('PRECISION');
        return { kind: 'float', name: 'DOUBLE' };
      case 'BOOLEAN':
        return { kind: 'boolean' };
      case 'DATE':
        return { kind: 'date' };
      case 'STRING':
        return { kind: 'varchar', length: MAX_LENGTH };
      case 'BYTES':
        return { kind: 'varbinary', length: MAX_LENGTH };
      case 'CHAR':
      case 'CHARACTER':
      case 'VARCHAR':
      case 'BINARY':
      case 'VARBINARY':
        return this.sized(name);
      case 'DECIMAL':
      case 'DEC':
      case 'NUMERIC':
        return this.decimal();
      case 'TIME':
        return this.temporal('time', 0);
      case 'TIMESTAMP':
        return this.temporal('timestamp', 6);
      case 'TIMESTAMP_LTZ':
        return this.temporal('timestamp_ltz', 6);
      case 'ARRAY':
      case 'MULTISET': {
        if (!this.accept('<')) return null;
        const element = this.type(depth + 1);
        return element && this.accept('>') ? { kind: name === 'ARRAY' ? 'array' : 'multiset', element } : null;
      }
      case 'MAP': {
        if (!this.accept('<')) return null;
        const key = this.type(depth + 1);
        if (!key || !this.accept(',')) return null;
        const value = this.type(depth + 1);
        return value && this.accept('>') ? { kind: 'map', key, value } : null;
      }
      case 'ROW':
        return this.row(depth);
      case 'INTERVAL':
        return this.interval();
      default:
        return null;
    }
  }

  private sized(name: string): BaseType | null {
    let kind: 'char' | 'varchar' | 'binary' | 'varbinary' = name === 'BINARY' ? 'binary' : name === 'VARBINARY' ? 'varbinary' : name === 'VARCHAR' ? 'varchar' : 'char';
    if (kind === 'char' && this.acceptAll('VARYING')) kind = 'varchar';
    const args = this.args();
    if (args === null || (args && args.length !== 1)) return null;
    const length = args ? args[0] : 1;
    return length >= 1 && length <= MAX_LENGTH ? { kind, length } : null;
  }

  private decimal(): BaseType | null {
    const args = this.args();
    if (args === null || (args && args.length > 2)) return null;
    const precision = args?.[0] ?? 10;
    const scale = args?.[1] ?? 0;
    return precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision ? { kind: 'decimal', precision, scale } : null;
  }

  private temporal(kind: 'time' | 'timestamp' | 'timestamp_ltz', defaultPrecision: number): BaseType | null {
    const args = this.args();
    if (args === null || (args && args.length !== 1)) return null;
    const precision = args ? args[0] : defaultPrecision;
    if (precision < 0 || precision > 9) return null;
    if (kind !== 'timestamp_ltz' && this.acceptAll('WITHOUT', 'TIME', 'ZONE')) return { kind, precision };
    if (kind === 'timestamp' && this.acceptAll('WITH', 'LOCAL', 'TIME', 'ZONE')) return { kind: 'timestamp_ltz', precision };
    // TIMESTAMP WITH TIME ZONE is not a Flink type: leave it to the textual comparison
    if (this.word() === 'WITH') return null;
    return { kind, precision };
  }

  private row(depth: number): BaseType | null {
    const close = this.accept('<') ? '>' : this.accept('(') ? ')' : null;
    if (!close) return null;
    const fields: { name: string; type: FlinkType }[] = [];
    if (this.accept(close)) return { kind: 'row', fields };
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'word') return null;
      this.pos++;
      const type = this.type(depth + 1);
      if (!type) return null;
      if (this.peek()?.kind === 'string') this.pos++; // a field description
      fields.push({ name: t.text, type });
      if (this.accept(close)) return { kind: 'row', fields };
      if (!this.accept(',')) return null;
    }
  }

  private interval(): BaseType | null {
    const words: string[] = [];
    while (this.peek() && !(this.peek()!.kind === 'punct' && /[<>,]/.test(this.peek()!.text)) && !(this.word() === 'NOT' || this.word() === 'NULL')) {
      words.push(this.peek()!.text.toUpperCase());
      this.pos++;
    }
    return words.length ? { kind: 'interval', text: `INTERVAL ${words.join(' ').replace(/\s+/g, ' ').replace(/ ?\( ?/g, '(').replace(/ ?\)/g, ')').replace(/ ?, ?/g, ',')}` } : null;
  }
}

/** Parses a Flink SQL type (case-insensitive, spaces tolerated); null when it is not one. */
export function parseFlinkType(text: string): FlinkType | null {
  if (text.length > 2000) return null;
  const tokens = tokenize(text);
  return tokens && tokens.length ? new TypeParser(tokens).parseAll() : null;
}

/** The canonical spelling of a type, for messages. */
export function renderFlinkType(t: FlinkType): string {
  const suffix = t.notNull ? ' NOT NULL' : '';
  switch (t.kind) {
    case 'integer':
    case 'float':
      return t.name + suffix;
    case 'decimal':
      return `DECIMAL(${t.precision}, ${t.scale})${suffix}`;
    case 'varchar':
      return (t.length === MAX_LENGTH ? 'STRING' : `VARCHAR(${t.length})`) + suffix;
    case 'varbinary':
      return (t.length === MAX_LENGTH ? 'BYTES' : `VARBINARY(${t.length})`) + suffix;
    case 'char':
    case 'binary':
      return `${t.kind.toUpperCase()}(${t.length})${suffix}`;
    case 'time':
    case 'timestamp':
    case 'timestamp_ltz':
      return `${t.kind.toUpperCase()}(${t.precision})${suffix}`;
    case 'boolean':
    case 'date':
      return t.kind.toUpperCase() + suffix;
    case 'array':
    case 'multiset':
      return `${t.kind.toUpperCase()}<${renderFlinkType(t.element)}>${suffix}`;
    case 'map':
      return `MAP<${renderFlinkType(t.key)}, ${renderFlinkType(t.value)}>${suffix}`;
    case 'row':
      return `ROW<${t.fields.map((f) => `${f.name} ${renderFlinkType(f.type)}`).join(', ')}>${suffix}`;
    case 'interval':
      return t.text + suffix;
  }
}

// ---------------------------------------------------------------- widening

/** True when every value of `a` (null included, unless ignored) is also a value of `b`. */
function fitsIn(a: FlinkType, b: FlinkType, checkNulls: boolean): boolean {
  if (checkNulls && !a.notNull && b.notNull) return false;
  switch (a.kind) {
    case 'integer':
      if (b.kind === 'integer') return INTEGER_RANK[a.name] <= INTEGER_RANK[b.name];
      if (b.kind === 'decimal') return b.precision - b.scale >= INTEGER_DIGITS[a.name];
      // only where the floating type holds every integer exactly (24 and 53 bits of mantissa)
      if (b.kind === 'float') return INTEGER_RANK[a.name] <= (b.name === 'FLOAT' ? INTEGER_RANK.SMALLINT : INTEGER_RANK.INT);
      return false;
    case 'float':
      return b.kind === 'float' && (a.name === b.name || b.name === 'DOUBLE');
    case 'decimal':
      return b.kind === 'decimal' && b.scale >= a.scale && b.precision - b.scale >= a.precision - a.scale;
    case 'char':
      // CHAR pads to its length, so only an exact CHAR or a long enough VARCHAR keeps the values
      return (b.kind === 'char' && b.length === a.length) || (b.kind === 'varchar' && b.length >= a.length);
    case 'binary':
      return (b.kind === 'binary' && b.length === a.length) || (b.kind === 'varbinary' && b.length >= a.length);
    case 'varchar':
    case 'varbinary':
      return b.kind === a.kind && b.length >= a.length;
    case 'time':
    case 'timestamp':
    case 'timestamp_ltz':
      return b.kind === a.kind && b.precision >= a.precision;
    case 'boolean':
    case 'date':
      return b.kind === a.kind;
    case 'array':
    case 'multiset':
      return b.kind === a.kind && fitsIn(a.element, b.element, true);
    case 'map':
      return b.kind === 'map' && fitsIn(a.key, b.key, true) && fitsIn(a.value, b.value, true);
    case 'row':
      return b.kind === 'row' && b.fields.length === a.fields.length && a.fields.every((f, i) => f.name === b.fields[i].name && fitsIn(f.type, b.fields[i].type, true));
    case 'interval':
      return b.kind === 'interval' && b.text === a.text;
  }
}

/** Compares an old and a new type; `ignoreNullability` leaves the top-level NOT NULL to the `required` rules. */
export function compareFlinkTypes(oldType: FlinkType, newType: FlinkType, ignoreNullability = false): TypeVerdict {
  const check = !ignoreNullability;
  const forward = fitsIn(oldType, newType, check);
  const backward = fitsIn(newType, oldType, check);
  if (forward && backward) return 'same';
  if (forward) return 'widened';
  if (backward) return 'narrowed';
  return 'incompatible';
}

/** Normalises a type text that is not a Flink type, so that case and spacing do not count as a change. */
export function normaliseTypeText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').replace(/ ?([(),<>]) ?/g, '$1').toUpperCase();
}
