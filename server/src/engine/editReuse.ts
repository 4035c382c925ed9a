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
function moved(span: Span, edit: Pick<PropertyEdit, 'changeStart' | 'changeEnd' | 'delta'>): Span | undefined {
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

/** What moving a span needs of an edit: numbers only, so that whatever keeps it keeps no earlier text alive. */
interface Shift {
  stream: number;
  index: number;
  changeStart: number;
  changeEnd: number;
  delta: number;
}

/** A moved lineage whose column links nobody has asked for yet: the lineage they come from and the edits since. */
interface PendingLinks {
  base: Lineage;
  shifts: Shift[];
}

const pendingLinks = new WeakMap<Lineage, PendingLinks>();
/** Past this many edits in a row without a hover or a definition, the links are moved at once (a few ms at 5,000 properties). */
const MAX_PENDING_SHIFTS = 32;

/**
 * The previous lineage in the new text: its problems moved now, its column links (needed by hovers and definitions,
 * not by diagnostics) moved when first asked for. Edits in a row are collected as numbers on the last lineage whose
 * links exist, so that a long run of keystrokes keeps neither the earlier lineages nor their texts alive.
 */
export function moveLineage(previous: Lineage, edit: PropertyEdit, parsed: ParsedYaml): Lineage | undefined {
  const problems = moveProblems(previous.problems, edit);
  if (!problems) return undefined;
  const earlier = pendingLinks.get(previous);
  const shift: Shift = { stream: edit.stream, index: edit.index, changeStart: edit.changeStart, changeEnd: edit.changeEnd, delta: edit.delta };
  let state: (PendingLinks & { streams: StreamsOf }) | undefined = {
    base: earlier ? earlier.base : previous,
    shifts: [...(earlier?.shifts ?? []), shift],
    streams: (parsed.value as { schema: StreamsOf }).schema,
  };
  if (state.shifts.length >= MAX_PENDING_SHIFTS) return { problems, properties: movedLinks(state.base.properties, state.shifts, state.streams) };
  let properties: Lineage['properties'] | undefined;
  const lineage: Lineage = {
    problems,
    get properties() {
      if (!properties) {
        properties = movedLinks(state!.base.properties, state!.shifts, state!.streams);
        // forced: it no longer needs the lineage it came from
        state = undefined;
        pendingLinks.delete(lineage);
      }
      return properties;
    },
  };
  pendingLinks.set(lineage, { base: state.base, shifts: state.shifts });
  return lineage;
}

type StreamsOf = { properties: Record<string, unknown>[] }[];

function movedLinks(links: Lineage['properties'], shifts: readonly Shift[], streams: StreamsOf): Lineage['properties'] {
  const along = (span: Span) => shifts.reduce((at, shift) => moved(at, shift) ?? at, span);
  const edited = new Set(shifts.map((s) => `${s.stream}/${s.index}`));
  return links.map((p) => {
    const refs = p.refs.map((r) => ({ ...r, span: along(r.span) }));
    const expressionErrors = p.expressionErrors.map((e) => ({ ...e, span: along(e.span) }));
    // an edited property is a new object now; its links are where they were, its documentation is new
    const isEdited = p.path.length === 4 && edited.has(`${p.path[1]}/${p.path[3]}`);
    return { ...p, refs, expressionErrors, ...(isEdited ? { property: streams[p.path[1] as number].properties[p.path[3] as number] } : {}) };
  });
}
