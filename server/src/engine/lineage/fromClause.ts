// The tables a stream reads (its `flinkSource` FROM clause) with their aliases, via the Flink grammar.
import { checkStatement } from '../sources/flinkGrammar';

export interface FromTable {
  /** The table reference as written (`customers`, `inventory.phone_numbers`). */
  name: string;
  alias?: string;
}

const cache = new Map<string, FromTable[]>();

/** Tables of a FROM clause such as `customers c LEFT JOIN phone_numbers p ON p.customer_id = c.id`. */
export function fromTables(fromClause: string): FromTable[] {
  const known = cache.get(fromClause);
  if (known) return known;
  const tables = checkStatement(`SELECT 1 FROM ${fromClause}`).tables.map((t) =>
    t.alias ? { name: unquote(t.text), alias: unquote(t.alias) } : { name: unquote(t.text) },
  );
  if (cache.size > 1000) cache.clear();
  cache.set(fromClause, tables);
  return tables;
}

function unquote(name: string): string {
  return name.replace(/`/g, '');
}
