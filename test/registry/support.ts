// Helpers for the registry tests: contract texts, publish requests, and child processes that are always reaped.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { contractSide, diffContracts, renamesOf } from '../../server/src/engine/diff';
import { parseYaml } from '../../server/src/engine/parse';
import { PublishRequest } from '../../server/src/shared/registry/types';
import { REPO_ROOT } from '../support/fixtures';

/** A small valid contract; `note` makes texts of the same version tell apart. */
export function contractText(id: string, version: string, note = 'first'): string {
  return [
    'apiVersion: v3.1.0',
    'kind: DataContract',
    `id: ${JSON.stringify(id)}`,
    `version: ${JSON.stringify(version)}`,
    'status: active',
    `description: { purpose: ${JSON.stringify(note)} }`,
    'schema:',
    '  - name: customers',
    '    properties:',
    '      - { name: id, logicalType: integer, required: true }',
    '',
  ].join('\n');
}

/**
 * Accounts on the topic `acme.accounts` in `format`, with stable ids: major 1 publishes `ssn` and `address.city`, major 2
 * renames them to `national_id` and `address.town`. Its columns cover Avro's logical types (decimal, timestamp, date).
 */
export function accountsContract(version: string, format: string): string {
  const renamed = !version.startsWith('1.');
  return `apiVersion: v3.1.0
kind: DataContract
id: accounts-public
version: ${version}
status: active
servers:
  - server: confluent
    type: kafka
    host: broker:9092
    format: ${format}
schema:
  - id: accounts
    name: accounts
    physicalName: acme.accounts
    properties:
      - { id: account_id, name: account_id, physicalType: BIGINT, primaryKey: true, required: true }
      - { id: ssn, name: ${renamed ? 'national_id' : 'ssn'}, logicalType: string }
      - { id: balance, name: balance, logicalType: number, physicalType: 'DECIMAL(12, 2)' }
      - { id: opened_at, name: opened_at, logicalType: timestamp, required: true }
      - { id: opened_on, name: opened_on, logicalType: date }
      - id: address
        name: address
        logicalType: object
        properties:
          - { id: street, name: street, logicalType: string }
          - { id: city, name: ${renamed ? 'town' : 'city'}, logicalType: string }
team:
  name: Accounts
`;
}

/** The renames between two contract texts, as the publish gate hands them to the registries. */
export function renamesBetween(oldText: string, newText: string): PublishRequest['renames'] {
  return renamesOf(diffContracts(contractSide(oldText)!, contractSide(newText)!));
}

export function request(id: string, version: string, note?: string, extra: Partial<PublishRequest> = {}): PublishRequest {
  const text = extra.text ?? contractText(id, version, note);
  const value = (parseYaml(text).value ?? {}) as Record<string, unknown>;
  return { contractId: id, version, text, value, renames: [], previousVersion: null, ...extra };
}

const running = new Set<ChildProcess>();

/** Runs `test/registry/<script>` in its own Node process, TypeScript loaded through tsx. */
export function spawnScript(script: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, script), ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Kills whatever child a failed test left running (each by its own handle, never by name). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Resolves with the first stdout line that `matches`, or rejects when the process ends first or time runs out. */
export function waitForLine(child: ChildProcess, matches: (line: string) => boolean, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const done = (fn: () => void) => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onErr);
      child.off('exit', onExit);
      fn();
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (matches(line)) return done(() => resolve(line));
      }
    };
    const onErr = (chunk: Buffer) => (stderr += chunk.toString('utf8'));
    const onExit = (code: number | null) => done(() => reject(new Error(`process ended (${code}) before the expected line; stderr: ${stderr}`)));
    const timer = setTimeout(() => done(() => reject(new Error(`no expected line within ${timeoutMs} ms; stderr: ${stderr}`))), timeoutMs);
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onErr);
    child.on('exit', onExit);
  });
}

/** Resolves when the process has ended (bounded). */
export function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the process did not end in time')), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
