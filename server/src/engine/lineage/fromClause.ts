// The tables a stream reads (its `flinkSource` FROM clause) with their aliases, via the Flink grammar.
import { FlinkSQL } from 'dt-sql-parser';

export interface FromTable {
  /** The table reference as written (`customers`, `inventory.phone_numbers`). */
  name: string;
  alias?: string;
}

let parser: FlinkSQL | undefined;
const cache = new Map<string, FromTable[]>();

/** Tables of a FROM clause such as `customers c LEFT JOIN phone_numbers p ON p.customer_id = c.id`. */
export function fromTables(fromClause: string): FromTable[] {
  const known = cache.get(fromClause);
  if (known) return known;
  parser ??= new FlinkSQL();
  let tables: FromTable[] = [];
  try {
    const entities = parser.getAllEntities(`SELECT 1 FROM ${fromClause}`) ?? [];
    tables = entities
      .filter((e) => String(e.entityContextType) === 'table')
      .map((e) => {
        const alias = (e as unknown as { _alias?: { text?: string } })._alias?.text;
        return alias ? { name: unquote(e.text), alias: unquote(alias) } : { name: unquote(e.text) };
      });
  } catch {
    tables = [];
  }
  if (cache.size > 1000) cache.clear();
  cache.set(fromClause, tables);
  return tables;
}

function unquote(name: string): string {
  return name.replace(/`/g, '');
}
