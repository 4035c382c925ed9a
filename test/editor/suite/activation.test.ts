// Editor tests: the extension activates on a contract, claims the `odcs` language and registers its commands.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, activeExtension, openInEditor, poll } from './helpers';

export function activationTests(): void {
  suite('activation', () => {
    test('activates when customers.odcs.yaml is opened, and starts its language server', async () => {
      await openInEditor('customers.odcs.yaml');
      const api = await activeExtension();
      assert.strictEqual(typeof api.isServerRunning, 'function', 'activate() should return the extension API');
      const running = await poll(() => api.isServerRunning(), (r) => r, 30_000);
      assert.ok(running, 'the language server is not running');
    });

    test('*.odcs.yaml files get the odcs language id', async () => {
      const editor = await openInEditor('customers.odcs.yaml');
      assert.strictEqual(editor.document.languageId, 'odcs');
    });

    test('registers streamcontract.showOutput and streamcontract.restartServer', async () => {
      assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
      const commands = await vscode.commands.getCommands(true);
      for (const command of ['streamcontract.showOutput', 'streamcontract.restartServer']) {
        assert.ok(commands.includes(command), `command ${command} is not registered`);
      }
    });
  });
}
