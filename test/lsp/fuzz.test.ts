// Seeded mutants of every fixture through the bundled server over stdio: no crash, every request answered, no
// internal error. `npm run fuzz` runs a longer campaign (FUZZ_MUTANTS, FUZZ_SEED) before a release.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CodeActionRequest, CodeLensRequest, CompletionRequest, DefinitionRequest, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DocumentLinkRequest,
  DocumentSymbolRequest, HoverRequest, Position,
} from 'vscode-languageserver-protocol/node';
import { GENERATED_SQL_REQUEST } from '../../server/src/shared/protocol';
import { FIXTURES, REPO_ROOT } from '../support/fixtures';
import { TestClient } from '../support/lspClient';

const MUTANTS = Number(process.env.FUZZ_MUTANTS ?? 1200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
/** Documents in flight at once: enough to keep the server busy, few enough to find which one broke it. */
const BATCH = 12;

const client = new TestClient();
let workspace: string;

before(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'streamcontract-fuzz-'));
  // a catalog and a registry, so that lineage, the job and evolution run on every mutant too
  cpSync(path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
  await client.start([{ uri: pathToFileURL(workspace).toString(), name: 'fuzz' }]);
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

/** mulberry32: small, fast and the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpus(): { name: string; text: string; languageId: string }[] {
  const out: { name: string; text: string; languageId: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(ya?ml|sql)$/.test(entry) && statSync(file).size < 200_000) {
        out.push({ name: path.relative(FIXTURES, file), text: readFileSync(file, 'latin1').includes('\u0000') ? '' : readFileSync(file, 'utf8'), languageId: entry.endsWith('.sql') ? 'sql' : 'odcs' });
      }
    }
  };
  walk(FIXTURES);
  return out.filter((f) => f.text);
}

const HOSTILE = ['\n', '\r', '\r\n', '\t', ' ', '  ', ':', '- ', '#', "'", '"', '`', '{', '}', '[', ']', '&a ', '*a', '!!str ', '|', '>', '?', ',', ';', '--', '/*', '*/', '\u0000', '\u2028', '\u2029', '\u0085', '\ufeff', '\u202e', 'é', '𝔸', 'null', '~', '1e999', '-0', 'DROP TABLE t;', '${X}', '%', '@'];

function mutate(text: string, rnd: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const kind = rnd();
    if (kind < 0.4) {
      out = out.slice(0, at) + HOSTILE[Math.floor(rnd() * HOSTILE.length)] + out.slice(at);
    } else if (kind < 0.65) {
      out = out.slice(0, at) + out.slice(Math.min(out.length, at + 1 + Math.floor(rnd() * 40)));
    } else if (kind < 0.8) {
      const lines = out.split('\n');
      const l = Math.floor(rnd() * lines.length);
      lines.splice(Math.floor(rnd() * lines.length), 0, lines[l]);
      out = lines.join('\n');
    } else if (kind < 0.9) {
      const lines = out.split('\n');
      const l = Math.floor(rnd() * lines.length);
      lines[l] = (rnd() < 0.5 ? '  ' : '') + lines[l].replace(/^ {1,2}/, rnd() < 0.5 ? '' : '    ');
      out = lines.join('\n');
    } else {
      out = out.slice(0, at);
    }
  }
  return out;
}

function positionIn(text: string, rnd: () => number): Position {
  const lines = text.split(/\r\n|\r|\n/);
  const line = Math.floor(rnd() * lines.length);
  return { line, character: Math.floor(rnd() * (lines[line].length + 1)) };
}

test(`${MUTANTS} seeded mutants (seed ${SEED}): every request is answered and nothing fails inside the server`, { timeout: 30 * 60 * 1000 }, async () => {
  const files = corpus();
  assert.ok(files.length > 100, `only ${files.length} fixture files found`);
  const rnd = random(SEED);
  const failures: string[] = [];
  for (let start = 0; start < MUTANTS; start += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, MUTANTS - start) }, async (_, k) => {
        const n = start + k;
        const source = files[Math.floor(rnd() * files.length)];
        const text = mutate(source.text, rnd);
        const ext = source.languageId === 'sql' ? 'sql' : 'odcs.yaml';
        const uri = pathToFileURL(path.join(workspace, 'mutants', `m${n}.${ext}`)).toString();
        const edited = mutate(text, rnd);
        const steps: [string, () => Promise<unknown>][] = [
          ['open', () => client.open(uri, text, source.languageId)],
          ['hover', () => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionIn(text, rnd) })],
          ['completion', () => client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positionIn(text, rnd) })],
          ['symbols', () => client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })],
          ['edit', () => client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] })],
          ['definition', () => client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: positionIn(edited, rnd) })],
          ['code actions', () => client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: positionIn(edited, rnd), end: positionIn(edited, rnd) }, context: { diagnostics: [] } })],
          ['lenses', () => client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })],
          ['links', () => client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } })],
          ['generated SQL', () => client.connection.sendRequest(GENERATED_SQL_REQUEST, { uri })],
          ['close', () => client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } })],
        ];
        for (const [what, step] of steps) {
          let timer: NodeJS.Timeout | undefined;
          try {
            // an answer that never comes is a failure too (a hung or crashed server)
            await Promise.race([step(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no answer within 30 s')), 30000)))]);
          } catch (err) {
            failures.push(`mutant ${n} of ${source.name}: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
          } finally {
            clearTimeout(timer);
          }
        }
      }),
    );
    assert.deepEqual(failures, [], 'requests failed');
  }
  const internal = [...client.diagnostics.entries()].flatMap(([uri, list]) => list.flatMap((p) => p.diagnostics.filter((d) => d.code === 'internal-error').map((d) => `${uri}: ${d.message}`)));
  assert.deepEqual(internal, [], 'the server reported internal errors');
  assert.deepEqual(client.loggedErrors, [], 'handlers or analyses failed inside the server');
  assert.ok(client.alive(), 'the server process exited');
});
