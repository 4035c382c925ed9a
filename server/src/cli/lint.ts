// `streamcontract lint`: checks contract files with the editor's engine and prints text, JSON or SARIF.
import { analyze } from '../engine/analyze';
import { isContractFile } from '../engine/contractFiles';
import { displayPath, expandPaths, readText, UsageError } from '../io/files';
import { FileResult, renderJson, renderSarif, renderText, summary } from './report';

export type LintFormat = 'text' | 'json' | 'sarif';

/** Reads and analyses the contracts among `paths` (files, folders, globs); non-contracts named explicitly are skipped with a note. */
export async function lintFiles(paths: readonly string[], cwd: string, stderr: (line: string) => void): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const { file, explicit } of await expandPaths(paths, cwd)) {
    const text = await readText(file);
    if (!isContractFile(file, text)) {
      if (explicit) stderr(`skipped ${displayPath(file, cwd)}: not a data contract (name it *.odcs.yaml or declare kind: DataContract)`);
      continue;
    }
    results.push({ path: displayPath(file, cwd), file, text, problems: analyze(text, { fileName: file, knownContract: true }).problems });
  }
  if (results.length === 0) throw new UsageError(`no data contracts found in ${paths.length ? paths.join(' ') : 'the current folder'}`);
  return results;
}

export function renderLint(results: readonly FileResult[], format: LintFormat, toolVersion: string): string {
  return format === 'json' ? renderJson(results) : format === 'sarif' ? renderSarif(results, toolVersion) : renderText(results);
}

export async function lintCommand(paths: readonly string[], format: LintFormat, toolVersion: string, out: (text: string) => void, err: (line: string) => void): Promise<number> {
  const results = await lintFiles(paths, process.cwd(), err);
  out(renderLint(results, format, toolVersion));
  return summary(results).errors > 0 ? 1 : 0;
}
