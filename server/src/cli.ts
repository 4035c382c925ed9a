// The command-line entry: `streamcontract lint` runs the same engine as the editor, for CI.
import { parseArgs } from 'node:util';
import { renderJson, renderSarif, renderText, FileResult, summary } from './cli/report';
import { analyze } from './engine/analyze';
import { isContractFile } from './engine/contractFiles';
import { displayPath, expandPaths, readText, UsageError } from './io/files';
import { version as packageVersion } from '../../package.json';

const HELP = `streamcontract ${packageVersion}: data contracts for streaming data products

Usage:
  streamcontract lint [paths or globs...] [--format text|json|sarif]
      Checks ODCS contracts (*.odcs.yaml, *.odcs.yml, and YAML files with kind: DataContract).
      Folders are searched for YAML files; the default is the current folder.
  streamcontract --help | --version

Exit codes: 0 no errors, 1 errors found, 2 usage or I/O failure.
`;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.version) {
    process.stdout.write(`${packageVersion}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  if (command !== 'lint') throw new UsageError(`unknown command \`${command}\` (try --help)`);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  return lint(paths, format);
}

async function lint(paths: string[], format: Format): Promise<number> {
  const cwd = process.cwd();
  const results: FileResult[] = [];
  for (const { file, explicit } of await expandPaths(paths, cwd)) {
    const text = await readText(file);
    if (!isContractFile(file, text)) {
      if (explicit) process.stderr.write(`streamcontract: skipped ${displayPath(file, cwd)}: not a data contract (name it *.odcs.yaml or declare kind: DataContract)\n`);
      continue;
    }
    const analysis = analyze(text, { fileName: file, knownContract: true });
    results.push({ path: displayPath(file, cwd), text, problems: analysis.problems });
  }
  if (results.length === 0) throw new UsageError(`no data contracts found in ${paths.length ? paths.join(' ') : 'the current folder'}`);
  const out = format === 'json' ? renderJson(results) : format === 'sarif' ? renderSarif(results, packageVersion) : renderText(results);
  process.stdout.write(out);
  return summary(results).errors > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // usage and I/O failures are the user's to fix: one line, no stack trace
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`streamcontract: ${message}\n`);
    process.exitCode = 2;
  },
);
