// Validation split by stream and property finds what whole-document validation finds, and the validators precompiled
// at build time find what ajv finds at run time, on every contract fixture.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRecord } from '../../server/src/engine/locate';
import type { ValidateFunction } from 'ajv/dist/2019';
import { familyFor, LATEST_FAMILY, MetaSchema, metaSchema } from '../../server/src/engine/metaSchema';
import { parseYaml } from '../../server/src/engine/parse';
import { collapseErrors } from '../../server/src/engine/schemaErrors';
import { validateContract } from '../../server/src/engine/validate';
import { FIXTURES, REPO_ROOT } from '../support/fixtures';

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

test('the validators precompiled at build time give the errors ajv gives at run time, on every contract fixture', async () => {
  const generated = path.join(REPO_ROOT, 'server', 'src', 'engine', 'generated', 'validators.ts');
  assert.ok(existsSync(generated), 'the precompiled validators are missing: run `npm run build` first');
  const { PRECOMPILED } = (await import(generated)) as { PRECOMPILED: Record<string, Record<string, ValidateFunction>> };
  let compared = 0;
  for (const file of yamlFiles(FIXTURES)) {
    const parsed = parseYaml(readFileSync(file, 'utf8'));
    if (!parsed.analysable || !isRecord(parsed.value) || !Array.isArray(parsed.value.schema)) continue;
    const family = familyFor(parsed.value.apiVersion) ?? LATEST_FAMILY;
    const runtime = new MetaSchema(family, metaSchema(family).root);
    const built = new MetaSchema(family, metaSchema(family).root, PRECOMPILED[family]);
    const shown = (errors: { instancePath: string; keyword: string; params: unknown; schemaPath: string }[]) => errors.map((e) => `${e.instancePath} ${e.keyword} ${e.schemaPath} ${JSON.stringify(e.params)}`).sort();
    assert.deepEqual(shown(validateContract(built, parsed.value)), shown(validateContract(runtime, parsed.value)), path.relative(FIXTURES, file));
    compared++;
  }
  assert.ok(compared > 300, `only ${compared} fixtures compared`);
});
