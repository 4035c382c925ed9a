// `streamcontract lint` and `check`: the workspace's contracts and .sql files, reported as text, JSON, SARIF or GitHub Actions annotations.
import { Mode, RegistryKind } from '../engine/diff';
import { checkWorkspace } from './workspaceCheck';
import { renderGithub, renderJson, renderSarif, renderText, summary } from './report';

export type LintFormat = 'text' | 'json' | 'sarif' | 'github';

export interface LintOptions {
  paths: readonly string[];
  format: LintFormat;
  /** `check`: also compare each contract with its registered versions (breaking changes are errors). */
  withRegistry: boolean;
  registry?: string;
  /** Where versions are registered: a `confluent` Schema Registry judges added and removed properties by its own rule. */
  registryKind?: RegistryKind;
  sources?: string[];
  mode?: Mode;
  maxFileSizeKB?: number;
}

export async function lintCommand(options: LintOptions, toolVersion: string, out: (text: string) => void, err: (line: string) => void): Promise<number> {
  const results = await checkWorkspace({ ...options, cwd: process.cwd(), note: err });
  const { format } = options;
  const render = { text: renderText, json: renderJson, sarif: (r: typeof results) => renderSarif(r, toolVersion), github: renderGithub }[format];
  out(render(results));
  return summary(results).errors > 0 ? 1 : 0;
}
