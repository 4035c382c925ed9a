// Hostile inputs of 10 K, 100 K and 1 M characters go through parse, check and diff, with regex work counted, never timed.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkText } from '../../server/src/engine/check';
import { diffContracts } from '../../server/src/engine/diff/diff';
import { contractSide } from '../../server/src/engine/diff/model';
import { isRecord } from '../../server/src/engine/locate';
import { caseName, expectJson, fixtureCases, FIXTURES } from '../support/fixtures';
import { generate, GeneratedPart } from '../support/generated';
import { countRegexWork } from '../support/regexWork';

/**
 * A case is `test/fixtures/linear-time/<case>/input.json`:
 *   { "what": "...", "parts": ["literal text", { "repeat": "unit" }, ...], "sizes": [10000, ...], "diff": true }
 * For each size the repeated parts share what the literals leave (test/support/generated.ts), so that the text has
 * about that many characters.
 * `diff` also compares the text with base.odcs.yaml both ways. expected.json holds what each size yields.
 */
interface LinearCase {
  what: string;
  parts: GeneratedPart[];
  sizes: number[];
  diff?: boolean;
}

/** Regex characters scanned per character of input: any fixed number passes, a quadratic scan does not. */
const WORK_PER_CHAR = 200;

function tally(codes: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const code of codes) out[code] = (out[code] ?? 0) + 1;
  return out;
}

const base = contractSide(readFileSync(path.join(FIXTURES, 'linear-time', 'base.odcs.yaml'), 'utf8'))!;

for (const dir of fixtureCases('linear-time', (d) => d !== path.join(FIXTURES, 'linear-time'))) {
  test(`linear time: ${caseName(dir, 'linear-time')}`, { timeout: 10 * 60_000 }, () => {
    const spec = JSON.parse(readFileSync(path.join(dir, 'input.json'), 'utf8')) as LinearCase;
    const outcomes = spec.sizes.map((size) => {
      const text = generate(spec.parts, size);
      const { result, scanned } = countRegexWork(() => {
        const checked = checkText(text, { fileName: 'hostile.odcs.yaml' });
        const parsed = checked.analysis.parsed!;
        const side = spec.diff && parsed.doc && isRecord(parsed.value) ? { text, doc: parsed.doc, value: parsed.value } : null;
        const diff = side ? { changes: diffContracts(base, side).length, back: diffContracts(side, base).length } : null;
        return { parsed, checked, diff };
      });
      assert.ok(scanned <= WORK_PER_CHAR * text.length + 100_000, `${size}: regular expressions scanned ${scanned} characters for ${text.length}`);
      return {
        size,
        parse: { analysable: result.parsed.analysable, problems: tally(result.parsed.problems.map((p) => p.code)) },
        check: tally(result.checked.problems.map((p) => p.code)),
        ...(spec.diff ? { diff: result.diff } : {}),
      };
    });
    expectJson(path.join(dir, 'expected.json'), { what: spec.what, outcomes });
  });
}
