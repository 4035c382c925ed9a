// Lineage: which source columns feed each contract property, and what is wrong with those links; each property once.
import { isRecord, locate } from '../locate';
import { ParsedYaml } from '../parse';
import { Catalog } from '../sources/types';
import { Problem, shiftProblem, Span } from '../types';
import { propertyProblems } from './problems';
import { PropertySources, propertySites, resolveProperty } from './resolve';

export type { ColumnRef, PropertySources } from './resolve';

export interface Lineage {
  properties: PropertySources[];
  problems: Problem[];
}

interface Known {
  key: string;
  catalog: Catalog;
  /** Where the property started when this was computed: a later text may have moved it. */
  start: number;
  sources: PropertySources;
  problems: Problem[];
}

/**
 * Each property's lineage, by the identity of its parsed value: an edit re-parses only the property it touched, so
 * every other property is the same object as before, and its result only moves with its text.
 */
const known = new WeakMap<object, Known>();

/** The lineage of a parsed contract against the catalog; empty when the contract cannot be read. */
export function contractLineage(parsed: ParsedYaml, catalog: Catalog): Lineage {
  const { text, doc, value } = parsed;
  if (!doc || !parsed.analysable || !isRecord(value)) return { properties: [], problems: [] };
  const properties: PropertySources[] = [];
  const problems: Problem[] = [];
  for (const site of propertySites(value, catalog)) {
    const start = locate(doc, site.path).node?.range?.[0] ?? -1;
    const key = `${site.path.join('/')}\u0000${site.streamKey}`;
    let entry = known.get(site.property);
    if (!entry || entry.key !== key || entry.catalog !== catalog || start < 0) {
      const sources = resolveProperty(text, doc, site, catalog);
      entry = { key, catalog, start, sources, problems: propertyProblems(text, doc, sources, catalog) };
      if (start >= 0) known.set(site.property, entry);
    } else if (entry.start !== start) {
      entry = moved(entry, start, site.stream);
      known.set(site.property, entry);
    }
    properties.push(entry.sources);
    problems.push(...entry.problems);
  }
  return { properties, problems };
}

/** The same result for a property whose text moved: every span shifts with it. */
function moved(entry: Known, start: number, stream: Record<string, unknown>): Known {
  const delta = start - entry.start;
  const shift = (span: Span): Span => ({ start: span.start + delta, end: span.end + delta });
  const s = entry.sources;
  const sources: PropertySources = {
    ...s,
    stream,
    refs: s.refs.map((r) => ({ ...r, span: shift(r.span) })),
    expressionErrors: s.expressionErrors.map((e) => ({ ...e, span: shift(e.span) })),
  };
  return { ...entry, start, sources, problems: entry.problems.map((p) => shiftProblem(p, delta)) };
}
