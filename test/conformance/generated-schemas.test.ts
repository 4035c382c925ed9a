// Fails when the committed schemas/odcs-v3.*.json differ from what schemas/src generates.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderSchemas } from '../../schemas/src/index';
import { REPO_ROOT } from './oracle';

test('committed meta-schemas match the generator output (regenerate with `npx tsx schemas/src/build.ts`)', () => {
  for (const { file, text } of renderSchemas()) {
    const committed = readFileSync(join(REPO_ROOT, 'schemas', file), 'utf8');
    assert.ok(committed === text, `schemas/${file} is out of date; run \`npx tsx schemas/src/build.ts\``);
  }
});
