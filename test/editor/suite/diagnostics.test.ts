// Editor tests: a broken contract gets diagnostics with the right codes on the right lines; other YAML gets none.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import {
  SOURCE, activeExtension, codeOf, describeDiagnostics, diagnosticsWithCode, lineOf, openInEditor, poll, revert, setText,
} from './helpers';

export function diagnosticsTests(): void {
  suite('diagnostics', () => {
    let broken: vscode.TextDocument;

    suiteSetup(async () => {
      broken = (await openInEditor('broken.odcs.yaml')).document;
      await activeExtension();
    });

    suiteTeardown(async () => {
      if (broken) await revert(broken);
    });

    const expectOnLine = async (code: string, pattern: RegExp): Promise<vscode.Diagnostic> => {
      const all = await diagnosticsWithCode(broken.uri, code);
      const found = all.filter((d) => codeOf(d) === code);
      assert.ok(found.length, `no ${code} diagnostic; got:\n  ${describeDiagnostics(all)}`);
      const line = lineOf(broken, pattern);
      const onLine = found.find((d) => d.range.start.line === line);
      assert.ok(onLine, `${code} expected on line ${line} (${broken.lineAt(line).text.trim()}); got:\n  ${describeDiagnostics(all)}`);
      return onLine;
    };

    test('an unknown top-level key is reported as schema-unknown-key on its line', async () => {
      await expectOnLine('schema-unknown-key', /^ownr:/);
    });

    test('a misspelt logicalType is reported as schema-invalid-value with a suggestion', async () => {
      const d = await expectOnLine('schema-invalid-value', /logicalType: strng/);
      assert.match(d.message, /did you mean `string`/i);
    });

    test('a version that is not a semantic version is reported as version-not-semver', async () => {
      await expectOnLine('version-not-semver', /^version: 1\.0\s*$/);
    });

    test('a YAML file that is not a contract gets no diagnostics', async () => {
      await diagnosticsWithCode(broken.uri, 'version-not-semver');
      const unrelated = (await openInEditor('unrelated.yaml')).document;
      assert.strictEqual(unrelated.languageId, 'yaml');
      // Barrier: an edit to the contract made after opening the YAML file; once its new diagnostics arrive,
      // the server has also seen the YAML file.
      const original = broken.getText();
      await setText(broken, original.replace(/^version: 1\.0\s*$/m, 'version: 1.0.1'));
      const after = await poll(() => vscode.languages.getDiagnostics(broken.uri), (ds) => !ds.some((d) => codeOf(d) === 'version-not-semver'), 30_000);
      assert.ok(!after.some((d) => codeOf(d) === 'version-not-semver'), 'the contract was not re-analysed after an edit');
      // Then watch the YAML file for a moment longer: nothing may appear.
      const mine = () => vscode.languages.getDiagnostics(unrelated.uri).filter((d) => d.source === SOURCE);
      const seen = await poll(mine, (ds) => ds.length > 0, 1500, 100);
      assert.deepStrictEqual(seen.map((d) => `${codeOf(d)}: ${d.message}`), [], 'diagnostics on a YAML file that is not a contract');
      await revert(broken);
    });
  });
}
