// Runs every draft fixture: the tables of test/fixtures/drafts/<case>/sources/*.sql, beside the contracts in <case>/contracts → expected/<table>.odcs.yaml, each a valid contract.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { contractLineage } from '../../server/src/engine/lineage';
import { parseYaml } from '../../server/src/engine/parse';
import { buildCatalog } from '../../server/src/engine/sources/catalog';
import { draftContract } from '../../server/src/engine/sources/newContract';
import { caseName, fixtureCases, UPDATE } from '../support/fixtures';

for (const dir of fixtureCases('drafts', (d) => existsSync(path.join(d, 'sources')))) {
  test(`draft contracts ${caseName(dir, 'drafts')}`, () => {
    const files = readdirSync(path.join(dir, 'sources')).sort().map((f) => ({ path: `sources/${f}`, text: readFileSync(path.join(dir, 'sources', f), 'utf8') }));
    const catalog = buildCatalog(files);
    assert.ok(catalog.tables.length > 0, 'the fixture declares no table');
    // the ids of the workspace's contracts, which a draft's id must not repeat
    const contractsDir = path.join(dir, 'contracts');
    const taken = new Set((existsSync(contractsDir) ? readdirSync(contractsDir) : []).map((f) => String((parseYaml(readFileSync(path.join(contractsDir, f), 'utf8')).value as { id?: unknown }).id)));
    for (const table of catalog.tables) {
      const draft = draftContract(table, taken);
      // a draft is a contract that lints clean (hints aside), ready to trim and rename
      const problems = analyze(draft.text, { fileName: draft.fileName }).problems.filter((p) => p.severity !== 'hint');
      assert.deepEqual(problems.map((p) => `${p.code}: ${p.message}`), [], `${draft.fileName} does not lint clean`);
      // ... and whose every field links to its column
      const parsed = parseYaml(draft.text);
      assert.ok(parsed.analysable, `${draft.fileName} does not parse`);
      const lineage = contractLineage(parsed, catalog);
      assert.deepEqual(lineage.problems.map((p) => `${p.code}: ${p.message}`), [], `${draft.fileName} has source problems`);
      assert.ok(lineage.properties.every((p) => p.refs.some((r) => r.column)), `${draft.fileName} has a field without a resolved column`);
      const expected = path.join(dir, 'expected', draft.fileName);
      if (UPDATE || !existsSync(expected)) {
        assert.ok(UPDATE, `missing ${expected}; run with UPDATE_EXPECT=1`);
        mkdirSync(path.dirname(expected), { recursive: true });
        writeFileSync(expected, draft.text);
      } else {
        assert.equal(draft.text, readFileSync(expected, 'utf8'));
      }
    }
  });
}
