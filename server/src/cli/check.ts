// `streamcontract check`: lint plus breaking changes against the registry folder, as the editor shows them.
import { Mode } from '../engine/diff';
import { mergeProblems } from '../engine/evolution';
import { judge } from './evolve';
import { LintFormat, lintFiles, renderLint } from './lint';
import { summary } from './report';
import { analyze } from '../engine/analyze';

export async function checkCommand(paths: readonly string[], registryDir: string, mode: Mode | undefined, format: LintFormat, toolVersion: string, out: (text: string) => void, err: (line: string) => void): Promise<number> {
  const results = await lintFiles(paths, process.cwd(), err);
  for (const result of results) {
    const analysis = analyze(result.text, { fileName: result.file, knownContract: true });
    const judged = await judge(result.file!, analysis, registryDir, mode);
    if (judged) result.problems = mergeProblems(result.problems, judged.problems);
  }
  out(renderLint(results, format, toolVersion));
  return summary(results).errors > 0 ? 1 : 0;
}
