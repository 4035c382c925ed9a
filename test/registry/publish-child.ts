// A separate process that publishes one version to a folder registry, for the tests of concurrent and interrupted publishes.
// Arguments: <root> <contract id> <version> <note> [--pause-after-temp]. Prints `ready`, waits for `go` on stdin, publishes, prints the outcome as JSON.
import { FolderRegistry } from '../../server/src/shared/registry/folder';
import { request } from './support';

const [root, contractId, version, note, ...flags] = process.argv.slice(2);

const registry = new FolderRegistry(root, {
  afterTempWritten: flags.includes('--pause-after-temp')
    ? async (tempFile) => {
        // stop between writing the temporary file and naming it: the parent kills this process here
        process.stdout.write(`temp ${tempFile}\n`);
        await new Promise(() => setInterval(() => undefined, 1000));
      }
    : undefined,
});

process.stdin.setEncoding('utf8');
let input = '';
process.stdin.on('data', (chunk: string) => {
  input += chunk;
  if (!input.includes('go\n')) return;
  process.stdin.pause();
  void registry.publish(request(contractId, version, note)).then((outcome) => {
    process.stdout.write(`${JSON.stringify({ note, outcome })}\n`);
    process.exit(0);
  });
});
process.stdout.write('ready\n');
// the parent's time limit is the real bound; this one keeps a forgotten child from living on
setTimeout(() => process.exit(3), 60_000).unref();
