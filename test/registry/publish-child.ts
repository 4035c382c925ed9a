// A separate process that publishes one version to a folder registry, for the tests of concurrent and interrupted publishes.
// Arguments: <root> <contract id> <version> <note> [--pause-after-temp] [--pause-holding-lock] [--record-landing <file>].
// Prints `ready`, waits for `go` on stdin, publishes, prints the outcome as JSON.
import { appendFileSync } from 'node:fs';
import { FolderRegistry } from '../../server/src/shared/registry/folder';
import { request } from './support';

const [root, contractId, version, note, ...flags] = process.argv.slice(2);
const landingLog = flags.includes('--record-landing') ? flags[flags.indexOf('--record-landing') + 1] : undefined;

/** Stops here for good: the parent kills this process. */
const pause = (line: string) => {
  process.stdout.write(`${line}\n`);
  return new Promise<void>(() => setInterval(() => undefined, 1000));
};

const registry = new FolderRegistry(root, {
  // stop between writing the temporary file and naming it
  afterTempWritten: flags.includes('--pause-after-temp') ? (tempFile) => pause(`temp ${tempFile}`) : undefined,
  afterPlaced: async (finalFile) => {
    // the hook runs under the contract's lock, so the lines of the log are in the order the versions landed
    if (landingLog) appendFileSync(landingLog, `${version}\n`);
    if (flags.includes('--pause-holding-lock')) await pause(`placed ${finalFile}`);
  },
});

process.stdin.setEncoding('utf8');
let input = '';
process.stdin.on('data', (chunk: string) => {
  input += chunk;
  if (!input.includes('go\n')) return;
  process.stdin.pause();
  void registry.publish(request(contractId, version, note)).then((outcome) => {
    process.stdout.write(`${JSON.stringify({ note, version, outcome })}\n`);
    process.exit(0);
  });
});
process.stdout.write('ready\n');
// the parent's time limit is the real bound; this one keeps a forgotten child from living on
setTimeout(() => process.exit(3), 60_000).unref();
