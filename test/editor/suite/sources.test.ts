// Editor tests: links between customers.odcs.yaml and its source table sources/inventory.customers.sql — go to
// definition into the .sql file, references and the "used by" CodeLens from a column, an unknown column flagged
// while typing, and the Flink SQL preview panel.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import {
  activeExtension, codeOf, describeDiagnostics, lineOf, openInEditor, poll, setText, workspaceUri,
} from './helpers';

const CONTRACT = 'customers.odcs.yaml';
const SQL = 'sources/inventory.customers.sql';
const PREVIEW_LABEL = `SQL: ${CONTRACT}`;

const FIRST_NAME_SOURCE = /^\s+transformSourceObjects: \[inventory\.customers\.fname\]$/;
const TYPO_SOURCE = /^\s+transformSourceObjects: \[inventory\.customers\.fnam\]$/;
const REGISTERED_LOGIC = /^\s+transformLogic: DATE_FORMAT\(registered, /;
const STATUS_COLUMN = /^\s+status\s+INT\b/;

type Target = vscode.Location | vscode.LocationLink;
const targetUri = (t: Target): vscode.Uri => ('targetUri' in t ? t.targetUri : t.uri);
const targetRange = (t: Target): vscode.Range => ('targetUri' in t ? (t.targetSelectionRange ?? t.targetRange) : t.range);
const describeTargets = (ts: readonly Target[]): string =>
  ts.length ? ts.map((t) => `${vscode.workspace.asRelativePath(targetUri(t))}:${targetRange(t).start.line + 1}:${targetRange(t).start.character + 1}`).join(', ') : '(none)';
const sameFile = (a: vscode.Uri, b: vscode.Uri) => a.toString() === b.toString();

/** The position `offset` characters into the first occurrence of `word` on the first line matching `line`. */
function positionIn(doc: vscode.TextDocument, line: RegExp, word: string, offset = 2): vscode.Position {
  const number = lineOf(doc, line);
  const start = doc.lineAt(number).text.indexOf(word);
  assert.ok(start >= 0, `no \`${word}\` on line ${number + 1} of ${doc.uri.fsPath}`);
  return new vscode.Position(number, start + offset);
}

async function definitions(uri: vscode.Uri, position: vscode.Position): Promise<Target[]> {
  return poll(
    async () => (await vscode.commands.executeCommand<Target[]>('vscode.executeDefinitionProvider', uri, position)) ?? [],
    (ts) => ts.length > 0,
    20_000,
    250,
  );
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label === PREVIEW_LABEL);
}

