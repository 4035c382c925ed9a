// Loads a contract's registered versions from a registry folder and judges the contract against them (CLI side).
import * as path from 'node:path';
import { Analysis } from '../engine/analyze';
import { Mode } from '../engine/diff';
import { analyzeEvolution, Evolution } from '../engine/evolution';
import { Problem } from '../engine/types';
import { FolderRegistry } from '../io/registry/folder';
import { RegistryListing } from '../io/registry/types';

export interface Judged {
  evolution: Evolution;
  listing: RegistryListing;
  /** The evolution problems (CI treats breaking changes as errors) plus unusable registry entries. */
  problems: Problem[];
}

export async function judge(file: string, analysis: Analysis, registryDir: string, mode?: Mode): Promise<Judged | undefined> {
  const id = analysis.facts.id;
  if (!id || !analysis.parsed?.analysable) return undefined;
  const dir = path.resolve(registryDir);
  // a registered version is not judged against its siblings
  if (path.resolve(file).startsWith(dir + path.sep)) return undefined;
  const listing = await new FolderRegistry(dir).list(id);
  const registered = listing.versions.map((v) => ({ version: v.version, text: v.text, location: v.location }));
  const evolution = analyzeEvolution(analysis, registered, { modeSetting: mode, breakingSeverity: 'error' });
  const problems = [...evolution.problems];
  for (const p of listing.problems) problems.push({ code: 'registry-entry-unusable', severity: 'warning', message: `A registry entry for this contract is not usable (${p.location}): ${p.message}`, span: { start: 0, end: 0 } });
  return { evolution, listing, problems };
}
