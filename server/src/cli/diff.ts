// `streamcontract diff OLD NEW`: the changes between two contract versions and whether they break under a mode.
import { contractSide, diffContracts, isBreaking, judgedBy, Mode, modeOf, RegistryKind } from '../engine/diff';
import { LineIndex } from '../engine/lineIndex';
import { Severity, Span } from '../engine/types';
import { displayPath, readText, UsageError } from '../io/files';
import type { LintFormat } from './lint';
import { oneLine } from './oneLine';
import { FileResult, oneBased, Point, renderGithub, renderSarif } from './report';

export interface DiffOptions {
  /** `--mode`; default the new version's own compatibility property, else FORWARD. */
  mode?: Mode;
  /** `--registry-kind`: a `confluent` Schema Registry judges added and removed properties by its own rule. */
  registryKind: RegistryKind;
}

export async function diffCommand(oldPath: string, newPath: string, options: DiffOptions, format: LintFormat, toolVersion: string, out: (text: string) => void): Promise<number> {
  const cwd = process.cwd();
  const [oldText, newText] = await Promise.all([readText(oldPath), readText(newPath)]);
  const oldSide = contractSide(oldText);
  const newSide = contractSide(newText);
  if (!oldSide) throw new UsageError(`${oldPath} is not a contract (a YAML mapping); run \`streamcontract lint\` on it`);
  if (!newSide) throw new UsageError(`${newPath} is not a contract (a YAML mapping); run \`streamcontract lint\` on it`);
  const mode = options.mode ?? modeOf(newSide.value);
  const { registryKind } = options;
  const oldIndex = new LineIndex(oldText);
  const newIndex = new LineIndex(newText);
  const range = (index: LineIndex, span: Span | null): { start: Point; end: Point } | null => (span ? { start: oneBased(index, span.start), end: oneBased(index, span.end) } : null);
  const changes = diffContracts(oldSide, newSide)
    .map((c) => judgedBy(c, registryKind, mode))
    .map((c) => ({ change: c, breaking: isBreaking(c, mode) }));
  const breaking = changes.some((c) => c.breaking);

  if (format === 'json') {
    const report = {
      version: 1,
      mode,
      registryKind,
      breaking,
      changes: changes.map(({ change, breaking: b }) => ({
        rule: change.rule,
        breaks: change.breaks,
        breaking: b,
        message: change.message,
        path: change.path,
        range: range(newIndex, change.newSpan),
        oldRange: range(oldIndex, change.oldSpan),
      })),
    };
    out(JSON.stringify(report, null, 2) + '\n');
    return breaking ? 1 : 0;
  }
  const count = changes.filter((c) => c.breaking).length;
  const summaryLine = `${changes.length} change(s), ${count} breaking under ${mode}${registryKind === 'confluent' ? ' (with the Schema Registry\'s rules)' : ''}.`;
  if (format === 'sarif' || format === 'github') {
    // a change the mode allows is a note; one without a place in the new version (a removal) sits at its start
    const problems = changes.map(({ change, breaking: b }) => ({
      code: change.rule,
      severity: (b ? 'error' : 'info') as Severity,
      message: change.message,
      span: change.newSpan ?? { start: 0, end: 0 },
    }));
    const results: FileResult[] = [{ path: displayPath(newPath, cwd), text: newText, problems }];
    out(format === 'sarif' ? renderSarif(results, toolVersion) : renderGithub(results, summaryLine));
  } else {
    const lines = changes.map(({ change, breaking: b }) => {
      const at = change.newSpan ? oneBased(newIndex, change.newSpan.start) : { line: 1, column: 1 };
      const directions = change.breaks.length ? ` [breaks ${change.breaks.join(', ')}]` : '';
      return `${oneLine(displayPath(newPath, cwd))}:${at.line}:${at.column}: ${b ? 'breaking' : change.category === 'compatibility' ? 'compatible' : change.category} ${change.rule}${directions} ${oneLine(change.message)}`;
    });
    lines.push(summaryLine);
    out(lines.join('\n') + '\n');
  }
  return breaking ? 1 : 0;
}
