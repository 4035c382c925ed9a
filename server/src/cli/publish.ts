// `streamcontract publish FILE`: registers a new contract version, refusing what the editor's Publish refuses.
import * as path from 'node:path';
import { analyze } from '../engine/analyze';
import { Mode } from '../engine/diff';
import { publishVerdict } from '../engine/evolution';
import { isRecord } from '../engine/locate';
import { ConfluentRegistry, credentialsFromEnv } from '../io/registry/confluent';
import { FolderRegistry } from '../io/registry/folder';
import { Registry } from '../io/registry/types';
import { readText, UsageError } from '../io/files';
import { judge } from './evolve';

export async function publishCommand(file: string | undefined, registryDir: string, registryUrl: string | undefined, mode: Mode | undefined, out: (text: string) => void, err: (line: string) => void): Promise<number> {
  if (!file) throw new UsageError('publish needs the contract file to publish');
  const text = await readText(file);
  const analysis = analyze(text, { fileName: file, knownContract: true });
  const judged = await judge(path.resolve(file), analysis, registryDir, mode);
  if (!judged || !isRecord(analysis.parsed?.value)) {
    err(`refused: ${analysis.facts.id ? 'the contract could not be read' : 'the contract has no `id`'}`);
    return 1;
  }
  const verdict = publishVerdict(analysis, judged.evolution);
  if (!verdict.ok) {
    err(`refused: ${verdict.refusal}${verdict.bumpTo ? ` (set version: ${verdict.bumpTo})` : ''}`);
    return 1;
  }
  const request = { contractId: analysis.facts.id!, version: analysis.facts.version!, text, value: analysis.parsed!.value as Record<string, unknown>, renames: verdict.renames, previousVersion: verdict.previousVersion };
  const registries: Registry[] = [];
  if (registryUrl) registries.push(new ConfluentRegistry({ url: registryUrl, auth: credentialsFromEnv(process.env) }));
  registries.push(new FolderRegistry(path.resolve(registryDir)));
  // paths are shown relative to the working folder, as everywhere else in the CLI
  const shown = (line: string) => line.split(process.cwd() + path.sep).join('');
  for (const registry of registries) {
    const outcome = await registry.publish(request);
    if (!outcome.ok) {
      err(shown(`${outcome.reason === 'error' ? 'failed' : 'refused'}: ${outcome.message}${outcome.details.length ? `\n  ${outcome.details.join('\n  ')}` : ''}`));
      if (outcome.reason === 'error') throw new UsageError(outcome.message);
      return 1;
    }
    out(shown(`published ${request.contractId} ${request.version} to ${outcome.location}${outcome.details.length ? `\n  ${outcome.details.join('\n  ')}` : ''}\n`));
  }
  return 0;
}
