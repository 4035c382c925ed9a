// Editor tests: a migration renames a column a contract reads (crm/V2__rename_fname.sql renames crm.contacts.fname to
// first_name). The COALESCE quick fix, applied through VS Code's code actions, turns the error and the migration's
// warning into one information, and the preview's job declares both columns; "Finish the rename" then reads the new one.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activeExtension, codeOf, describeDiagnostics, lineOf, openInEditor, poll, revert, StreamcontractApi, workspaceUri } from './helpers';

const CONTRACT = 'crm/contacts.odcs.yaml';
const MIGRATION = 'crm/V2__rename_fname.sql';
const OLD_SOURCE = /^\s+transformSourceObjects: \[crm\.contacts\.fname\]$/;
const BOTH_SOURCES = /^\s+transformSourceObjects: \[crm\.contacts\.fname, crm\.contacts\.first_name\]$/;
const COALESCE_FIX = 'Read COALESCE(`fname`, `first_name`) while a job restarted from a savepoint still sees the old column';
const FINISH_FIX = 'Finish the rename: read only `first_name`';
/** Every code that speaks of the rename, in the contract or in the migration. */
const RENAME_CODES = ['source-column-renamed', 'source-rename-transition', 'source-rename-breaks-contract', 'flink-unknown-column', 'source-unknown-column'];

const renameDiagnostics = (ds: readonly vscode.Diagnostic[]) => ds.filter((d) => RENAME_CODES.includes(String(codeOf(d))));
const describe = (ds: readonly vscode.Diagnostic[]) => renameDiagnostics(ds).map((d) => `${codeOf(d)} ${vscode.DiagnosticSeverity[d.severity]} line ${d.range.start.line + 1}`);

/** The quick fix titled `title` among the code actions VS Code gets for `diagnostic`. */
async function quickFix(uri: vscode.Uri, diagnostic: vscode.Diagnostic, title: string): Promise<vscode.CodeAction> {
  const actions = await poll(
    async () => (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [],
    (list) => list.some((a) => a.title === title),
    20_000,
    250,
  );
  const action = actions.find((a): a is vscode.CodeAction => a.title === title && 'edit' in a);
  assert.ok(action?.edit, `no quick fix "${title}" on line ${diagnostic.range.start.line + 1}; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
  return action;
}

export function renameTests(): void {
  suite('a column renamed by a migration', () => {
    let contract: vscode.TextDocument;
    let migration: vscode.TextDocument;
    let api: StreamcontractApi;

    suiteSetup(async () => {
      contract = (await openInEditor(CONTRACT)).document;
      api = await activeExtension();
      // the server publishes a .sql file's diagnostics while it is open
      migration = await vscode.workspace.openTextDocument(workspaceUri(MIGRATION));
    });

    suiteTeardown(async () => {
      if (contract) await revert(contract);
    });

    test('the COALESCE fix turns the rename into one information, and the job declares both columns; finishing reads the new one', async () => {
      const diagnostics = () => vscode.languages.getDiagnostics(contract.uri);
      const migrationDiagnostics = () => vscode.languages.getDiagnostics(migration.uri);
      const oldLine = lineOf(contract, OLD_SOURCE);

      // before: the contract reads a column that is gone, and the migration says it breaks the contract (once)
      const broken = await poll(diagnostics, (ds) => ds.some((d) => codeOf(d) === 'source-column-renamed'), 30_000);
      const error = broken.find((d) => codeOf(d) === 'source-column-renamed');
      assert.ok(error, `no source-column-renamed; got:\n  ${describeDiagnostics(broken)}`);
      assert.strictEqual(error.severity, vscode.DiagnosticSeverity.Error);
      assert.strictEqual(error.range.start.line, oldLine);
      const warned = await poll(migrationDiagnostics, (ds) => ds.some((d) => codeOf(d) === 'source-rename-breaks-contract'), 30_000);
      assert.deepStrictEqual(describe(warned), ['source-rename-breaks-contract Warning line 2'], `the migration's diagnostics:\n  ${describeDiagnostics(warned)}`);

      // the fix, through VS Code's code actions
      const coalesce = await quickFix(contract.uri, error, COALESCE_FIX);
      assert.ok(await vscode.workspace.applyEdit(coalesce.edit!), 'the COALESCE fix was not applied');
      assert.match(contract.lineAt(oldLine).text, /^\s+transformLogic: COALESCE\(`fname`, `first_name`\)$/);
      assert.match(contract.lineAt(oldLine + 1).text, BOTH_SOURCES);

      // after: one information on the old column, nothing in the migration
      const transition = await poll(diagnostics, (ds) => describe(ds).join() === `source-rename-transition Information line ${oldLine + 2}`, 30_000);
      assert.deepStrictEqual(describe(transition), [`source-rename-transition Information line ${oldLine + 2}`], `the contract's diagnostics:\n  ${describeDiagnostics(transition)}`);
      const info = transition.find((d) => codeOf(d) === 'source-rename-transition')!;
      assert.match(info.message, /finish the rename: drop `fname` from transformSourceObjects and the transformLogic/);
      assert.ok(!transition.some((d) => d.severity === vscode.DiagnosticSeverity.Error), `errors left:\n  ${describeDiagnostics(transition)}`);
      const quiet = await poll(migrationDiagnostics, (ds) => renameDiagnostics(ds).length === 0, 30_000);
      assert.deepStrictEqual(describe(quiet), [], 'the migration still warns');

      // the preview's job: the old column declared (nullable) beside the new one, read through COALESCE
      const job = await poll(() => api.generatedSql(contract.uri), (r) => r?.version === contract.version, 20_000, 250);
      assert.ok(job, 'no SQL for the contract');
      assert.deepStrictEqual(job.problems, []);
      assert.match(job.sql, /^ {2}`first_name` STRING NOT NULL,$/m);
      assert.match(job.sql, /^ {2}`fname` STRING,$/m, 'the source table does not declare the old column');
      assert.match(job.sql, /^ {2}COALESCE\(`fname`, `first_name`\) AS `first_name`,$/m);

      // once old events are gone: the information's own fix reads only the new column
      const finish = await quickFix(contract.uri, info, FINISH_FIX);
      assert.ok(await vscode.workspace.applyEdit(finish.edit!), 'the finishing fix was not applied');
      assert.match(contract.lineAt(oldLine).text, /^\s+transformSourceObjects: \[crm\.contacts\.first_name\]$/);
      const done = await poll(diagnostics, (ds) => renameDiagnostics(ds).length === 0, 30_000);
      assert.deepStrictEqual(describe(done), [], `rename diagnostics left:\n  ${describeDiagnostics(done)}`);
      const finished = await poll(() => api.generatedSql(contract.uri), (r) => r?.version === contract.version, 20_000, 250);
      assert.ok(finished && !/`fname`/.test(finished.sql), `the job still reads fname:\n${finished?.sql}`);
      assert.match(finished.sql, /^ {2}`first_name`,$/m);
    });
  });
}
