// The engine's front door: text in, problems and contract facts out. Shared by the language server and the CLI.
import type { ErrorObject } from 'ajv';
import { isContractFile } from './contractFiles';
import { isRecord, locate, parsePointer } from './locate';
import { familyFor, LATEST_FAMILY, MetaSchema, metaSchema } from './metaSchema';
import { reparseIncrementally } from './incremental';
import { DEFAULT_MAX_BYTES, parseYaml, ParsedYaml } from './parse';
import { RULES, RuleContext } from './rules';
import { schemaProblems } from './schemaMessages';
import { Path, Problem } from './types';
import { withLineFeeds } from './yamlDocuments';
import { PartCache, validateContract } from './validate';

export interface AnalyzeOptions {
  /** File name or URI; decides whether a YAML file is a contract by name. */
  fileName?: string;
  /** Set when the editor already knows the file is a contract (its language is the contract language). */
  knownContract?: boolean;
  maxBytes?: number;
  /** Shared across analyses of the same document so that unchanged parts are not validated again. */
  cache?: PartCache;
  /** The analysis of the document's previous version: an edit inside one property re-parses only that property. */
  previous?: Analysis;
}

export interface ContractFacts {
  apiVersion: string | null;
  version: string | null;
  id: string | null;
}

export interface Analysis {
  isContract: boolean;
  parsed: ParsedYaml | null;
  /** The meta-schema the contract was checked against (by its apiVersion, else the newest). */
  meta: MetaSchema | null;
  problems: Problem[];
  facts: ContractFacts;
  /** Set when the file was not analysed at all (too large, binary). */
  skippedReason: string | null;
  /**
   * Where a value fails the meta-schema (a wrong type, a value outside its enum, ...), not a missing or unknown key:
   * the evolution does not judge these values, as their schema errors already say what is wrong with them.
   */
  invalidValues: Path[];
}

export function analyze(original: string, options: AnalyzeOptions = {}): Analysis {
  // every stage reads a lone CR as the line break editors see (same offsets; see ParsedYaml.text)
  const text = withLineFeeds(original);
  const facts: ContractFacts = { apiVersion: null, version: null, id: null };
  if (!options.knownContract && !isContractFile(options.fileName, text)) {
    return { isContract: false, parsed: null, meta: null, problems: [], facts, skippedReason: null, invalidValues: [] };
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const reused = options.previous?.parsed && text.length <= maxBytes ? reparseIncrementally(options.previous.parsed, text) : undefined;
  const parsed = reused ?? parseYaml(text, { maxBytes });
  const skipped = parsed.problems.find((p) => p.code === 'file-too-large' || p.code === 'binary-file');
  const analysis: Analysis = { isContract: true, parsed, meta: null, problems: [...parsed.problems], facts, skippedReason: skipped?.message ?? null, invalidValues: [] };
  if (!parsed.analysable || !parsed.doc) return analysis;

  const value = parsed.value;
  const meta = metaSchema((isRecord(value) && familyFor(value.apiVersion)) || LATEST_FAMILY);
  analysis.meta = meta;
  if (isRecord(value)) {
    facts.apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : null;
    facts.version = value.version === undefined || value.version === null ? null : String(value.version);
    facts.id = typeof value.id === 'string' ? value.id : null;
  }

  const ctx = isRecord(value) ? new RuleContext(text, parsed.doc, value) : null;
  if (ctx) {
    for (const rule of RULES) {
      try {
        rule(ctx);
      } catch (err) {
        ctx.report('internal-error', 'warning', `streamcontract could not run the rule ${rule.name || 'check'}: ${String(err)}`, { start: 0, end: 0 });
      }
    }
  }

  const doc = parsed.doc;
  const partKey = (path: readonly (string | number)[]) => {
    const node = locate(doc, path).node;
    if (!node?.range) return undefined;
    const source = text.slice(node.range[0], node.range[2]);
    // an alias makes the part depend on text outside it
    return source.includes('*') ? undefined : source;
  };
  let errors = validateContract(meta, value, partKey, options.cache);
  if (ctx && ctx.suppressions.length) errors = errors.filter((e) => !ctx.suppressions.some((s) => s(e)));
  analysis.problems.push(...schemaProblems(errors, text, doc, value, meta));
  analysis.invalidValues = invalidValuePaths(errors);
  if (ctx) analysis.problems.push(...ctx.problems);
  analysis.problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return analysis;
}

/** Keywords about the keys an object has rather than about a value. */
const KEY_KEYWORDS = new Set(['required', 'dependentRequired', 'additionalProperties', 'unevaluatedProperties']);

/** The paths of the values that fail the meta-schema; the document itself (a root that is no mapping) is not one. */
function invalidValuePaths(errors: readonly ErrorObject[]): Path[] {
  const paths = new Map<string, Path>();
  for (const e of errors) if (!KEY_KEYWORDS.has(e.keyword) && e.instancePath) paths.set(e.instancePath, parsePointer(e.instancePath));
  return [...paths.values()];
}
