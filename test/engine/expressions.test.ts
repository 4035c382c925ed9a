// Runs every expression fixture: test/fixtures/expressions/<case>/input.txt (one Flink SQL expression) → expected.json.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { expressionColumns } from '../../server/src/engine/sources/expressions';
import { caseName, expectJson, fixtureCases, inputFile, showSpan } from '../support/fixtures';

for (const dir of fixtureCases('expressions', (d) => inputFile(d) !== undefined)) {
  test(`expression ${caseName(dir, 'expressions')}`, () => {
    // the file's final newline is not part of the expression
    const expression = readFileSync(inputFile(dir)!, 'utf8').replace(/\r?\n$/, '');
    const { refs, errors } = expressionColumns(expression);
    expectJson(path.join(dir, 'expected.json'), {
      refs: refs.map((r) => `${r.qualifier ? `${r.qualifier} . ` : ''}${r.name}${r.parts.length > 2 ? ` [${r.parts.join(', ')}]` : ''} @ ${showSpan(expression, r.span)}`),
      errors: errors.map((e) => ({ at: showSpan(expression, e.span), message: e.message, ...(e.grammarGap ? { grammarGap: true } : {}) })),
    });
  });
}
