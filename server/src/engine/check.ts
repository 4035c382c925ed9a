// The one front door for problems: every problem of one contract, as the editor, `lint`, `check` and publish see it.
import { Analysis, analyze, AnalyzeOptions } from './analyze';
import { Mode, RegistryKind } from './diff';
import { Evolution, evolutionOf, RegisteredText, withBreakingSeverity } from './evolution';
import { generateJob, GeneratedJob } from './flink';
import { lineEndFrom } from './lineIndex';
import { documentationEdit, moveLineage, moveSpans } from './editReuse';
import { contractLineage, Lineage } from './lineage';
import { isRecord, spanForPath } from './locate';
import { ParsedYaml } from './parse';
import { Catalog } from './sources/types';
import { avroColumnProblems } from './registry/avroSchema';
import { schemaTypeOf } from './registry/streamSchemas';
import { addStableIdsFix } from './stableIds';
import { Path, Problem, Severity, Span } from './types';

/** The registered versions of one contract, as a registry listed them. */
export interface RegistryState {
  versions: readonly RegisteredText[];
  /** Entries that exist but could not be used (unreadable, wrong id inside, ...); `shown` as in `RegisteredText`. */
  unusable: readonly { location: string; message: string; shown?: string }[];
}

export interface CheckSettings {
  /** The mode for contracts that do not declare `compatibility` (the workspace setting or `--mode`). */
  mode?: Mode;
  /**
   * Where versions are registered (the `streamcontract.registry.kind` setting; in the CLI `--registry-kind`, or a
   * `--registry-url`): `confluent` judges added and removed properties as the Schema Registry will. Default `folder`.
   */
  registryKind?: RegistryKind;
  /** Breaking changes are warnings while typing and errors in CI and publish. */
  breakingSeverity?: Extract<Severity, 'warning' | 'error'>;
}

export interface CheckInput {
  /** The contract's registered versions; absent: evolution is not checked (`lint`, or a file inside the registry). */
  registry?: RegistryState;
  /** The workspace's source tables; absent or without tables: lineage and the job are not checked. */
  catalog?: Catalog;
  settings?: CheckSettings;
  /** The same memo for every check of one document: a stage whose inputs did not change is not run again. */
  memo?: CheckMemo;
}

export interface CheckResult {
  analysis: Analysis;
  /** Every problem, once (same code, range and message is one problem), in text order. */
  problems: Problem[];
  evolution: Evolution | null;
  lineage: Lineage | null;
  /** The job's problems (its text is written only for the preview and `sql`). */
  job: GeneratedJob | null;
}

/** Generator problems the lineage reports in its own words (with "did you mean" and quick fixes). */
const COVERED_BY_LINEAGE = new Set(['flink-unknown-table', 'flink-unknown-column']);
/** Generator problems shown even where the lineage found an error: why the job leaves the text out. */
const SHOWN_BESIDE_LINEAGE = new Set(['flink-fragment-refused']);
/** Generator problems a contract rule reports at the same place: the rule's word is the one shown. */
const COVERED_BY_RULE: Readonly<Record<string, string>> = { 'flink-invalid-custom-property': 'custom-property-type' };

/**
 * Remembers the last result of each stage for one document, keyed by the stage's inputs (the text, the catalog and
 * registry values, the settings), so that the editor and the links between files share one computation.
 */
export class CheckMemo {
  private lineageMemo: { text: string; catalog: Catalog; value: Lineage } | undefined;
  private jobMemo: { text: string; catalog: Catalog; value: GeneratedJob | null } | undefined;
  private jobProblemsMemo: { text: string; catalog: Catalog; value: GeneratedJob | null } | undefined;
  /** By mode and registry kind, for the current version; the severity of breaking changes is applied when asked for. */
  private readonly evolutionMemo = new Map<string, { analysis: Analysis; registry: RegistryState; value: Evolution; bySeverity: Map<string, Evolution> }>();

  lineage(parsed: ParsedYaml, catalog: Catalog): Lineage {
    const m = this.lineageMemo;
    if (m && m.text === parsed.text && m.catalog === catalog) return m.value;
    // typing in a property's description moves the lineage, it does not change it
    const edit = m && m.catalog === catalog ? documentationEdit(parsed, m.text) : undefined;
    const value = (edit && moveLineage(m!.value, edit, parsed)) || contractLineage(parsed, catalog);
    this.lineageMemo = { text: parsed.text, catalog, value };
    return value;
  }

