// Helpers for the registry tests: contract texts, publish requests, and child processes that are always reaped.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
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
