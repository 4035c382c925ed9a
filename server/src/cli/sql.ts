// `streamcontract sql CONTRACT`: prints (or writes) the Flink SQL job generated from a contract and its source tables.
import './validators';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { generateJob } from '../engine/flink';
import { LineIndex } from '../engine/lineIndex';
import { isRecord } from '../engine/locate';
import { analyze } from '../engine/analyze';
import { buildCatalog } from '../engine/sources/catalog';
import { displayPath, readText, UsageError } from '../io/files';
import { loadSourceFiles } from '../io/sourceCatalog';
import { oneLine } from './oneLine';

export interface SqlOptions {
  sources?: string[];
  stream?: string;
  out?: string;
  /** The registry folder: never searched for source tables. */
  registry: string;
}

export async function sqlCommand(file: string | undefined, options: SqlOptions, out: (text: string) => void, printLine: (line: string) => void): Promise<number> {
  const problemLine = (line: string) => printLine(oneLine(line));
  if (!file) throw new UsageError('sql needs the contract file to generate the job for');
  const cwd = process.cwd();
  const contractFile = path.resolve(cwd, file);
  const contractDir = path.dirname(contractFile);
  const text = await readText(contractFile);
  const shown = displayPath(contractFile, cwd);
  const index = new LineIndex(text);
  const at = (offset: number) => {
    const p = index.positionAt(offset);
    return `${p.line + 1}:${p.character + 1}`;
  };

  const analysis = analyze(text, { fileName: contractFile, knownContract: true });
  const parsed = analysis.parsed;
  if (!parsed?.analysable || !isRecord(parsed.value)) {
    const errors = analysis.problems.filter((p) => p.severity === 'error');
    for (const p of errors.length ? errors : analysis.problems) problemLine(`${shown}:${at(p.span.start)}: ${p.severity} ${p.code} ${p.message}`);
    return 1;
  }

  // registered versions are copies of contracts, never sources; node_modules and .git are always left out
  const exclude = [...new Set(['**/contract-registry/**', `**/${path.basename(path.resolve(cwd, options.registry))}/**`])];
  const note = (line: string) => problemLine(`streamcontract: ${line}`);
  // source files are named relative to the contract, so the job's comments do not depend on where it is generated
  const names = new Map<string, string>();
  const generate = async (roots: string[], include: string[]) => {
    const files = (await loadSourceFiles(roots, { include, exclude, onNote: note })).map((f) => {
      const absolute = path.resolve(cwd, f.path);
      const name = path.relative(contractDir, absolute).split(path.sep).join('/');
      names.set(name, displayPath(absolute, cwd));
      return { ...f, path: name };
    });
    const catalog = buildCatalog(files);
    // the contract parsed (checked above): there is always a job
    return { files, catalog, job: generateJob(parsed, catalog, { stream: options.stream })! };
  };
  // the nearest sources first: the contract's folder, and the current folder only when tables are missing there
  let { files, catalog, job } = options.sources?.length ? await generate([cwd], options.sources) : await generate([contractDir], ['**/*.sql']);
  if (options.sources?.length && files.length === 0) throw new UsageError(`no files match --sources ${options.sources.join(' ')}`);
  const missing = (j: typeof job) => j.tables.length === 0 || j.problems.some((p) => p.code === 'flink-unknown-table');
  if (!options.sources?.length && path.resolve(cwd) !== contractDir && missing(job)) ({ files, catalog, job } = await generate([contractDir, cwd], ['**/*.sql']));

  if (files.length === 0) note(`no .sql files under ${displayPath(contractDir, cwd) || '.'} or the current folder: no source tables are known`);
  // syntax errors in the files of the tables the job reads explain missing columns: show them
  const used = new Set(job.tables.map((t) => t.file));
  for (const p of catalog.problems) {
    if (!used.has(p.file) || p.severity !== 'error') continue;
    const source = files.find((f) => f.path === p.file);
    const position = source ? new LineIndex(source.text).positionAt(p.span.start) : { line: 0, character: 0 };
    problemLine(`${names.get(p.file) ?? p.file}:${position.line + 1}:${position.character + 1}: ${p.severity} ${p.code} ${p.message}`);
  }
  for (const p of job.problems) problemLine(`${shown}:${at(p.span.start)}: ${p.severity} ${p.code} ${p.message}`);
  // a job with errors is not printed; a withheld one never, whatever its problems say
  if (job.withheld || job.problems.some((p) => p.severity === 'error')) return 1;
  if (options.out) {
    try {
      await writeFile(path.resolve(cwd, options.out), job.sql);
    } catch (err) {
      throw new UsageError(`cannot write ${options.out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  } else {
    out(job.sql);
  }
  return 0;
}