  /** The whole job, its text checked statement by statement (for the preview). */
  job(parsed: ParsedYaml, catalog: Catalog): GeneratedJob | null {
    const m = this.jobMemo;
    if (m && m.text === parsed.text && m.catalog === catalog) return m.value;
    const value = generateJob(parsed, catalog);
    this.jobMemo = { text: parsed.text, catalog, value };
    return value;
  }

  /** The job's problems only, each fragment checked on its own (for diagnostics, at every keystroke). */
  jobProblems(parsed: ParsedYaml, catalog: Catalog): GeneratedJob | null {
    const m = this.jobProblemsMemo;
    if (m && m.text === parsed.text && m.catalog === catalog) return m.value;
    // documentation is not in the job: its problems only move with the text
    const edit = m?.value && m.catalog === catalog ? documentationEdit(parsed, m.text) : undefined;
    const problems = edit && moveSpans(m!.value!.problems, edit);
    const value = problems ? { ...m!.value!, problems } : generateJob(parsed, catalog, { problemsOnly: true });
    this.jobProblemsMemo = { text: parsed.text, catalog, value };
    return value;
  }

  evolution(analysis: Analysis, registry: RegistryState, settings: CheckSettings): Evolution {
    // the diagnostics and the publish gate ask for the same version with different severities: one diff serves both
    const key = `${settings.mode ?? ''}\u0000${settings.registryKind ?? ''}`;
    let m = this.evolutionMemo.get(key);
    if (!m || m.analysis !== analysis || m.registry !== registry) {
      m = { analysis, registry, value: evolutionOf(analysis, registry.versions, { modeSetting: settings.mode, registryKind: settings.registryKind }), bySeverity: new Map() };
      // results of earlier versions go: at most one per combination of settings asked for this version
      for (const [k, other] of this.evolutionMemo) if (other.analysis !== analysis) this.evolutionMemo.delete(k);
      this.evolutionMemo.set(key, m);
    }
    const severity = settings.breakingSeverity ?? 'warning';
    let value = m.bySeverity.get(severity);
    if (!value) m.bySeverity.set(severity, (value = withBreakingSeverity(m.value, severity)));
    return value;
  }
}

/** Every problem of an analysed contract: its own, its evolution, its lineage and its generated job. */
export function checkContract(analysis: Analysis, input: CheckInput = {}): CheckResult {
  const result: CheckResult = { analysis, problems: [], evolution: null, lineage: null, job: null };
  const problems: Problem[] = [...analysis.problems];
  const parsed = analysis.parsed;
  // a document that is not a mapping (null, a list, a scalar) has its schema error and nothing more to check
  if (!analysis.isContract || !parsed?.analysable || !parsed.doc || !isRecord(parsed.value)) {
    result.problems = uniqueProblems(problems, parsed?.text);
    return result;
  }
  const memo = input.memo ?? new CheckMemo();
  const settings = input.settings ?? {};
  const stage = (name: string, run: () => void) => {
    try {
      run();
    } catch (err) {
      problems.push({ code: 'internal-error', severity: 'warning', message: `streamcontract could not check the ${name}: ${String(err)}`, span: { start: 0, end: 0 } });
    }
  };

  stage('stable ids', () => {
    const hint = addStableIdsFix({ text: parsed.text, doc: parsed.doc!, value: parsed.value as Record<string, unknown> });
    if (hint) problems.push(hint);
  });

  const registry = input.registry;
  if (registry) {
    stage('registered versions', () => {
      result.evolution = memo.evolution(analysis, registry, settings);
      problems.push(...result.evolution.problems);
      const idSpan = spanAt(analysis, ['id']);
      for (const u of registry.unusable) {
        problems.push({ code: 'registry-entry-unusable', severity: 'warning', message: `A registry entry for this contract is not usable (${u.shown ?? u.location}): ${u.message}`, span: idSpan });
      }
    });
  }

  const catalog = input.catalog;
  if (catalog && catalog.tables.length > 0) {
    stage('source columns', () => {
      result.lineage = memo.lineage(parsed, catalog);
      problems.push(...result.lineage.problems);
    });
    stage('generated Flink job', () => {
      result.job = memo.jobProblems(parsed, catalog);
      const lineageErrors = (result.lineage?.problems ?? []).filter((p) => p.severity === 'error');
      for (const p of result.job?.problems ?? []) {
        // said in the lineage's words where it says something there; where it does not, the job still cannot be made
        if (COVERED_BY_LINEAGE.has(p.code) && (result.lineage?.problems ?? []).some((l) => l.severity !== 'info' && l.severity !== 'hint' && overlaps(l.span, p.span))) continue;
        // an error the lineage found explains the generator's problem at the same place; a refused fragment says more
        if (!SHOWN_BESIDE_LINEAGE.has(p.code) && lineageErrors.some((l) => overlaps(l.span, p.span))) continue;
        const rule = COVERED_BY_RULE[p.code];
        if (rule && problems.some((q) => q.code === rule && overlaps(q.span, p.span))) continue;
        problems.push({ code: p.code, severity: p.severity, message: p.message, span: p.span });
      }
    });
  }

  stage('Avro columns', () => {
    const value = parsed.value as Record<string, unknown>;
    const format = schemaTypeOf(value);
    if (!('schemaType' in format) || format.schemaType !== 'AVRO') return;
    for (const p of avroColumnProblems(value)) {
      // the message names the column as `stream.field: ...`; here it is underlined in place
      const why = p.message.slice(p.message.indexOf(': ') + 2);
      problems.push({ code: 'flink-avro-unsupported', severity: 'error', message: `${why.charAt(0).toUpperCase()}${why.slice(1)}. As it is, the job fails at start-up and publishing to a Schema Registry is refused.`, span: spanAt(analysis, [...p.path, 'name']) });
    }
  });

  result.problems = uniqueProblems(problems, parsed.text);
  return result;
}

