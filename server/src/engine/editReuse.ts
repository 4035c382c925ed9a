// Results of the previous text that an edit of one property's documentation leaves valid: only their places move.
import { canonical } from './diff/model';
import { Lineage } from './lineage';
import { isRecord } from './locate';
import { ParsedYaml, PropertyEdit } from './parse';
import { Problem, Span } from './types';

/** Fields of a property that neither its lineage nor the generated job reads. */
const DOCUMENTATION = new Set(['description', 'businessName', 'tags', 'examples', 'transformDescription', 'authoritativeDefinitions', 'quality', 'classification', 'criticalDataElement']);

/**
 * The edit that turned `previousText` into the parsed text, when it changed nothing but the documentation of one
 * property (typing in a description is the common keystroke).
 */
export function documentationEdit(parsed: ParsedYaml, previousText: string): PropertyEdit | undefined {
  const edit = parsed.edit;
  if (!edit || edit.previousText !== previousText) return undefined;
  const streams = isRecord(parsed.value) ? parsed.value.schema : undefined;
  const stream = Array.isArray(streams) ? streams[edit.stream] : undefined;
  const current = isRecord(stream) && Array.isArray(stream.properties) ? stream.properties[edit.index] : undefined;
  return isRecord(current) && isRecord(edit.replaced) && sameBesidesDocumentation(edit.replaced, current) ? edit : undefined;
}

function sameBesidesDocumentation(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (!DOCUMENTATION.has(key) && canonical(a[key]) !== canonical(b[key])) return false;
  return true;
}

/** A span of the previous text in the new one; undefined when it overlaps the changed text (it must be computed again). */
function moved(span: Span, edit: PropertyEdit): Span | undefined {
  if (span.end <= edit.changeStart && span.start < edit.changeStart) return span;
  if (span.start >= edit.changeEnd) return { start: span.start + edit.delta, end: span.end + edit.delta };
  return undefined;
}

/** Items with spans (job problems), moved with the text; undefined when one of them touches the change. */
export function moveSpans<T extends { span: Span }>(items: readonly T[], edit: PropertyEdit): T[] | undefined {
  const out: T[] = [];
  for (const item of items) {
    const span = moved(item.span, edit);
    if (!span) return undefined;
    out.push(span === item.span ? item : { ...item, span });
  }
  return out;
}

/** Problems moved with the text, their fixes and related places too; undefined when one of them touches the change. */
export function moveProblems(problems: readonly Problem[], edit: PropertyEdit): Problem[] | undefined {
  const out: Problem[] = [];
  for (const p of problems) {
    const span = moved(p.span, edit);
    if (!span) return undefined;
    const fixes = p.fixes?.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, span: moved(e.span, edit) })) }));
    const related = p.related?.map((r) => (r.file ? r : { ...r, span: moved(r.span, edit) }));
    if (fixes?.some((f) => f.edits.some((e) => !e.span)) || related?.some((r) => !r.span)) return undefined;
    out.push({ ...p, span, ...(fixes ? { fixes: fixes as Problem['fixes'] } : {}), ...(related ? { related: related as Problem['related'] } : {}) });
  }
  return out;
}

/**
 * The previous lineage in the new text: its problems moved now, its column links (needed by hovers and definitions,
 * not by diagnostics) moved when first asked for.
 */
export function moveLineage(previous: Lineage, edit: PropertyEdit, parsed: ParsedYaml): Lineage | undefined {
  const problems = moveProblems(previous.problems, edit);
  if (!problems) return undefined;
  let properties: Lineage['properties'] | undefined;
  const streams = (parsed.value as { schema: { properties: Record<string, unknown>[] }[] }).schema;
  return {
    problems,
    get properties() {
      properties ??= previous.properties.map((p) => {
        const refs = p.refs.map((r) => ({ ...r, span: moved(r.span, edit) ?? r.span }));
        const expressionErrors = p.expressionErrors.map((e) => ({ ...e, span: moved(e.span, edit) ?? e.span }));
        // the edited property is a new object now; its links are where they were, its documentation is new
        const edited = p.path.length === 4 && p.path[1] === edit.stream && p.path[3] === edit.index;
        return { ...p, refs, expressionErrors, ...(edited ? { property: streams[edit.stream].properties[edit.index] } : {}) };
      });
      return properties;
    },
  };
}
