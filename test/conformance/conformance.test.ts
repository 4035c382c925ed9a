// Checks that our ODCS meta-schemas give the same valid/invalid verdicts as the official ODCS JSON Schemas.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import type { ValidateFunction } from 'ajv';
import { constructedCases } from './cases';
import { mutants, type MutationKind } from './mutants';
import { compileOfficial, compileOurs, firstErrors, loadExamples, oracleDir, oracleLabel, VERSIONS, type Version } from './oracle';

interface Subject {
  name: string;
  doc: unknown;
  declared: Version | undefined;
}

interface Disagreement {
  subject: string;
  pointer: string;
  kind: MutationKind | 'original';
  version: Version;
  declared: boolean;
  official: boolean;
  ours: boolean;
  officialErrors: string;
  ourErrors: string;
}

const verdict = (valid: boolean): string => (valid ? 'valid' : 'invalid');

function describe(d: Disagreement): string {
  const where = d.kind === 'original' ? 'unmutated' : `${d.kind} at ${d.pointer || '/'}`;
  const against = `v${d.version}${d.declared ? ' (declared)' : ''}`;
  const details = [d.officialErrors && `official: ${d.officialErrors}`, d.ourErrors && `ours: ${d.ourErrors}`].filter(Boolean).join(' | ');
  return `${d.subject}: ${where}, against ${against}: official=${verdict(d.official)}, ours=${verdict(d.ours)}${details ? ` -- ${details}` : ''}`;
}

class Comparer {
  comparisons = 0;
  readonly disagreements: Disagreement[] = [];

  constructor(
    private readonly official: Record<Version, ValidateFunction>,
    private readonly ours: Record<Version, ValidateFunction>,
  ) {}

  /** Compares both validators of every version on `doc`; returns the disagreements found. */
  compare(subject: Subject, doc: unknown, kind: MutationKind | 'original', pointer: string): Disagreement[] {
    const found: Disagreement[] = [];
    for (const version of VERSIONS) {
      const officialValidate = this.official[version];
      const ourValidate = this.ours[version];
      const official = officialValidate(doc) as boolean;
      const officialErrors = official ? '' : firstErrors(officialValidate);
      const ours = ourValidate(doc) as boolean;
      this.comparisons++;
      if (official === ours) continue;
      const ourErrors = ours ? '' : firstErrors(ourValidate);
      found.push({ subject: subject.name, pointer, kind, version, declared: version === subject.declared, official, ours, officialErrors, ourErrors });
    }
    this.disagreements.push(...found);
    return found;
  }
}

const dir = oracleDir();
const cases = constructedCases();
/** `CONFORMANCE_FULL_CONTEXT=1` validates every mutant as a whole document instead of in its isolated context (much slower). */
const fullContext = process.env['CONFORMANCE_FULL_CONTEXT'] === '1';

test('constructed contracts get their expected verdict from our schemas', () => {
  const ours = compileOurs();
  const wrong = cases
    .filter((c) => (ours[c.declared](c.doc) as boolean) !== c.valid)
    .map((c) => `${c.name}: expected ${verdict(c.valid)}, got ${verdict(!c.valid)} ${firstErrors(ours[c.declared])}`);
  assert.deepEqual(wrong, []);
});

if (!existsSync(dir) && process.env['ODCS_ORACLE_DIR']) {
  test('the official ODCS schemas are where ODCS_ORACLE_DIR says', () => {
    assert.fail(`ODCS_ORACLE_DIR is ${dir}, which does not exist`);
  });
} else if (!existsSync(dir)) {
  // Not a skipped test, which would pass for a run that checked nothing: no test at all, and a line that
  // scripts/test.mjs finds in the report and repeats in its summary line.
  console.log(`ODCS conformance not run: oracle folder ${oracleLabel(dir)} not found`);
} else {
  const official = compileOfficial(dir);
  const ours = compileOurs();
  const examples = loadExamples(dir);

  test('the official examples get the same verdict as from the official schema of their apiVersion', async (t) => {
    assert.ok(examples.length > 0, `no examples found under ${oracleLabel(dir)}/examples`);
    for (const example of examples) {
      await t.test(example.name, () => {
        assert.ok(example.declared, `${example.name}: apiVersion is not covered by any schema`);
        const version = example.declared;
        const expected = official[version](example.doc) as boolean;
        const expectedErrors = expected ? '' : firstErrors(official[version]);
        const actual = ours[version](example.doc) as boolean;
        const actualErrors = actual ? '' : firstErrors(ours[version]);
        assert.equal(
          verdict(actual),
          verdict(expected),
          `v${version}: official ${verdict(expected)} ${expectedErrors}; ours ${verdict(actual)} ${actualErrors}`,
        );
      });
    }
  });

  test('constructed contracts get the same verdicts as from the official schemas', () => {
    const comparer = new Comparer(official, ours);
    for (const c of cases) comparer.compare(c, c.doc, 'original', '');
    assert.deepEqual(comparer.disagreements.map(describe), []);
    const wrongExpectation = cases.filter((c) => (official[c.declared](c.doc) as boolean) !== c.valid).map((c) => c.name);
    assert.deepEqual(wrongExpectation, [], 'expected verdicts of constructed cases must match the official schemas');
  });

  test('mutants of every example and constructed contract get the same verdicts as from the official schemas', () => {
    const comparer = new Comparer(official, ours);
    const subjects: Subject[] = [...examples, ...cases];
    const kinds = new Map<string, number>();
    let mutantCount = 0;
    for (const subject of subjects) {
      comparer.compare(subject, subject.doc, 'original', '');
      for (const mutant of mutants(subject.doc, { isolate: !fullContext })) {
        mutantCount++;
        kinds.set(mutant.kind, (kinds.get(mutant.kind) ?? 0) + 1);
        comparer.compare(subject, mutant.doc, mutant.kind, mutant.pointer);
      }
    }
    const disagreements = comparer.disagreements;
    for (const d of disagreements) console.log(`conformance: DISAGREEMENT ${describe(d)}`);
    const kindSummary = [...kinds.entries()].map(([kind, n]) => `${kind} ${n}`).join(', ');
    console.log(
      `conformance: ${examples.length} official examples + ${cases.length} constructed contracts, ${mutantCount} mutants ` +
        `(${kindSummary}; ${fullContext ? 'each validated as a whole document' : 'each validated with sibling array items left out'}); ` +
        `${comparer.comparisons} verdict comparisons over 3 versions, ${comparer.comparisons - disagreements.length} agreements, ${disagreements.length} disagreements`,
    );
    assert.equal(disagreements.length, 0, disagreements.slice(0, 50).map(describe).join('\n'));
  });
}
