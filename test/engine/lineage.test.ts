// Runs every lineage fixture: test/fixtures/lineage/<case>/{contract.odcs.yaml, sources/*.sql} → expected.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { contractLineage } from '../../server/src/engine/lineage';
import { parseYaml } from '../../server/src/engine/parse';
import { buildCatalog } from '../../server/src/engine/sources/catalog';
import { caseName, expectJson, fixtureCases, showSpan } from '../support/fixtures';

for (const dir of fixtureCases('lineage', (d) => existsSync(path.join(d, 'contract.odcs.yaml')))) {
  test(`lineage ${caseName(dir, 'lineage')}`, () => {
    const text = readFileSync(path.join(dir, 'contract.odcs.yaml'), 'utf8');
    const sourceDir = path.join(dir, 'sources');
    const files = existsSync(sourceDir) ? readdirSync(sourceDir).sort().map((f) => ({ path: `sources/${f}`, text: readFileSync(path.join(sourceDir, f), 'utf8') })) : [];
    const parsed = parseYaml(text);
    if (!parsed.analysable) throw new Error('fixture contract does not parse');
    const lineage = contractLineage(parsed, buildCatalog(files));
    expectJson(path.join(dir, 'expected.json'), {
      links: lineage.properties.map((p) => ({
        property: String(p.property.name),
        refs: p.refs.map((r) => `${showSpan(text, r.span)} [${r.via}] → ${r.column ? `${r.table!.name}.${r.column.name} ${r.column.flinkType}${r.column.renamedTo ? ` (renamed to ${r.column.renamedTo})` : ''}` : r.missing ? `missing ${r.missing.tableName ?? r.missing.table?.name}.${r.missing.columnName}` : r.table ? `table ${r.table.name}` : 'unresolved'}`),
      })),
      problems: lineage.problems.map((p) => ({
        code: p.code,
        severity: p.severity,
        at: showSpan(text, p.span),
        message: p.message,
        ...(p.fixes ? { fixes: p.fixes.map((f) => `${f.title}: ${f.edits.map((e) => `${showSpan(text, e.span)} → ${JSON.stringify(e.newText)}`).join('; ')}`) } : {}),
      })),
    });
  });
}
