// Runs every compatibility fixture: test/fixtures/compat/<case>/{registered/<version>.odcs.yaml, current.odcs.yaml, args.json} → expected.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { renderChangelog } from '../../server/src/engine/diff/changelog';
import { evaluate, modeOf, RegisteredSide } from '../../server/src/engine/diff/compat';
import { contractSide } from '../../server/src/engine/diff/model';
import { Mode, RegistryKind } from '../../server/src/engine/diff/types';
import { formatPath } from '../../server/src/engine/types';
import { caseName, expectJson, fixtureCases, showSpan } from '../support/fixtures';

interface Args {
  /** The mode to evaluate under; absent: the contract's own, else `setting`, else FORWARD. */
  mode?: Mode;
  setting?: Mode;
  /** Where versions are registered; absent: `folder`. */
  registryKind?: RegistryKind;
}


for (const dir of fixtureCases('compat', (d) => existsSync(path.join(d, 'current.odcs.yaml')))) {
  test(`compat ${caseName(dir, 'compat')}`, () => {
    const currentText = readFileSync(path.join(dir, 'current.odcs.yaml'), 'utf8');
    const current = contractSide(currentText);
    assert.ok(current, 'current.odcs.yaml is not a YAML mapping');
    // as the editor and the CLI do: values that fail the meta-schema are left to their schema errors
    const { invalidValues } = analyze(currentText, { knownContract: true });
    const registeredDir = path.join(dir, 'registered');
    const registered: RegisteredSide[] = (existsSync(registeredDir) ? readdirSync(registeredDir) : [])
      .filter((f) => f.endsWith('.odcs.yaml'))
      .map((f) => {
        const side = contractSide(readFileSync(path.join(registeredDir, f), 'utf8'));
        assert.ok(side, `registered/${f} is not a YAML mapping`);
        return { version: f.replace(/\.odcs\.yaml$/, ''), side, location: `registered/${f}` };
      });
    const argsFile = path.join(dir, 'args.json');
    const args: Args = existsSync(argsFile) ? JSON.parse(readFileSync(argsFile, 'utf8')) : {};
    const mode = args.mode ?? modeOf(current.value, args.setting);
    const result = evaluate({ current, registered, mode, registryKind: args.registryKind, invalidValues });
    const first = result.compared[0];
    expectJson(path.join(dir, 'expected.json'), {
      mode: result.mode,
      ...(result.registryKind !== 'folder' ? { registryKind: result.registryKind } : {}),
      relation: result.relation,
      compared: result.compared.map((c) => c.version),
      breaking: result.breaking,
      ...(invalidValues.length ? { invalidValues: invalidValues.map(formatPath) } : {}),
      suggestions: result.suggestions,
      findings: result.findings.map((f) => ({
        code: f.code,
        severity: f.severity,
        message: f.message,
        at: showSpan(current.text, f.span),
        ...(f.suggestedVersion ? { suggestedVersion: f.suggestedVersion } : {}),
      })),
      changes: result.changes.map((c) => ({
        rule: c.change.rule,
        breaks: c.change.breaks,
        breaking: c.breaking,
        ...(c.allowedByMajorBump ? { allowedByMajorBump: true } : {}),
        against: c.against.map((a) => a.version),
        path: c.change.path,
        ...(c.change.data?.registry ? { message: c.change.message, ...(c.change.hint ? { hint: c.change.hint } : {}) } : {}),
        new: showSpan(current.text, c.change.newSpan),
      })),
      // the changelog since the newest compared version, as a release note would show it
      changelog: first
        ? renderChangelog(first.version, String(current.value.version), result.changes.filter((c) => c.against.some((a) => a.version === first.version)).map((c) => c.change), mode).split('\n')
        : [],
    });
  });
}