/** Analyses and checks one contract text (the CLI's entry; the editor passes its own analysis to `checkContract`). */
export function checkText(text: string, options: AnalyzeOptions & CheckInput = {}): CheckResult {
  return checkContract(analyze(text, options), options);
}

/** Where a path of the contract is in its text: the value (or the key with `'key'`), else its nearest parent. */
export function spanAt(analysis: Analysis, path: Path, prefer: 'key' | 'value' = 'value'): Span {
  const parsed = analysis.parsed;
  return parsed?.doc ? spanForPath(parsed.text, parsed.doc, path, prefer) : { start: 0, end: 0 };
}

/** The most problems one document shows, as other language servers cap them: past that a list only slows the editor. */
export const MAX_PROBLEMS = 1000;

/**
 * Problems in text order, each once: the same code, range and message twice is one problem. Past MAX_PROBLEMS the
 * first ones are kept (with their quick fixes) and one `too-many-problems` on the first line of `text` counts the rest.
 */
export function uniqueProblems(problems: readonly Problem[], text = ''): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const p of problems) {
    const key = `${p.code}\u0000${p.span.start}\u0000${p.span.end}\u0000${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  const sorted = out.map((p, i) => ({ p, i })).sort((a, b) => a.p.span.start - b.p.span.start || a.p.span.end - b.p.span.end || a.i - b.i).map(({ p }) => p);
  return sorted.length > MAX_PROBLEMS ? capped(sorted, text) : sorted;
}

function capped(sorted: Problem[], text: string): Problem[] {
  const kept = sorted.slice(0, MAX_PROBLEMS);
  const hidden = sorted.slice(MAX_PROBLEMS);
  const count = (severity: Severity) => hidden.filter((p) => p.severity === severity).length;
  const parts = (['error', 'warning', 'info', 'hint'] as const).map((s) => [s, count(s)] as const).filter(([, n]) => n > 0);
  const number = (n: number) => n.toLocaleString('en-US');
  const breakdown = parts.map(([s, n]) => `${number(n)} ${s === 'info' ? 'info' : `${s}${n === 1 ? '' : 's'}`}`).join(', ');
  kept.push({
    code: 'too-many-problems',
    // an error among the hidden ones keeps the file an error for lint, check and the publish gate
    severity: count('error') > 0 ? 'error' : 'warning',
    message: `Only the first ${number(MAX_PROBLEMS)} problems are shown; ${number(hidden.length)} more (${breakdown}) are not. Fix these first.`,
    span: { start: 0, end: Math.min(200, lineEndFrom(text.slice(0, 201), 0)) },
  });
  return kept;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}