export function sourcesTests(): void {
  suite('source links and the Flink SQL preview', () => {
    let contract: vscode.TextDocument;
    let sql: vscode.TextDocument;
    /** The contract's text as the workspace holds it; every test leaves it so (in the editor and on disk). */
    let original: string;

    /** Asserts that a definition target is the line of `column` in the .sql file, and returns its range. */
    const expectColumn = (targets: readonly Target[], column: string): vscode.Range => {
      assert.strictEqual(targets.length, 1, `expected one definition, got ${describeTargets(targets)}`);
      const [target] = targets;
      assert.ok(sameFile(targetUri(target), sql.uri), `the definition is not in ${SQL}: ${describeTargets(targets)}`);
      const range = targetRange(target);
      const rest = sql.lineAt(range.start.line).text.slice(range.start.character);
      assert.ok(new RegExp(`^${column}\\b`).test(rest), `the definition starts at \`${rest}\` (line ${range.start.line + 1}), not at the column \`${column}\``);
      return range;
    };

    const restore = async (): Promise<void> => {
      if (!contract) return;
      if (contract.getText() !== original) await setText(contract, original);
      if (contract.isDirty) assert.ok(await contract.save(), `could not save ${contract.uri.fsPath}`);
    };

    suiteSetup(async () => {
      sql = await vscode.workspace.openTextDocument(workspaceUri(SQL));
      contract = (await openInEditor(CONTRACT)).document;
      await activeExtension();
      original = (await readText(contract.uri)).replace(/\r\n/g, '\n');
      assert.strictEqual(contract.getText(), original, `${CONTRACT} has unsaved edits before the source tests`);
    });

    teardown(async () => {
      for (const tab of previewTabs()) await vscode.window.tabGroups.close(tab);
      await restore();
    });

    test('go to definition from a transformSourceObjects entry lands on the column in the .sql file', async () => {
      await openInEditor(CONTRACT);
      const at = positionIn(contract, FIRST_NAME_SOURCE, 'inventory.customers.fname', 'inventory.customers.'.length + 2);
      const range = expectColumn(await definitions(contract.uri, at), 'fname');
      assert.strictEqual(range.start.line, lineOf(sql, /^\s+fname\s+STRING/), 'the definition is not on the declaration of fname');
    });

    test('go to definition from a column inside transformLogic lands on the column in the .sql file', async () => {
      await openInEditor(CONTRACT);
      const at = positionIn(contract, REGISTERED_LOGIC, 'registered');
      const range = expectColumn(await definitions(contract.uri, at), 'registered');
      assert.strictEqual(range.start.line, lineOf(sql, /^\s+registered\s+TIMESTAMP/), 'the definition is not on the declaration of registered');
    });

    test('find references on a column of the .sql file lists the contract fields reading it, and its CodeLens counts them', async () => {
      await vscode.window.showTextDocument(sql, { preview: false });
      assert.strictEqual(sql.languageId, 'sql');
      const at = positionIn(sql, STATUS_COLUMN, 'status');
      const inContract = (ls: readonly vscode.Location[]) => ls.filter((l) => sameFile(l.uri, contract.uri));
      const refs = await poll(
        async () => (await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', sql.uri, at)) ?? [],
        (ls) => inContract(ls).length > 0,
        20_000,
        250,
      );
      const mine = inContract(refs);
      assert.ok(mine.length, `no reference in ${CONTRACT}: ${describeTargets(refs)}`);
      // The field reads `status` twice: its source object and the column in its CASE expression.
      const statusLine = lineOf(contract, /^\s+transformSourceObjects: \[inventory\.customers\.status\]$/);
      const caseLine = lineOf(contract, /^\s+CASE status$/);
      assert.deepStrictEqual(mine.map((l) => l.range.start.line).sort((a, b) => a - b), [statusLine, caseLine], `references in ${CONTRACT}: ${describeTargets(mine)}`);
      for (const l of mine) assert.match(contract.getText(l.range), /(^|\.)status$/, `a reference covers \`${contract.getText(l.range)}\``);
      // Registered versions are snapshots, not readers of the column.
      assert.ok(!refs.some((l) => /contract-registry/.test(l.uri.path)), `references in the registry folder: ${describeTargets(refs)}`);

      const column = at.line;
      const lenses = await poll(
        async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', sql.uri, 100)) ?? [],
        (ls) => ls.some((l) => l.range.start.line === column && !!l.command?.title),
        20_000,
        250,
      );
      const titles = lenses.filter((l) => l.range.start.line === column).map((l) => l.command?.title ?? '');
      assert.ok(titles.some((t) => t.startsWith('used by 1 contract')), `the lens over \`status\` (line ${column + 1}) says ${JSON.stringify(titles)}`);
      // Columns no contract reads (street, city) have no lens.
      const street = lineOf(sql, /^\s+street\s+STRING/);
      assert.ok(!lenses.some((l) => l.range.start.line === street), 'the unread column `street` has a lens');
    });

    test('a misspelt source column is flagged source-unknown-column with a suggestion, and fixing it clears it', async () => {
      await openInEditor(CONTRACT);
      const line = lineOf(contract, FIRST_NAME_SOURCE);
      const start = contract.lineAt(line).text.indexOf('.fname]') + 1;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(contract.uri, new vscode.Range(line, start, line, start + 'fname'.length), 'fnam');
      assert.ok(await vscode.workspace.applyEdit(edit), 'could not edit the contract');
      assert.match(contract.lineAt(line).text, TYPO_SOURCE);

      const unknown = (ds: readonly vscode.Diagnostic[]) => ds.filter((d) => codeOf(d) === 'source-unknown-column');
      const diagnostics = () => vscode.languages.getDiagnostics(contract.uri);
      const flagged = await poll(diagnostics, (ds) => unknown(ds).some((d) => d.range.start.line === line), 30_000);
      const d = unknown(flagged).find((x) => x.range.start.line === line);
      assert.ok(d, `no source-unknown-column on line ${line + 1}; got:\n  ${describeDiagnostics(flagged)}`);
      assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error, `source-unknown-column should be an error: ${d.message}`);
      assert.match(d.message, /did you mean `fname`/i);
      assert.strictEqual(contract.getText(d.range), 'inventory.customers.fnam', 'the diagnostic does not cover the reference');
      assert.strictEqual(unknown(flagged).length, 1, `more than the typo is flagged:\n  ${describeDiagnostics(flagged)}`);

      await setText(contract, original);
      const cleared = await poll(diagnostics, (ds) => unknown(ds).length === 0, 30_000);
      assert.deepStrictEqual(unknown(cleared).map((x) => x.message), [], 'source-unknown-column stayed after the typo was fixed');
    });

    test('Preview Flink SQL opens a webview beside the contract, labelled with its file name, once', async () => {
      const editor = await openInEditor(CONTRACT);
      assert.deepStrictEqual(previewTabs().map((t) => t.label), [], 'a preview is open before the test');
      await vscode.commands.executeCommand('streamcontract.previewSql', contract.uri);
      const tabs = await poll(previewTabs, (ts) => ts.length > 0, 15_000);
      assert.strictEqual(tabs.length, 1, `expected one tab labelled "${PREVIEW_LABEL}": ${JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label))}`);
      const [tab] = tabs;
      const input = tab.input as vscode.TabInputWebview;
      assert.match(input.viewType, /streamcontract\.sqlPreview$/);
      assert.notStrictEqual(tab.group.viewColumn, editor.viewColumn, 'the preview is not beside the contract');
      // The focus stays in the contract.
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), contract.uri.toString(), 'the contract lost the focus');

      // Running it again reveals the same panel.
      await vscode.commands.executeCommand('streamcontract.previewSql', contract.uri);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.strictEqual(previewTabs().length, 1, 'a second preview of the same contract was opened');
    });

    test('New Contract from Source Table drafts a contract for the table, with its lineage', async () => {
      const draftOf = async () => {
        const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('streamcontract.newContractFromTable', 'customers');
        assert.ok(uri, 'the command returned no document');
        return vscode.workspace.openTextDocument(uri);
      };
      const first = await draftOf();
      try {
        const text = first.getText();
        assert.match(text, /transformSourceObjects:\n\s+- inventory\.customers\.fname/);
        assert.match(text, /classification: restricted/, 'personal columns are not marked');
        // the workspace already has customers.odcs.yaml, id customers-public: the draft takes neither
        assert.match(text, /^id: customers-public-2$/m);
        assert.strictEqual(first.uri.scheme, 'untitled', 'the draft is not an unsaved document');
        assert.match(first.uri.path, /\/customers-2\.odcs\.yaml$/, 'the draft is not named after its table');

        // Run again while the first draft is open: a third name and id, and the first draft is left as it was.
        const second = await draftOf();
        assert.match(second.getText(), /^id: customers-public-3$/m);
        assert.match(second.uri.path, /\/customers-3\.odcs\.yaml$/);
        assert.strictEqual(first.getText(), text, 'the first draft changed');
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      } finally {
        await vscode.window.showTextDocument(first);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });
  });
}
