// Collapses ajv's error cascades (oneOf/anyOf branches, if/then wrappers) into the few errors a person should read.
import type { ErrorObject } from 'ajv';
import { parsePointer } from './locate';
import { MetaSchema } from './metaSchema';
import { keysAt } from './schemaNav';

const COMPOSITES = new Set(['oneOf', 'anyOf']);
const WRAPPERS = new Set(['if', 'then', 'else']);

/**
 * For every failed oneOf/anyOf, each branch is re-validated on its own and only the errors of the branch
 * the value was most likely meant to match are kept; when the value has none of the branches' types, one
 * "must be X or Y" error replaces them all. if/then wrapper errors are dropped: the `then` errors say it.
 */
export function collapseErrors(errors: readonly ErrorObject[], meta: MetaSchema, root: unknown): ErrorObject[] {
  const byKey = new Map<string, ErrorObject>();
  for (const e of errors) if (!WRAPPERS.has(e.keyword)) byKey.set(keyOf(e), e);

  const queue = [...byKey.values()].filter((e) => COMPOSITES.has(e.keyword));
  queue.sort((a, b) => depth(a.instancePath) - depth(b.instancePath));
  for (let guard = 0; queue.length > 0 && guard < 500; guard++) {
    const composite = queue.shift()!;
    const key = keyOf(composite);
    if (!byKey.has(key)) continue;
    const outcome = chooseBranch(composite, meta);
    if (!outcome) continue;
    byKey.delete(key);
    for (const loserKey of outcome.loserKeys) byKey.delete(loserKey);
    for (const e of outcome.kept) {
      const k = keyOf(e);
      if (byKey.has(k)) continue;
      byKey.set(k, e);
      if (COMPOSITES.has(e.keyword)) queue.push(e);
    }
  }
  return dropKnownKeyCascades([...byKey.values()], meta, root);
}

/**
 * When one key of an object fails, ajv also reports its valid siblings as "unevaluated" (a failing subschema
 * evaluates nothing). A key the schema defines at that place is not unknown: only the others are kept.
 */
function dropKnownKeyCascades(errors: ErrorObject[], meta: MetaSchema, root: unknown): ErrorObject[] {
  const known = new Map<string, Set<string>>();
  // an object with an invalid value among its keys may have an invalid discriminator (a server's `type`, a property's
  // `logicalType`), so which keys belong to it is undetermined: there a key is unknown only if no branch knows it
  const undetermined = new Set(errors.filter((e) => e.keyword === 'enum' || e.keyword === 'const').map((e) => e.instancePath.slice(0, e.instancePath.lastIndexOf('/'))));
  return errors.filter((e) => {
    if (e.keyword !== 'unevaluatedProperties' && e.keyword !== 'additionalProperties') return true;
    const everyBranch = undetermined.has(e.instancePath);
    const memoKey = `${everyBranch ? 'any' : 'this'}\u0000${e.instancePath}`;
    let keys = known.get(memoKey);
    if (!keys) known.set(memoKey, (keys = new Set(keysAt(meta, root, parsePointer(e.instancePath), everyBranch).keys())));
    const key = String((e.params as Record<string, unknown>).unevaluatedProperty ?? (e.params as Record<string, unknown>).additionalProperty);
    return !keys.has(key);
  });
}

interface BranchOutcome {
  kept: ErrorObject[];
  loserKeys: Set<string>;
}

function chooseBranch(composite: ErrorObject, meta: MetaSchema): BranchOutcome | undefined {
  const branches = composite.schema;
  if (!Array.isArray(branches) || branches.length === 0) return undefined;
  const results: ErrorObject[][] = [];
  for (let i = 0; i < branches.length; i++) {
    const validate = meta.validatorAt(`${composite.schemaPath}/${i}`);
    if (!validate) return undefined;
    if (validate(composite.data)) {
      // A oneOf that failed although a branch passes: more than one branch matched. Keep it as it is.
      return undefined;
    }
    results.push((validate.errors ?? []).filter((e) => !WRAPPERS.has(e.keyword)).map((e) => ({ ...e, instancePath: composite.instancePath + e.instancePath })));
  }
  const scores = results.map((errs) => score(errs, composite.instancePath));
  const allWrongType = results.every((errs) => errs.some((e) => e.keyword === 'type' && e.instancePath === composite.instancePath));
  const loserKeys = new Set<string>();
  let kept: ErrorObject[];
  if (allWrongType) {
    const types = new Set<string>();
    for (const errs of results) {
      for (const e of errs) if (e.keyword === 'type' && e.instancePath === composite.instancePath) String(e.params.type).split(',').forEach((t) => types.add(t));
    }
    kept = [{ ...composite, keyword: 'type', params: { type: [...types].join(',') }, message: `must be ${[...types].join(' or ')}` }];
    for (const errs of results) for (const e of errs) loserKeys.add(keyOf(e));
  } else {
    let best = 0;
    for (let i = 1; i < scores.length; i++) if (scores[i] < scores[best]) best = i;
    kept = results[best];
    const keptKeys = new Set(kept.map(keyOf));
    results.forEach((errs, i) => {
      if (i !== best) for (const e of errs) if (!keptKeys.has(keyOf(e))) loserKeys.add(keyOf(e));
    });
  }
  return { kept, loserKeys };
}

/** Lower is a better match: a branch whose type or discriminator the value does not have is a poor one. */
function score(errors: readonly ErrorObject[], at: string): number {
  let total = 0;
  for (const e of errors) {
    if (e.instancePath === at && (e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'enum')) total += 1000;
    else if ((e.keyword === 'const' || e.keyword === 'enum') && depth(e.instancePath) === depth(at) + 1) total += 100;
    else total += 1;
  }
  return total;
}

function depth(pointer: string): number {
  let n = 0;
  for (let i = 0; i < pointer.length; i++) if (pointer.charCodeAt(i) === 47) n++;
  return n;
}

export function keyOf(e: ErrorObject): string {
  return `${e.instancePath}\u0000${e.keyword}\u0000${JSON.stringify(e.params)}`;
}
