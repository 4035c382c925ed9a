// Editor tests: breaking changes against the registered version (customers.odcs.yaml is registered as 1.0.0),
// the version-bump and restore quick fixes, Publish into the registry folder and its modal questions, the CodeLens,
// Compare with Registered Version, Show Changelog and Show Migration Rules.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import {
  activeExtension, answerModals, codeOf, describeDiagnostics, lineOf, ModalQuestion, openInEditor, poll, setText, workspaceUri,
} from './helpers';

const CONTRACT = 'customers.odcs.yaml';
const REGISTRY_DIR = 'contract-registry/customers-public';
const PUBLISHED = `${REGISTRY_DIR}/2.0.0.odcs.yaml`;
/** The codes the comparison with the registry produces; none of them may remain once the contract is restored. */
const EVOLUTION_CODES = ['property-renamed', 'property-removed-required', 'version-major-bump-required', 'version-already-registered', 'version-not-greater'];

/** The rename of the property with stable id customers_last_name: `name: last_name` becomes `name: surname`. */
const RENAME_LINE = /^ {8}name: last_name$/;
const RENAMED_LINE = /^ {8}name: surname$/;
const VERSION_LINE = /^version: /;

const severityName = (s: vscode.DiagnosticSeverity) => vscode.DiagnosticSeverity[s];

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
  return lenses.map((l) => l.command?.title ?? '');
}

/** What a modal showed must name files relative to the workspace, never by their absolute path. */
function assertNoAbsolutePaths(questions: ModalQuestion[]): void {
  const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  for (const q of questions) assert.ok(!`${q.message}\n${q.detail}`.includes(root), `a modal shows an absolute path: ${q.message}\n${q.detail}`);
}

/** CodeLens titles, retried (bounded) until `done` holds. */
async function lensTitlesUntil(uri: vscode.Uri, done: (titles: string[]) => boolean, timeoutMs = 30_000): Promise<string[]> {
  return poll(() => lensTitles(uri), done, timeoutMs, 200);
}

