// The Flink column type a property is published with: its declared physicalType, else the type its logicalType stands for.
import { isRecord } from '../locate';
import { BaseType, FlinkType, MAX_LENGTH, parseFlinkType, renderFlinkType } from './flinkTypes';

const MAX_DEPTH = 32;

export interface PropertyType {
  /** The parsed type, null when the physical type is not a Flink type (or nothing can be derived). */
  type: FlinkType | null;
  /** What the author wrote, or the derived type's spelling. */
  text: string | null;
  /** Where the type comes from. */
  source: 'physicalType' | 'logicalType' | 'none';
}

const INTEGER_FORMATS: Record<string, string> = { i8: 'TINYINT', i16: 'SMALLINT', u8: 'SMALLINT', i32: 'INT', u16: 'INT', i64: 'BIGINT', u32: 'BIGINT' };

/**
 * The Flink column type a property is published with: its `physicalType` when that is a Flink SQL
 * type, else the type its `logicalType` and `logicalTypeOptions` stand for. `required` adds NOT NULL.
 */
export function propertyFlinkType(property: Record<string, unknown>): PropertyType {
  const physical = property.physicalType;
  let result: PropertyType;
  if (typeof physical === 'string' && physical.trim() !== '') {
    const type = parseFlinkType(physical);
    result = { type, text: type ? renderFlinkType(type) : physical.trim(), source: 'physicalType' };
  } else {
    const type = derivedType(property, 0);
    result = type ? { type, text: renderFlinkType(type), source: 'logicalType' } : { type: null, text: null, source: 'none' };
  }
  if (result.type && property.required === true && !result.type.notNull) result.type = { ...result.type, notNull: true };
  return result;
}

function derivedType(property: Record<string, unknown>, depth: number): FlinkType | null {
  if (depth > MAX_DEPTH) return null;
  const explicit = typeof property.physicalType === 'string' ? parseFlinkType(property.physicalType) : null;
  if (explicit && depth > 0) return explicit;
  const options = isRecord(property.logicalTypeOptions) ? property.logicalTypeOptions : {};
  const base = (t: BaseType): FlinkType => ({ ...t, notNull: depth > 0 && property.required === true }) as FlinkType;
  switch (property.logicalType) {
    case 'string':
      return base({ kind: 'varchar', length: MAX_LENGTH });
    case 'integer': {
      const name = typeof options.format === 'string' ? INTEGER_FORMATS[options.format] : undefined;
      if (name) return base({ kind: 'integer', name: name as 'INT' });
      // wider formats than BIGINT (i128, u64...) only fit a DECIMAL
      if (options.format === 'i128' || options.format === 'u64' || options.format === 'u128') return base({ kind: 'decimal', precision: 38, scale: 0 });
      return base({ kind: 'integer', name: 'BIGINT' });
    }
    case 'number':
      return base({ kind: 'float', name: options.format === 'f32' ? 'FLOAT' : 'DOUBLE' });
    case 'boolean':
      return base({ kind: 'boolean' });
    case 'date':
      return base({ kind: 'date' });
    case 'time':
      return base({ kind: 'time', precision: 3 });
    case 'timestamp':
      return base({ kind: options.timezone === true ? 'timestamp_ltz' : 'timestamp', precision: 3 });
    case 'array': {
      const element = isRecord(property.items) ? derivedType(property.items, depth + 1) : null;
      return element ? base({ kind: 'array', element }) : null;
    }
    case 'object': {
      if (!Array.isArray(property.properties)) return null;
      const fields: { name: string; type: FlinkType }[] = [];
      for (const p of property.properties) {
        const name = isRecord(p) ? (typeof p.physicalName === 'string' ? p.physicalName : p.name) : undefined;
        const type = isRecord(p) && typeof name === 'string' ? derivedType(p, depth + 1) : null;
        if (!type || typeof name !== 'string') return null;
        fields.push({ name, type });
      }
      return base({ kind: 'row', fields });
    }
    case 'map': {
      const map = isRecord(property.map) ? property.map : {};
      const key = isRecord(map.key) ? derivedType(map.key, depth + 1) : null;
      const value = isRecord(map.value) ? derivedType(map.value, depth + 1) : null;
      return key && value ? base({ kind: 'map', key, value }) : null;
    }
    default:
      return null;
  }
}
