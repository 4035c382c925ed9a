// The SQL preview never shows a job that failed its last check: it gets the withheld note and the reason instead.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GENERATED_SQL_REQUEST, GeneratedSqlResult } from '../../server/src/shared/protocol';
import { REPO_ROOT } from '../support/fixtures';
import { TestClient } from '../support/lspClient';

const client = new TestClient();
let workspace: string;

before(async () => {
  // the CLI's withheld case: a source option whose string has a line ending in `;`
  workspace = mkdtempSync(path.join(tmpdir(), 'streamcontract-preview-'));
  cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'cli', 'sql-withheld-job', 'work'), workspace, { recursive: true });
  await client.start([{ uri: pathToFileURL(workspace).toString(), name: 'withheld' }]);
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test('a withheld job reaches the preview as a note without any statement, with the integrity problem', async () => {
  const uri = pathToFileURL(path.join(workspace, 'orders.odcs.yaml')).toString();
  await client.open(uri, readFileSync(path.join(workspace, 'orders.odcs.yaml'), 'utf8'));
  const result = (await client.connection.sendRequest(GENERATED_SQL_REQUEST, { uri })) as GeneratedSqlResult;
  assert.deepEqual(result.sql.split('\n').filter((l) => l.trim() && !l.startsWith('--')), []);
  assert.doesNotMatch(result.sql, /DROP|CREATE|INSERT/);
  assert.deepEqual(result.fields, []);
  assert.ok(result.problems.some((p) => /^error: The generated Flink SQL job is withheld/.test(p)), result.problems.join('\n'));
});
