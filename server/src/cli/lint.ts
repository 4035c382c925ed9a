// `streamcontract lint` and `check`: the workspace's contracts and .sql files, reported as text, JSON or SARIF.
import { Mode, RegistryKind } from '../engine/diff';
import { checkWorkspace } from './workspaceCheck';
import { renderJson, renderSarif, renderText, summary } from './report';

export type LintFormat = 'text' | 'json' | 'sarif';

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
  out(format === 'json' ? renderJson(results) : format === 'sarif' ? renderSarif(results, toolVersion) : renderText(results));
  return summary(results).errors > 0 ? 1 : 0;
}
