// The server answers before a large .sql workspace is parsed: schema problems first, source problems once the catalog is in.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { FIXTURES } from '../support/fixtures';
import { TestClient } from '../support/lspClient';

const client = new TestClient();
let workspace: string;

/** About 1 MB of PostgreSQL migrations: thousands of tables, each altered, as a long-lived database accumulates. */
function bigMigrations(): string {
  const out: string[] = [];
  for (let i = 0; i < 2500; i++) {
    out.push(`CREATE TABLE app.t${i} (id bigint PRIMARY KEY, name varchar(200) NOT NULL, amount numeric(12, 2), created timestamptz, tags text[], note text);`);
    out.push(`ALTER TABLE app.t${i} ADD COLUMN extra_${i} integer, DROP COLUMN note;`);
    out.push(`ALTER TABLE app.t${i} RENAME COLUMN name TO label;`);
  }
  return out.join('\n') + '\n';
}

before(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'streamcontract-big-sql-'));
  mkdirSync(path.join(workspace, 'migrations'));
  writeFileSync(path.join(workspace, 'migrations', 'V1__everything.sql'), bigMigrations());
  await client.start([{ uri: pathToFileURL(workspace).toString(), name: 'big' }]);
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test('schema diagnostics and hovers come while the source catalog is still being built, and its problems after', async () => {
  const uri = pathToFileURL(path.join(workspace, 'broken.odcs.yaml')).toString();
  const text = readFileSync(path.join(FIXTURES, 'lint', 'schema', 'enum-did-you-mean', 'input.odcs.yaml'), 'utf8');
  await client.open(uri, text);
  const first = await client.until(() => client.infos.get(uri)?.[0], 'the first check of the contract');
  assert.equal(first.complete, false, 'the first diagnostics waited for the whole .sql workspace to be parsed');
  assert.ok((client.diagnostics.get(uri)?.[0].diagnostics.length ?? 0) > 0, 'the schema problems were not in the first diagnostics');
  // a request is answered before the catalog is in place (npm run bench measures how soon)
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 1 } });
  assert.ok(hover, 'no hover while the catalog was being built');
  assert.ok(!client.infos.get(uri)!.some((i) => i.complete), 'the hover waited for the catalog');
  await client.until(() => client.infos.get(uri)?.find((i) => i.complete), 'the complete check once the catalog is built');
});
