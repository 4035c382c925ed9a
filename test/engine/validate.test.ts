// Validation split by stream and property finds what whole-document validation finds, on every contract fixture.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRecord } from '../../server/src/engine/locate';
import { familyFor, LATEST_FAMILY, metaSchema } from '../../server/src/engine/metaSchema';
import { parseYaml } from '../../server/src/engine/parse';
import { collapseErrors } from '../../server/src/engine/schemaErrors';
import { validateContract } from '../../server/src/engine/validate';
import { FIXTURES } from '../support/fixtures';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

test('split validation equals whole-document validation on every contract fixture', () => {
  let compared = 0;
  for (const file of yamlFiles(FIXTURES)) {
    const parsed = parseYaml(readFileSync(file, 'utf8'));
    if (!parsed.analysable || !isRecord(parsed.value) || !Array.isArray(parsed.value.schema)) continue;
    const meta = metaSchema(familyFor(parsed.value.apiVersion) ?? LATEST_FAMILY);
    assert.ok(meta.parts, 'the meta-schema cannot be split');
    const shown = (errors: { instancePath: string; keyword: string; params: unknown }[]) => errors.map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`).sort();
    const whole = meta.validateDocument(parsed.value) ? [] : collapseErrors([...(meta.validateDocument.errors ?? [])], meta, parsed.value);
    assert.deepEqual(shown(validateContract(meta, parsed.value)), shown(whole), path.relative(FIXTURES, file));
    compared++;
  }
  assert.ok(compared > 300, `only ${compared} fixtures compared`);
});