/** Resolves with the value of `promise`, or rejects once `ms` pass without it settling. */
async function within<T>(promise: Thenable<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      Promise.resolve(promise),
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function evolutionTests(): void {
  suite('breaking changes, quick fix and publish', () => {
    let doc: vscode.TextDocument;
    /** The contract's text as the workspace holds it: identical to registered 1.0.0. */
    let original: string;
    const published = () => workspaceUri(PUBLISHED);

    const diagnostics = () => vscode.languages.getDiagnostics(doc.uri);
    const withCode = (ds: readonly vscode.Diagnostic[], code: string) => ds.filter((d) => codeOf(d) === code);
    const onLine = (ds: readonly vscode.Diagnostic[], code: string, line: number) => withCode(ds, code).find((d) => d.range.start.line === line);
    const renamedText = () => original.replace(/^( {8})name: last_name$/m, '$1name: surname');
    const bumpedText = () => renamedText().replace(/^version: 1\.0\.0$/m, 'version: 2.0.0');

    /** Waits (bounded) until the server has compared the restored contract with the registry again: registered, nothing flagged. */
    const settled = async (): Promise<void> => {
      const titles = await lensTitlesUntil(doc.uri, (t) => t.some((x) => x.includes('$(check) registered 1.0.0')));
      assert.ok(titles.some((x) => x.includes('$(check) registered 1.0.0')), `the contract is not shown as registered 1.0.0; lenses: ${JSON.stringify(titles)}`);
      const left = await poll(diagnostics, (ds) => !ds.some((d) => EVOLUTION_CODES.includes(String(codeOf(d)))), 30_000);
      assert.ok(!left.some((d) => EVOLUTION_CODES.includes(String(codeOf(d)))), `left over after restoring:\n  ${describeDiagnostics(left)}`);
    };

    /** Puts the workspace back: no 2.0.0 in the registry, the contract's text (in the editor and on disk) as it was. */
    const restore = async (): Promise<void> => {
      if (!doc) return;
      if (await exists(published())) {
        await vscode.workspace.fs.delete(published());
        // The restored text looks registered whatever else the registry holds, so wait for the server to drop
        // 2.0.0 from its listing (file watcher) on a changed text, whose lens names the latest version.
        await setText(doc, renamedText());
        const titles = await lensTitlesUntil(doc.uri, (t) => t.some((x) => x.includes('registered 1.0.0 ·')));
        assert.ok(titles.some((x) => x.includes('registered 1.0.0 ·')), `the server still lists the deleted ${PUBLISHED}; lenses: ${JSON.stringify(titles)}`);
      }
      if (doc.getText() !== original) await setText(doc, original);
      if (doc.isDirty) assert.ok(await doc.save(), `could not save ${doc.uri.fsPath}`);
      await settled();
    };

    suiteSetup(async () => {
      doc = (await openInEditor(CONTRACT)).document;
      await activeExtension();
      original = (await readText(doc.uri)).replace(/\r\n/g, '\n');
      assert.strictEqual(doc.getText(), original, `${CONTRACT} has unsaved edits before the evolution tests`);
      assert.strictEqual(original, await readText(workspaceUri(`${REGISTRY_DIR}/1.0.0.odcs.yaml`)), `${CONTRACT} should be identical to registered 1.0.0`);
      assert.ok(!(await exists(published())), `${PUBLISHED} exists before the tests`);
      await settled();
    });

    teardown(async () => {
      await restore();
    });

    test('renaming a property flags property-renamed on its line and a major bump on `version:`, while typing', async () => {
      await openInEditor(CONTRACT);
      const line = lineOf(doc, RENAME_LINE);
      const versionLine = lineOf(doc, VERSION_LINE);
      const word = (w: string) => {
        const start = doc.lineAt(line).text.indexOf(w);
        return new vscode.Range(line, start, line, start + w.length);
      };
      const replace = async (range: vscode.Range, text: string) => {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(doc.uri, range, text);
        assert.ok(await vscode.workspace.applyEdit(edit), 'could not edit the contract');
      };

      await replace(word('last_name'), 'surname');
      assert.match(doc.lineAt(line).text, RENAMED_LINE);
      const flagged = await poll(diagnostics, (ds) => !!onLine(ds, 'property-renamed', line) && !!onLine(ds, 'version-major-bump-required', versionLine), 30_000);
      const renamed = onLine(flagged, 'property-renamed', line);
      assert.ok(renamed, `no property-renamed on line ${line}; got:\n  ${describeDiagnostics(flagged)}`);
      assert.strictEqual(severityName(renamed.severity), 'Warning', `property-renamed should be a warning: ${renamed.message}`);
      assert.match(renamed.message, /last_name/);
      assert.match(renamed.message, /surname/);
      const bump = onLine(flagged, 'version-major-bump-required', versionLine);
      assert.ok(bump, `no version-major-bump-required on the version line ${versionLine}; got:\n  ${describeDiagnostics(flagged)}`);
      assert.match(bump.message, /2\.0\.0/);

      // Typing the old name back: both go away.
      await replace(word('surname'), 'last_name');
      assert.match(doc.lineAt(line).text, RENAME_LINE);
      const cleared = await poll(diagnostics, (ds) => !withCode(ds, 'property-renamed').length && !withCode(ds, 'version-major-bump-required').length, 30_000);
      assert.deepStrictEqual(
        [...withCode(cleared, 'property-renamed'), ...withCode(cleared, 'version-major-bump-required')].map((d) => d.message),
        [],
        'the breaking-change diagnostics stayed after the rename was undone',
      );
    });

    test('the quick fix on `version:` bumps it to 2.0.0, and the rename is then only information', async () => {
      await setText(doc, renamedText());
      const versionLine = lineOf(doc, VERSION_LINE);
      const flagged = await poll(diagnostics, (ds) => !!onLine(ds, 'version-major-bump-required', versionLine), 30_000);
      const bump = onLine(flagged, 'version-major-bump-required', versionLine);
      assert.ok(bump, `no version-major-bump-required; got:\n  ${describeDiagnostics(flagged)}`);

      const fixTitle = /^(Change|Bump) the version to 2\.0\.0/;
      const actions = await poll(
        async () => (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, bump.range)) ?? [],
        (as) => as.some((a) => fixTitle.test(a.title)),
        20_000,
        250,
      );
      const fix = actions.find((a): a is vscode.CodeAction => fixTitle.test(a.title) && 'edit' in a && !!a.edit);
      assert.ok(fix?.edit, `no quick fix titled like "Change the version to 2.0.0" among: ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit), `could not apply "${fix.title}"`);
      assert.strictEqual(doc.lineAt(versionLine).text, 'version: 2.0.0');

      const line = lineOf(doc, RENAMED_LINE);
      const after = await poll(
        diagnostics,
        (ds) => onLine(ds, 'property-renamed', line)?.severity === vscode.DiagnosticSeverity.Information && !withCode(ds, 'version-major-bump-required').length,
        30_000,
      );
      const renamed = onLine(after, 'property-renamed', line);
      assert.ok(renamed, `no property-renamed on line ${line} after the bump; got:\n  ${describeDiagnostics(after)}`);
      assert.strictEqual(severityName(renamed.severity), 'Information', `after the bump: ${renamed.message}`);
      assert.match(renamed.message, /Allowed by the major version bump/);
      assert.deepStrictEqual(withCode(after, 'version-major-bump-required').map((d) => d.message), [], 'the bump is still required');
    });

    test('Publish registers 2.0.0 in the registry folder, and publishing it again is refused', async () => {
      await setText(doc, bumpedText());
      assert.ok(await doc.save(), 'could not save the bumped contract');
      const line = lineOf(doc, RENAMED_LINE);
      // The server has compared the saved text: the rename is allowed by the bump.
      await poll(diagnostics, (ds) => onLine(ds, 'property-renamed', line)?.severity === vscode.DiagnosticSeverity.Information, 30_000);

      // publishing a major asks first, listing the breaking changes it declares
      const modals = answerModals(() => 'Publish');
      let outcome: { ok: boolean; location?: string; message?: string } | undefined;
      try {
        outcome = await within(
          vscode.commands.executeCommand<{ ok: boolean; location?: string; message?: string } | undefined>('streamcontract.publish', doc.uri),
          30_000,
          'streamcontract.publish',
        );
      } finally {
        modals.restore();
      }
      assert.strictEqual(modals.asked.length, 1, `expected one question, got ${JSON.stringify(modals.asked)}`);
      assert.deepStrictEqual(modals.asked[0].choices, ['Publish']);
      assert.match(modals.asked[0].message, /Publish customers-public 2\.0\.0, a new major version\?/);
      assert.match(modals.asked[0].detail, /2\.0\.0 declares this breaking change against 1\.0\.0:\n• customers: `last_name` renamed to `surname`/);
      assertNoAbsolutePaths(modals.asked);
      assert.ok(outcome, 'streamcontract.publish returned nothing (refused?)');
      assert.strictEqual(outcome.ok, true, `publish failed: ${JSON.stringify(outcome)}`);
      assert.strictEqual(outcome.location, published().fsPath);
      assert.ok(await exists(published()), `${PUBLISHED} was not written`);
      assert.strictEqual(await readText(published()), doc.getText(), `${PUBLISHED} does not hold the published text`);

      // The server sees the new version (file watcher): the contract is now registered 2.0.0.
      const titles = await lensTitlesUntil(doc.uri, (t) => t.some((x) => x.includes('registered 2.0.0')));
      assert.ok(titles.some((x) => x.includes('$(check) registered 2.0.0')), `not shown as registered 2.0.0; lenses: ${JSON.stringify(titles)}`);
      assert.ok(!titles.some((x) => x.startsWith('Publish')), `a registered version still offers Publish: ${JSON.stringify(titles)}`);

      // Publishing again is refused (an error message; the test host refuses modal dialogs, so nothing blocks).
      const again = await within(
        vscode.commands.executeCommand<{ ok: boolean; reason?: string; message?: string } | undefined>('streamcontract.publish', doc.uri),
        30_000,
        'publishing again',
      );
      assert.strictEqual(again?.ok, false, `publishing a registered version again returned ${JSON.stringify(again)}`);
      assert.strictEqual(again?.reason, 'refused');
      assert.match(again?.message ?? '', /already registered/);
      assert.strictEqual(await readText(published()), doc.getText(), `${PUBLISHED} changed`);
      const files = (await vscode.workspace.fs.readDirectory(workspaceUri(REGISTRY_DIR))).map(([name]) => name).filter((n) => !n.startsWith('.')).sort();
      assert.deepStrictEqual(files, ['1.0.0.odcs.yaml', '2.0.0.odcs.yaml']);
    });

    test('the CodeLens over `id:` shows the registered version, and Publish once the contract changes', async () => {
      const unchanged = await lensTitles(doc.uri);
      assert.ok(unchanged.some((t) => t.includes('registered 1.0.0')), `no "registered 1.0.0" lens: ${JSON.stringify(unchanged)}`);
      assert.ok(unchanged.includes('Compare with registered'), `no "Compare with registered" lens: ${JSON.stringify(unchanged)}`);
      assert.ok(!unchanged.some((t) => t.startsWith('Publish')), `the registered text offers Publish: ${JSON.stringify(unchanged)}`);

      // a breaking change: publishing would be refused, so the lens says why instead of offering Publish
      await setText(doc, renamedText());
      const BUMP_LENS = '$(warning) 1 breaking change: bump to 2.0.0';
      const titles = await lensTitlesUntil(doc.uri, (t) => t.includes(BUMP_LENS));
      assert.ok(titles.some((t) => t.includes('registered 1.0.0') && t.includes('1 breaking change')), `no "registered 1.0.0 · 1 breaking change" lens: ${JSON.stringify(titles)}`);
      assert.ok(titles.includes(BUMP_LENS), `no "${BUMP_LENS}" lens: ${JSON.stringify(titles)}`);
      assert.ok(!titles.some((t) => t.startsWith('Publish')), `Publish is offered although it would be refused: ${JSON.stringify(titles)}`);
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10)) ?? [];
      const idLine = lineOf(doc, /^id: /);
      for (const lens of lenses) assert.strictEqual(lens.range.start.line, idLine, `lens "${lens.command?.title}" is not over \`id:\``);

      // clicking it bumps the version (unsaved), and then Publish is offered
      const bump = lenses.find((l) => l.command?.title === BUMP_LENS)?.command;
      assert.ok(bump, `the lens "${BUMP_LENS}" has no command`);
      await within(vscode.commands.executeCommand(bump.command, ...(bump.arguments ?? [])), 10_000, bump.command);
      assert.strictEqual(doc.lineAt(lineOf(doc, VERSION_LINE)).text, 'version: 2.0.0');
      const after = await lensTitlesUntil(doc.uri, (t) => t.includes('Publish 2.0.0'));
      assert.ok(after.includes('Publish 2.0.0'), `no "Publish 2.0.0" lens after the bump: ${JSON.stringify(after)}`);
      const publishLens = ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10)) ?? []).find((l) => l.command?.title === 'Publish 2.0.0');
      assert.strictEqual(publishLens?.command?.command, 'streamcontract.publish');
    });

    test('Publish with a breaking change asks to bump, listing it: "Bump only" bumps, "Bump and publish" publishes', async () => {
      await setText(doc, renamedText());
      assert.ok(await doc.save(), 'could not save the renamed contract');
      await poll(diagnostics, (ds) => !!withCode(ds, 'version-major-bump-required').length, 30_000);
      const publish = async (answer: string) => {
        const modals = answerModals(() => answer);
        try {
          const outcome = await within(vscode.commands.executeCommand<{ ok: boolean; location?: string } | undefined>('streamcontract.publish', doc.uri), 30_000, `publishing with "${answer}"`);
          return { outcome, asked: modals.asked };
        } finally {
          modals.restore();
        }
      };

      const bumpOnly = await publish('Bump only');
      assert.strictEqual(bumpOnly.outcome, undefined, 'Bump only published');
      assert.strictEqual(bumpOnly.asked.length, 1, `expected one question, got ${JSON.stringify(bumpOnly.asked)}`);
      const [question] = bumpOnly.asked;
      assert.deepStrictEqual(question.choices, ['Bump and publish', 'Bump only']);
      assert.match(question.message, /customers-public 1\.0\.0 cannot be published as it is: bump it to 2\.0\.0\?/);
      assert.match(question.detail, /2\.0\.0 declares this breaking change against 1\.0\.0:\n• customers: `last_name` renamed to `surname`/);
      assertNoAbsolutePaths(bumpOnly.asked);
      assert.strictEqual(doc.lineAt(lineOf(doc, VERSION_LINE)).text, 'version: 2.0.0');
      assert.ok(!doc.isDirty, 'the bumped contract was not saved');
      assert.ok(!(await exists(published())), `Bump only wrote ${PUBLISHED}`);

      await setText(doc, renamedText());
      assert.ok(await doc.save(), 'could not save the renamed contract again');
      const both = await publish('Bump and publish');
      assert.strictEqual(both.asked.length, 1, `"Bump and publish" asked again: ${JSON.stringify(both.asked)}`);
      assert.strictEqual(both.outcome?.ok, true, `publish failed: ${JSON.stringify(both.outcome)}`);
      assert.strictEqual(await readText(published()), doc.getText(), `${PUBLISHED} does not hold the bumped text`);
      assert.strictEqual(doc.lineAt(lineOf(doc, VERSION_LINE)).text, 'version: 2.0.0');
    });

    test('the quick fix restores a removed required property from the registered version', async () => {
      // `status` has a block-scalar transformLogic and a quality list: the restored text must keep both intact
      const removed = original.replace(/^ {6}- id: customers_status\n(?: {8}.*\n| *\n)*?(?= {6}- id: )/m, '');
      assert.notStrictEqual(removed, original, 'the status property was not found');
      await setText(doc, removed);
      const flagged = await poll(diagnostics, (ds) => !!withCode(ds, 'property-removed-required').length, 30_000);
      const removal = withCode(flagged, 'property-removed-required')[0];
      assert.ok(removal, `no property-removed-required; got:\n  ${describeDiagnostics(flagged)}`);
      const title = 'Restore `status` from registered 1.0.0';
      const actions = await poll(
        async () => (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, removal.range)) ?? [],
        (as) => as.some((a) => a.title === title),
        20_000,
        250,
      );
      const fix = actions.find((a): a is vscode.CodeAction => a.title === title && 'edit' in a && !!a.edit);
      assert.ok(fix?.edit, `no quick fix "${title}" among: ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit), `could not apply "${title}"`);
      // the property is back (at the end of the list, so the text is no longer exactly registered 1.0.0's)
      const broken = (ds: readonly vscode.Diagnostic[]) => ds.filter((d) => /^(property-removed-required|version-major-bump-required|yaml-.*|schema-.*)$/.test(String(codeOf(d))));
      const after = await poll(diagnostics, (ds) => broken(ds).length === 0, 30_000);
      assert.deepStrictEqual(broken(after).map((d) => `${codeOf(d)}: ${d.message}`), [], 'the restored contract still has problems');
      const status = lineOf(doc, /^ {8}name: status$/);
      assert.ok(status > lineOf(doc, /^ {8}name: registration_date$/), 'the property is restored at the end of its list');
      assert.match(doc.getText(), /\n {8}transformLogic: >-\n {10}CASE status\n {12}WHEN 1 THEN 'NEW'/, 'the block scalar lost its indentation');
    });

    test('Show Migration Rules opens the JSONata of the rename, read-only', async () => {
      await setText(doc, bumpedText());
      const markdown = await within(vscode.commands.executeCommand<string | undefined>('streamcontract.showMigrationRules', doc.uri), 30_000, 'streamcontract.showMigrationRules');
      assert.ok(markdown, 'no migration rules');
      assert.match(markdown, /^# Migration rules of customers-public: 1\.0\.0 → 2\.0\.0$/m);
      assert.match(markdown, /### `customers_v1_to_v2` \(UPGRADE\)/);
      assert.match(markdown, /\{'surname': \$\.'last_name'\}/);
      const shown = await poll(() => vscode.window.activeTextEditor?.document, (d) => d?.uri.scheme === 'streamcontract-migration', 10_000);
      assert.ok(shown, 'the migration rules are not shown');
      try {
        assert.strictEqual(shown.getText(), markdown);
        assert.strictEqual(shown.languageId, 'markdown');
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      }
    });

    test('Compare with Registered Version opens a diff editor against registered 1.0.0', async () => {
      await openInEditor(CONTRACT);
      await setText(doc, renamedText());
      await within(vscode.commands.executeCommand('streamcontract.compareWithRegistered', doc.uri), 30_000, 'streamcontract.compareWithRegistered');
      const activeTab = () => vscode.window.tabGroups.activeTabGroup.activeTab;
      const tab = await poll(activeTab, (t) => t?.input instanceof vscode.TabInputTextDiff, 10_000);
      assert.ok(tab && tab.input instanceof vscode.TabInputTextDiff, `the active tab is not a diff editor: ${tab?.label}`);
      try {
        assert.strictEqual(tab.input.modified.toString(), doc.uri.toString(), 'the right side is not the working copy');
        assert.strictEqual(tab.input.original.scheme, 'streamcontract-registered');
        assert.match(tab.input.original.path, /customers-public\/1\.0\.0\.odcs\.yaml$/);
        assert.match(tab.label, /registered 1\.0\.0/);
        const left = await vscode.workspace.openTextDocument(tab.input.original);
        assert.strictEqual(left.getText(), original, 'the left side is not the registered text');
      } finally {
        await vscode.window.tabGroups.close(tab);
      }
    });

    test('Show Changelog names the contract and its working copy, and running it again shows the same document', async () => {
      await openInEditor(CONTRACT);
      await setText(doc, renamedText().replace(/^version: 1\.0\.0$/m, 'version: 1.1.0'));
      const changelogTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'streamcontract-changelog');
      try {
        await poll(diagnostics, (ds) => withCode(ds, 'property-renamed').length > 0, 30_000);
        await within(vscode.commands.executeCommand('streamcontract.showChangelog', doc.uri), 30_000, 'streamcontract.showChangelog');
        const tabs = await poll(async () => changelogTabs(), (ts) => ts.length > 0, 10_000);
        assert.strictEqual(tabs.length, 1, `changelog tabs: ${tabs.map((t) => t.label).join(', ')}`);
        const shown = await vscode.workspace.openTextDocument((tabs[0].input as vscode.TabInputText).uri);
        assert.strictEqual(shown.getText().split('\n')[0], '## customers-public: 1.0.0 → 1.1.0 (working copy)');
        assert.match(shown.getText(), /`property-renamed`/);

        // Again, from the changelog itself: the same tab, not a second one beside it.
        await vscode.window.showTextDocument(shown);
        await within(vscode.commands.executeCommand('streamcontract.showChangelog', doc.uri), 30_000, 'streamcontract.showChangelog again');
        assert.strictEqual(changelogTabs().length, 1, `changelog tabs after running it again: ${changelogTabs().map((t) => t.label).join(', ')}`);
      } finally {
        for (const tab of changelogTabs()) await vscode.window.tabGroups.close(tab);
      }
    });
  });
}
