// Editor test suite entry, as @vscode/test-electron's extensionTestsPath expects: run() resolves when all tests pass.
import Mocha from 'mocha';
import { activationTests } from './activation.test';
import { diagnosticsTests } from './diagnostics.test';
import { editingTests } from './editing.test';
import { evolutionTests } from './evolution.test';
import { renameTests } from './renames.test';
import { sourcesTests } from './sources.test';
import { walkthroughTests } from './walkthrough.test';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  // A bundle has no test files to glob: define the TDD globals and register the suites in code.
  mocha.suite.emit('pre-require', globalThis, 'editor-suite', mocha);
  suite('streamcontract in VS Code', () => {
    activationTests();
    diagnosticsTests();
    editingTests();
    evolutionTests();
    sourcesTests();
    renameTests();
    walkthroughTests();
  });
  // The runners print the report between this line and the summary line.
  console.log('editor suite: starting');
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // The runners read this line to count results.
      console.log(`editor suite: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} editor test(s) failed`));
      else resolve();
    });
  });
}
