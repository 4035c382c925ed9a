// Lineage: which source columns feed each contract property, and what is wrong with those links.
import { isRecord } from '../locate';
import { ParsedYaml } from '../parse';
import { Catalog } from '../sources/types';
import { Problem } from '../types';
import { lineageProblems } from './problems';
import { PropertySources, resolveSources } from './resolve';

export type { ColumnRef, PropertySources } from './resolve';

export interface Lineage {
  properties: PropertySources[];
  problems: Problem[];
}

/** The lineage of a parsed contract against the catalog; empty when the contract cannot be read. */
export function contractLineage(parsed: ParsedYaml, catalog: Catalog): Lineage {
  const { text, doc, value } = parsed;
  if (!doc || !parsed.analysable || !isRecord(value)) return { properties: [], problems: [] };
  const properties = resolveSources(text, doc, value, catalog);
  return { properties, problems: lineageProblems(text, doc, properties, catalog) };
}
