// The command-line entry: the same engine as the editor, for CI. Parses arguments and loads only the command it runs.
import { parseArgs } from 'node:util';
import type { LintFormat } from './cli/lint';
import { Mode, MODES, REGISTRY_KINDS, RegistryKind } from './engine/diff/types';
import { oneLine } from './cli/oneLine';
import { UsageError } from './io/usageError';
import { version as packageVersion } from '../../package.json';

const HELP = `streamcontract ${packageVersion}: data contracts for streaming data products

Usage:
  streamcontract lint [paths or globs...] [--sources GLOB ...] [--max-file-size KB] [--format text|json|sarif|github]
      Every problem the editor shows that needs no registry: ODCS contracts (*.odcs.yaml, *.odcs.yml,
      and YAML files with kind: DataContract) with their links to source columns and their generated
      Flink job, and the .sql files among the paths (DDL, credentials, migrations breaking a contract).
      Folders are searched for contracts and .sql files; the default is the current folder.
  streamcontract check [paths...] [--registry DIR] [--registry-kind K] [--sources GLOB ...] [--mode M] [--max-file-size KB] [--format ...]
      lint, plus breaking changes and version checks against the registered versions (breaking changes
      are errors). A registry that cannot be read, or whose entries of a contract are all unusable, is an
      I/O failure (exit 2). Every file is analysed whole; --max-file-size refuses larger ones as errors.
  streamcontract diff OLD NEW [--mode M] [--registry-kind K] [--format text|json|sarif|github]
      The changes from OLD to NEW, each with the directions it breaks.
      Exit 0 compatible under the mode, 1 breaking.
  streamcontract publish FILE [--registry DIR] [--registry-url URL] [--sources GLOB ...] [--mode M]
      Registers FILE's version in the registry folder (and in a Schema Registry with --registry-url;
      credentials from STREAMCONTRACT_REGISTRY_USER/PASSWORD or STREAMCONTRACT_REGISTRY_TOKEN).
      Refuses whatever check reports as an error. Exit 0 published, 1 refused (the reason on stderr).
  streamcontract sql CONTRACT [--sources GLOB ...] [--stream NAME] [--out FILE]
      The Flink SQL job that produces the contract's streams, from the source tables declared in .sql files
      (default: **/*.sql under the contract's folder, then the current folder). Prints it, or writes FILE.
      Exit 0 generated (warnings on stderr), 1 not generated (the problems on stderr).
  streamcontract --help | --version

Modes: ${MODES.join(', ')}; the default is the contract's own compatibility property, else FORWARD.
Registry kinds (--registry-kind): folder (the default; ODCS semantics) or confluent (a Schema Registry,
which judges added and removed properties by the content model of the JSON Schema it registers: under
FULL it refuses both, under FORWARD and BACKWARD a removed one). --registry-url means confluent.
The workspace is the current folder (a folder given outside it is a workspace of its own): source
tables come from its .sql files (or --sources), minus node_modules, .git and the registry folder,
which defaults to contract-registry in the workspace and is never searched for contracts.
Formats (--format, for lint, check and diff): text (the default), json (stable, version 1), sarif (SARIF 2.1.0
for code scanning), github (GitHub Actions workflow commands: an annotation per problem, then the summary line).
Exit codes: 0 success, 1 errors / breaking / refused, 2 usage or I/O failure.
`;

const FORMATS: readonly LintFormat[] = ['text', 'json', 'sarif', 'github'];

const out = (text: string) => process.stdout.write(text);
const err = (line: string) => process.stderr.write(`streamcontract: ${line}\n`);

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      mode: { type: 'string', short: 'm' },
      registry: { type: 'string', short: 'r' },
      'registry-url': { type: 'string' },
      'registry-kind': { type: 'string' },
      sources: { type: 'string', multiple: true },
      'max-file-size': { type: 'string' },
      stream: { type: 'string' },
      out: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.version) {
    out(`${packageVersion}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (values.help || !command) {
    out(HELP);
    return values.help ? 0 : 2;
  }
  const format = values.format as LintFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const mode = values.mode === undefined ? undefined : (values.mode.toUpperCase() as Mode);
  const maxFileSize = values['max-file-size'];
  const maxFileSizeKB = maxFileSize === undefined ? undefined : Number(maxFileSize);
  if (maxFileSizeKB !== undefined && !(Number.isInteger(maxFileSizeKB) && maxFileSizeKB > 0)) throw new UsageError('--max-file-size must be a whole number of KiB');
  if (mode !== undefined && !MODES.includes(mode)) throw new UsageError(`--mode must be one of ${MODES.join(', ')}`);
  const registryKind = registryKindOf(values['registry-kind'], values['registry-url']);
  switch (command) {
    case 'lint':
    case 'check':
      return (await import('./cli/lint')).lintCommand({ paths, format, withRegistry: command === 'check', registry: values.registry, registryKind, sources: values.sources, mode, maxFileSizeKB }, packageVersion, out, (line) => err(oneLine(line)));
    case 'diff':
      if (paths.length !== 2) throw new UsageError('diff needs two files: OLD NEW');
      return (await import('./cli/diff')).diffCommand(paths[0], paths[1], { mode, registryKind }, format, packageVersion, out);
    case 'publish':
      if (paths.length > 1) throw new UsageError('publish takes one contract file');
      return (await import('./cli/publish')).publishCommand(paths[0], { registry: values.registry, registryUrl: values['registry-url'], registryKind, sources: values.sources, mode }, out, err);
    case 'sql': {
      // a shell-expanded `--sources dir/*.sql` leaves its other files as arguments: they are sources too
      const contracts = values.sources ? paths.filter((p) => !p.endsWith('.sql')) : paths;
      if (contracts.length > 1) throw new UsageError('sql takes one contract file (source tables go after --sources)');
      const sources = values.sources && [...values.sources, ...paths.filter((p) => p.endsWith('.sql'))];
      return (await import('./cli/sql')).sqlCommand(contracts[0], { sources, stream: values.stream, out: values.out, registry: values.registry ?? 'contract-registry' }, out, (line) => process.stderr.write(`${line}\n`));
    }
    default:
      throw new UsageError(`unknown command \`${command}\` (try --help)`);
  }
}

/** `--registry-kind`, else `confluent` when a Schema Registry URL is given, else the folder registry. */
function registryKindOf(kind: string | undefined, url: string | undefined): RegistryKind {
  if (kind !== undefined && !(REGISTRY_KINDS as readonly string[]).includes(kind.toLowerCase())) throw new UsageError(`--registry-kind must be one of ${REGISTRY_KINDS.join(', ')}`);
  const chosen = kind?.toLowerCase() as RegistryKind | undefined;
  if (chosen === 'folder' && url) throw new UsageError('--registry-url names a Schema Registry: use it with --registry-kind confluent, or leave --registry-kind out');
  return chosen ?? (url ? 'confluent' : 'folder');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // usage and I/O failures are the user's to fix: one line, no stack trace
    err(oneLine(error instanceof Error ? error.message : String(error)));
    process.exitCode = 2;
  },
);
