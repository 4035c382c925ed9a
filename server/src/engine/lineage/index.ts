// Lineage: which source columns feed each contract property, and what is wrong with those links.
import { Document } from 'yaml';
import { Catalog } from '../sources/types';
import { Problem } from '../types';
import { lineageProblems } from './problems';
import { PropertySources, resolveSources } from './resolve';

export type { ColumnRef, PropertySources } from './resolve';

export interface Lineage {
  properties: PropertySources[];
  problems: Problem[];
}

export function contractLineage(text: string, doc: Document, value: Record<string, unknown>, catalog: Catalog): Lineage {
  const properties = resolveSources(text, doc, value, catalog);
  return { properties, problems: lineageProblems(text, doc, properties, catalog) };
}
