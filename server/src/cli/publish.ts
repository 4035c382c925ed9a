// `streamcontract publish FILE`: registers a new contract version, refusing whatever `check` calls an error.
import * as path from 'node:path';
import { Mode, RegistryKind } from '../engine/diff';
import { isRecord } from '../engine/locate';
import { publishVerdict } from '../engine/publishGate';
import { readText, UsageError } from '../io/files';
import { ConfluentRegistry, credentialsFromEnv } from '../shared/registry/confluent';
import { FolderRegistry } from '../shared/registry/folder';
import { publishInOrder } from '../shared/registry/publishInOrder';
import { Registry } from '../shared/registry/types';
import { oneLine } from './oneLine';
import { checkContractFile, workspaceCatalog, workspaceRoots } from './workspaceCheck';

export interface PublishOptions {
  registry?: string;
  registryUrl?: string;
  /** How breaking changes are judged: `confluent` as the Schema Registry will (the CLI defaults to it with `--registry-url`). */
  registryKind: RegistryKind;
  sources?: string[];
  mode?: Mode;
}

export async function publishCommand(file: string | undefined, options: PublishOptions, out: (text: string) => void, err: (line: string) => void): Promise<number> {
  if (!file) throw new UsageError('publish needs the contract file to publish');
  const cwd = process.cwd();
  const absolute = path.resolve(cwd, file);
  const text = await readText(absolute);
  const roots = await workspaceRoots([], cwd, options.registry);
  const { catalog } = await workspaceCatalog(roots, { sources: options.sources, cwd, note: (line) => err(oneLine(line)) });
  const checked = await checkContractFile(absolute, text, catalog, roots, { withRegistry: true, mode: options.mode, registryKind: options.registryKind });
  const { analysis } = checked;
  if (!analysis.facts.id || !isRecord(analysis.parsed?.value)) {
    err(`refused: ${analysis.facts.id ? 'the contract could not be read' : 'the contract has no `id`'}`);
    return 1;
  }
  const verdict = publishVerdict(checked);
  if (!verdict.ok) {
    err(oneLine(`refused: ${verdict.refusal}${verdict.bumpTo ? ` (set version: ${verdict.bumpTo})` : ''}`));
    return 1;
  }
  const request = { contractId: analysis.facts.id, version: analysis.facts.version!, text, value: analysis.parsed!.value as Record<string, unknown>, renames: verdict.renames, previousVersion: verdict.previousVersion };
  const registries: Registry[] = [];
  // the mode for a contract that declares none decides the content model the Schema Registry checks, as it did the verdict
  if (options.registryUrl) registries.push(new ConfluentRegistry({ url: options.registryUrl, auth: credentialsFromEnv(process.env), defaultMode: options.mode }));
  registries.push(new FolderRegistry(roots[0].registryDir));
  // paths are shown relative to the working folder, as everywhere else in the CLI
  const shown = (line: string) => line.split(cwd + path.sep).join('');
  const withDetails = (line: string, details: string[]) => [line, ...details].map((l) => oneLine(shown(l))).join('\n  ');
  const { steps, outcome } = await publishInOrder(registries, request);
  for (const step of steps) {
    if (step.outcome.ok) out(`${withDetails(`published ${request.contractId} ${request.version} to ${step.outcome.location}`, step.outcome.details)}\n`);
    // a registry that held this very version already: the publish went on to the next one
    else if (step.outcome !== outcome) out(`${withDetails(`already registered: ${step.outcome.message}`, step.outcome.details)}\n`);
  }
  if (!outcome.ok) {
    // said once, here: a registry that could not be written is an I/O failure (exit 2), one that refused is exit 1
    err(withDetails(`${outcome.reason === 'error' ? 'failed' : 'refused'}: ${outcome.message}`, outcome.details));
    return outcome.reason === 'error' ? 2 : 1;
  }
  return 0;
}
