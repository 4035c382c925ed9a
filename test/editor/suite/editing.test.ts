// Editor tests: completion of property keys and logicalType values, and hover on a key, while editing a contract.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activeExtension, completionLabels, hoverText, insertAfterLine, lineOf, openInEditor, poll, revert } from './helpers';

export function editingTests(): void {
  suite('completion and hover', () => {
    let doc: vscode.TextDocument;

    suiteSetup(async () => {
      doc = (await openInEditor('typing.odcs.yaml')).document;
      await activeExtension();
    });

    teardown(async () => {
      if (doc) await revert(doc);
    });

    test('completion inside a property offers logicalType and physicalType', async () => {
      // A new, still empty line under the mapping of property `note`.
      const position = await insertAfterLine(doc, lineOf(doc, /^ {6}- name: note$/), '\n        ');
      const labels = await completionLabels(doc.uri, position, ['logicalType', 'physicalType']);
      for (const label of ['logicalType', 'physicalType']) assert.ok(labels.includes(label), `no ${label} among: ${labels.join(', ')}`);
    });

    test('completion of a logicalType value offers string and integer', async () => {
      const position = await insertAfterLine(doc, lineOf(doc, /^ {6}- name: note$/), '\n        logicalType: ');
      const labels = await completionLabels(doc.uri, position, ['string', 'integer']);
      for (const label of ['string', 'integer']) assert.ok(labels.includes(label), `no ${label} among: ${labels.join(', ')}`);
    });

    test('hover on the key logicalType explains it in markdown', async () => {
      const line = lineOf(doc, /^ {8}logicalType: string$/);
      const position = new vscode.Position(line, doc.lineAt(line).text.indexOf('logicalType') + 3);
      const hover = await poll(
        async () => hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position)) ?? []),
        (h) => h.text.includes('logicalType'),
        20_000,
        250,
      );
      assert.ok(hover.text.includes('logicalType'), `hover text does not mention logicalType: ${JSON.stringify(hover.text)}`);
      assert.ok(hover.markdown, 'hover is not markdown');
    });
  });
}
