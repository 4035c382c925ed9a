// Renders lint results as text lines, the stable JSON report, SARIF 2.1.0 for code scanning, or GitHub Actions annotations.
import { docsLink, problemCode } from '../engine/ruleCatalog';
import { LineIndex } from '../engine/lineIndex';
import { Problem, Severity } from '../engine/types';
import { oneLine } from './oneLine';

export interface FileResult {
  /** As shown in reports (relative to the working folder). */
  path: string;
  /** Absolute path on disk. */
  file?: string;
  text: string;
  /** A contract, or a .sql source file (DDL and migrations). */
  kind?: 'contract' | 'source';
  problems: Problem[];
}

export interface Point {
  line: number;
  column: number;
}

/** 1-based line and column, as editors and CI annotations show them. */
export function oneBased(index: LineIndex, offset: number): Point {
  const p = index.positionAt(offset);
  return { line: p.line + 1, column: p.character + 1 };
}

function located(result: FileResult) {
  const index = new LineIndex(result.text);
  return result.problems.map((p) => ({ problem: p, start: oneBased(index, p.span.start), end: oneBased(index, p.span.end) }));
}

export function summary(results: readonly FileResult[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const r of results) for (const p of r.problems) p.severity === 'error' ? errors++ : p.severity === 'warning' && warnings++;
  return { errors, warnings };
}

/** The last line of the text and GitHub reports: what was checked and how many errors and warnings it has. */
function summaryLine(results: readonly FileResult[]): string {
  const { errors, warnings } = summary(results);
  const sources = results.filter((r) => r.kind === 'source').length;
  const checked = `${results.length - sources} contract(s)${sources ? ` and ${sources} source file(s)` : ''}`;
  return `${checked} checked: ${errors} error(s), ${warnings} warning(s).`;
}

export function renderText(results: readonly FileResult[]): string {
  const lines: string[] = [];
  for (const r of results) for (const { problem, start } of located(r)) lines.push(`${oneLine(r.path)}:${start.line}:${start.column}: ${problem.severity} ${problem.code} ${oneLine(problem.message)}`);
  lines.push(summaryLine(results));
  return lines.join('\n') + '\n';
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/**
 * A workflow command's message, escaped as GitHub's own toolkit does: a line break in contract text would
 * otherwise end the command and let the rest of the line run as a command of its own (`::set-output`, ...).
 */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as its message, and `:` and `,` too, which end a value. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command per problem (`::error file=...,line=...::message`, shown as annotations), then the summary line. */
export function renderGithub(results: readonly FileResult[], summaryText = summaryLine(results)): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const { problem, start, end } of located(r)) {
      const properties = { file: r.path, line: start.line, col: start.column, endLine: end.line, endColumn: end.column, title: problem.code };
      const shown = Object.entries(properties).map(([key, value]) => `${key}=${escapeGithubProperty(String(value))}`);
      lines.push(`::${GITHUB_COMMAND[problem.severity]} ${shown.join(',')}::${escapeGithubData(problem.message)}`);
    }
  }
  lines.push(summaryText);
  return lines.join('\n') + '\n';
}

export function renderJson(results: readonly FileResult[]): string {
  const report = {
    version: 1,
    files: results.map((r) => ({
      path: r.path,
      problems: located(r).map(({ problem, start, end }) => ({ code: problem.code, severity: problem.severity, message: problem.message, range: { start, end } })),
    })),
    summary: summary(results),
  };
  return JSON.stringify(report, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** The SARIF rule of a code: its summary, docs link (relative to the repository root) and default level. */
function sarifRule(id: string) {
  const entry = problemCode(id);
  if (!entry) return { id, shortDescription: { text: id } };
  return { id, shortDescription: { text: entry.summary }, helpUri: docsLink(id), defaultConfiguration: { level: SARIF_LEVEL[entry.severity] } };
}

export function renderSarif(results: readonly FileResult[], toolVersion: string): string {
  const used = [...new Set(results.flatMap((r) => r.problems.map((p) => p.code)))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'streamcontract',
            version: toolVersion,
            rules: used.map(sarifRule),
          },
        },
        results: results.flatMap((r) =>
          located(r).map(({ problem, start, end }) => ({
            ruleId: problem.code,
            ruleIndex: used.indexOf(problem.code),
            level: SARIF_LEVEL[problem.severity],
            message: { text: problem.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: r.path },
                  region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
