// The folder registry: listing good and broken version files, atomic never-overwriting publishes, across processes and interruptions.
import { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { compare } from 'semver';
import { FolderRegistry } from '../../server/src/shared/registry/folder';
import { PublishOutcome } from '../../server/src/shared/registry/types';
import { caseName, expectJson, fixtureCases } from '../support/fixtures';
import { contractText, exited, killAll, request, spawnScript, waitForLine } from './support';

const scratch: string[] = [];
function tempRoot(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'streamcontract-registry-'));
  scratch.push(dir);
  return dir;
}
after(() => {
  killAll();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

const ID = 'customers-public';
const PROCESS_TIMEOUT = 30_000;

describe('listing', () => {
  for (const dir of fixtureCases('registry/folder-list', (d) => existsSync(path.join(d, 'registry')))) {
    test(`fixture ${caseName(dir, 'registry/folder-list')}`, async () => {
      const root = path.join(dir, 'registry');
      const listing = await new FolderRegistry(root).list(ID);
      const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
      expectJson(path.join(dir, 'expected.json'), {
        versions: listing.versions.map((v) => ({ version: v.version, location: rel(v.location), textMatches: v.text === readFileSync(v.location, 'utf8') })),
        problems: listing.problems.map((p) => ({ location: rel(p.location), message: p.message })),
      });
    });
  }

  test('a contract that was never published has no versions and no problems', async () => {
    assert.deepEqual(await new FolderRegistry(tempRoot()).list(ID), { versions: [], problems: [] });
    assert.deepEqual(await new FolderRegistry(path.join(tempRoot(), 'missing')).list(ID), { versions: [], problems: [] });
  });

  test('an unsafe contract id is a problem, never a path', async () => {
    const listing = await new FolderRegistry(tempRoot()).list('../etc');
    assert.equal(listing.versions.length, 0);
    assert.match(listing.problems[0].message, /path separator/);
  });
});

describe('publishing', () => {
  test('creates the contract folder and the version file with exactly the text', async () => {
    const root = tempRoot();
    const registry = new FolderRegistry(path.join(root, 'contract-registry'));
    const outcome = await registry.publish(request(ID, '1.0.0'));
    const file = path.join(root, 'contract-registry', ID, '1.0.0.odcs.yaml');
    assert.deepEqual(outcome, { ok: true, location: file, details: [] });
    assert.equal(readFileSync(file, 'utf8'), contractText(ID, '1.0.0'));
    assert.deepEqual(readdirSync(path.dirname(file)), ['1.0.0.odcs.yaml'], 'no temporary file is left');
    const listing = await registry.list(ID);
    assert.deepEqual(listing.versions.map((v) => [v.version, v.location]), [['1.0.0', file]]);
    assert.deepEqual(listing.problems, []);
  });

  test('a second publish of the same version is refused as `exists` and changes nothing', async () => {
    const registry = new FolderRegistry(tempRoot());
    assert.equal((await registry.publish(request(ID, '1.0.0', 'first'))).ok, true);
    const second = await registry.publish(request(ID, '1.0.0', 'second'));
    assert.equal(second.ok, false);
    assert.equal(!second.ok && second.reason, 'exists');
    assert.match(!second.ok ? second.message : '', /Version 1\.0\.0 of customers-public is registered already .*never changed/);
    assert.equal(readFileSync(path.join(registry.rootDir, ID, '1.0.0.odcs.yaml'), 'utf8'), contractText(ID, '1.0.0', 'first'));
    assert.deepEqual(readdirSync(path.join(registry.rootDir, ID)), ['1.0.0.odcs.yaml']);
  });

  const unsafe: [string, RegExp][] = [
    ['', /empty/],
    ['.', /folder itself/],
    ['..', /folder itself/],
    ['a/b', /path separator/],
    ['a\\b', /path separator/],
    ['../outside', /path separator/],
    ['nul\u0000byte', /control character/],
    ['tab\tid', /control character/],
    ['\u007f', /control character/],
    ['.hidden', /starts with a dot/],
    ['CON', /reserved/],
    ['con.yaml', /reserved/],
    ['LPT1', /reserved/],
    ['com9.txt', /reserved/],
    ['a'.repeat(201), /longer than 200/],
    ['urn:acme:customers', /Windows does not allow/],
    ['what?', /Windows does not allow/],
    ['trailing.', /ends with a space or a dot/],
    ['trailing ', /ends with a space or a dot/],
    [' leading', /starts with a space/],
  ];
  for (const [id, why] of unsafe) {
    test(`refuses the unsafe contract id ${JSON.stringify(id.length > 20 ? `${id.slice(0, 10)}…(${id.length})` : id)}`, async () => {
      const root = tempRoot();
      const outcome = await new FolderRegistry(root).publish(request(id, '1.0.0'));
      assert.equal(outcome.ok, false);
      assert.equal(!outcome.ok && outcome.reason, 'unsafe-id');
      assert.match(!outcome.ok ? outcome.message : '', why);
      assert.deepEqual(readdirSync(root), [], 'nothing is created');
    });
  }

  test('accepts ordinary ids', async () => {
    for (const id of ['customers-public', 'orders_v2', 'acme.customers', 'Zählung', 'CONSOLE', 'b'.repeat(200)]) {
      const outcome = await new FolderRegistry(tempRoot()).publish(request(id, '1.0.0'));
      assert.equal(outcome.ok, true, `${id}: ${JSON.stringify(outcome)}`);
    }
  });

  test('refuses versions that are not exact semantic versions, and texts that are not the version they claim', async () => {
    const registry = new FolderRegistry(tempRoot());
    for (const version of ['v1.0.0', '1.0', '01.0.0', '1.0.0 ', 'latest']) {
      const outcome = await registry.publish(request(ID, version, 'x', { text: contractText(ID, '1.0.0') }));
      assert.equal(!outcome.ok && outcome.reason, 'refused', version);
      assert.match(!outcome.ok ? outcome.message : '', /not a semantic version/);
    }
    const mismatch = await registry.publish(request(ID, '1.1.0', 'x', { text: contractText(ID, '1.0.0') }));
    assert.equal(!mismatch.ok && mismatch.reason, 'refused');
    assert.match(!mismatch.ok ? mismatch.message : '', /holds version "1\.0\.0", not "1\.1\.0"/);
    const broken = await registry.publish(request(ID, '1.1.0', 'x', { text: 'id: [unclosed' }));
    assert.match(!broken.ok ? broken.message : '', /not well-formed YAML \(line 1/);
    assert.equal(existsSync(path.join(registry.rootDir, ID)), false);
  });

  test('a file system error is reported, and the temporary file is removed', async () => {
    const root = tempRoot();
    const registry = new FolderRegistry(root, { fs: { link: async () => Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' })) } });
    const outcome = await registry.publish(request(ID, '1.0.0'));
    assert.equal(!outcome.ok && outcome.reason, 'error');
    assert.match(!outcome.ok ? outcome.message : '', /could not be written .*EACCES/);
    assert.deepEqual(readdirSync(path.join(root, ID)), []);
  });
});

describe('publishing where the file system has no hard links', () => {
  const noLinks = { link: async () => Promise.reject(Object.assign(new Error('operation not permitted'), { code: 'EPERM' })) };

  test('falls back to an exclusive rename: one publish wins, the same version again is `exists`', async () => {
    const root = tempRoot();
    const registry = new FolderRegistry(root, { fs: noLinks });
    const outcomes = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((note) => registry.publish(request(ID, '1.0.0', note))));
    const winners = outcomes.filter((o) => o.ok);
    assert.equal(winners.length, 1);
    assert.deepEqual(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.reason), Array(5).fill('exists'));
    const text = readFileSync(path.join(root, ID, '1.0.0.odcs.yaml'), 'utf8');
    assert.equal(outcomes.indexOf(winners[0]), ['a', 'b', 'c', 'd', 'e', 'f'].findIndex((n) => text === contractText(ID, '1.0.0', n)));
    assert.deepEqual(readdirSync(path.join(root, ID)), ['1.0.0.odcs.yaml'], 'no temporary file or lock is left');
  });

  test('breaks a lock left by a publish that died holding it', async () => {
    const root = tempRoot();
    const lock = path.join(root, ID, '.1.0.0.odcs.yaml.lock');
    mkdirSync(lock, { recursive: true });
    const old = new Date(Date.now() - 5 * 60 * 1000);
    utimesSync(lock, old, old);
    const outcome = await new FolderRegistry(root, { fs: noLinks }).publish(request(ID, '1.0.0'));
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.deepEqual(readdirSync(path.join(root, ID)), ['1.0.0.odcs.yaml']);
  });
});

interface ChildOutcome {
  note: string;
  version: string;
  outcome: PublishOutcome;
}

/** Starts the processes, waits until every one is loaded and waiting, then lets them all publish at once. */
async function publishTogether(children: ChildProcess[]): Promise<ChildOutcome[]> {
  await Promise.all(children.map((c) => waitForLine(c, (l) => l === 'ready', PROCESS_TIMEOUT)));
  const results = children.map((c) => waitForLine(c, (l) => l.startsWith('{'), PROCESS_TIMEOUT));
  for (const child of children) child.stdin!.write('go\n');
  return (await Promise.all(results)).map((line) => JSON.parse(line) as ChildOutcome);
}

describe('publishing from several processes', () => {
  test('six processes publish the same version at once: exactly one wins, the others get `exists`', { timeout: 90_000 }, async () => {
    const root = tempRoot();
    const notes = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const children = notes.map((note) => spawnScript('publish-child.ts', [root, ID, '1.0.0', note]));
    try {
      const outcomes = await publishTogether(children);
      const winners = outcomes.filter((o) => o.outcome.ok);
      assert.equal(winners.length, 1, JSON.stringify(outcomes));
      assert.deepEqual(outcomes.filter((o) => !o.outcome.ok).map((o) => !o.outcome.ok && o.outcome.reason), Array(5).fill('exists'));
      assert.equal(readFileSync(path.join(root, ID, '1.0.0.odcs.yaml'), 'utf8'), contractText(ID, '1.0.0', winners[0].note), "the file holds the winner's text");
      assert.deepEqual(readdirSync(path.join(root, ID)), ['1.0.0.odcs.yaml'], 'no temporary file is left');
    } finally {
      for (const child of children) child.kill('SIGKILL');
      await Promise.all(children.map((c) => exited(c, 5_000)));
    }
  });

  test('a publish killed between writing and naming leaves no version file; the version can be published afterwards', { timeout: 60_000 }, async () => {
    const root = tempRoot();
    const child = spawnScript('publish-child.ts', [root, ID, '1.0.0', 'killed', '--pause-after-temp']);
    let tempFile: string;
    try {
      await waitForLine(child, (l) => l === 'ready', PROCESS_TIMEOUT);
      const line = waitForLine(child, (l) => l.startsWith('temp '), PROCESS_TIMEOUT);
      child.stdin!.write('go\n');
      tempFile = (await line).slice('temp '.length);
      child.kill('SIGKILL');
      await exited(child, 5_000);
    } finally {
      child.kill('SIGKILL');
    }
    const dir = path.join(root, ID);
    assert.equal(readFileSync(tempFile, 'utf8'), contractText(ID, '1.0.0', 'killed'), 'the temporary file was complete');
    assert.deepEqual(readdirSync(dir), [path.basename(tempFile)], 'only the hidden temporary file is there');

    const registry = new FolderRegistry(root);
    assert.deepEqual(await registry.list(ID), { versions: [], problems: [] }, 'list ignores the temporary file');
    const outcome = await registry.publish(request(ID, '1.0.0', 'after'));
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.equal(readFileSync(path.join(dir, '1.0.0.odcs.yaml'), 'utf8'), contractText(ID, '1.0.0', 'after'));
    assert.ok(existsSync(tempFile), 'a recent temporary file may belong to a publish in progress: it stays');

    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(tempFile, old, old);
    assert.equal((await registry.publish(request(ID, '1.1.0'))).ok, true);
    assert.deepEqual(readdirSync(dir).sort(), ['1.0.0.odcs.yaml', '1.1.0.odcs.yaml'], 'an hour-old temporary file is cleaned');
  });
});

describe('versions published at once land in increasing order', () => {
  test('sixteen processes publish 1.0.0 … 1.15.0 at once: what lands is increasing, the rest is refused as not greater', { timeout: 120_000 }, async () => {
    const root = tempRoot();
    const landingLog = path.join(tempRoot(), 'landed.log');
    const versions = Array.from({ length: 16 }, (_, i) => `1.${i}.0`);
    const children = versions.map((version) => spawnScript('publish-child.ts', [root, ID, version, `n${version}`, '--record-landing', landingLog]));
    try {
      const outcomes = await publishTogether(children);
      const landed = readFileSync(landingLog, 'utf8').split('\n').filter(Boolean);
      assert.ok(landed.length >= 1, 'at least the first publish lands');
      for (let i = 1; i < landed.length; i++) assert.ok(compare(landed[i - 1], landed[i]) < 0, `landed in this order: ${landed.join(', ')}`);
      assert.deepEqual(outcomes.filter((o) => o.outcome.ok).map((o) => o.version).sort(compare), landed);
      for (const { version, outcome } of outcomes.filter((o) => !o.outcome.ok)) {
        assert.equal(!outcome.ok && outcome.reason, 'refused', JSON.stringify(outcome));
        assert.match(!outcome.ok ? outcome.message : '', new RegExp(`^Version ${version.replace(/\./g, '\\.')} of customers-public is not greater than every registered version: 1\\.\\d+\\.0 is registered`));
      }
      const listing = await new FolderRegistry(root).list(ID);
      assert.deepEqual(listing.versions.map((v) => v.version), landed);
      assert.deepEqual(readdirSync(path.join(root, ID)).sort(), landed.map((v) => `${v}.odcs.yaml`).sort(), 'no temporary file or lock is left');
    } finally {
      for (const child of children) child.kill('SIGKILL');
      await Promise.all(children.map((c) => exited(c, 5_000)));
    }
  });

  test('a version lower than a registered one is refused as not greater, naming the registered one', async () => {
    const registry = new FolderRegistry(tempRoot());
    assert.equal((await registry.publish(request(ID, '1.2.0'))).ok, true);
    const lower = await registry.publish(request(ID, '1.1.5'));
    assert.equal(!lower.ok && lower.reason, 'refused');
    assert.match(!lower.ok ? lower.message : '', /Version 1\.1\.5 of customers-public is not greater than every registered version: 1\.2\.0 is registered \(.*1\.2\.0\.odcs\.yaml\)/);
    assert.deepEqual(readdirSync(path.join(registry.rootDir, ID)), ['1.2.0.odcs.yaml']);
    assert.equal((await registry.publish(request(ID, '1.2.1'))).ok, true);
  });

  test('a publish killed while holding the contract lock: the next publish breaks the lock and lands', { timeout: 60_000 }, async () => {
    const root = tempRoot();
    const child = spawnScript('publish-child.ts', [root, ID, '1.0.0', 'killed', '--pause-holding-lock']);
    try {
      await waitForLine(child, (l) => l === 'ready', PROCESS_TIMEOUT);
      const line = waitForLine(child, (l) => l.startsWith('placed '), PROCESS_TIMEOUT);
      child.stdin!.write('go\n');
      await line;
      child.kill('SIGKILL');
      await exited(child, 5_000);
    } finally {
      child.kill('SIGKILL');
    }
    const dir = path.join(root, ID);
    // the killed publish leaves its lock, and its temporary file (a second name of the version file)
    const left = () => readdirSync(dir).filter((name) => !name.endsWith('.tmp')).sort();
    assert.deepEqual(left(), ['.publish.lock', '1.0.0.odcs.yaml']);
    const outcome = await new FolderRegistry(root, { lockWaitMs: 20_000 }).publish(request(ID, '1.1.0'));
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.deepEqual(left(), ['1.0.0.odcs.yaml', '1.1.0.odcs.yaml']);
  });

  test('a lock held by a live publish is waited for, then reported with its holder', async () => {
    const root = tempRoot();
    mkdirSync(path.join(root, ID));
    const lock = path.join(root, ID, '.publish.lock');
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), since: '2030-01-01T00:00:00.000Z', token: 'ab' }));
    const outcome = await new FolderRegistry(root, { lockWaitMs: 50 }).publish(request(ID, '1.0.0'));
    assert.equal(!outcome.ok && outcome.reason, 'error');
    assert.match(!outcome.ok ? outcome.message : '', new RegExp(`another publish of this contract holds the lock .*publish\\.lock \\(process ${process.pid} since 2030-01-01T00:00:00\\.000Z\\)`));
    assert.deepEqual(readdirSync(path.join(root, ID)), ['.publish.lock'], 'the lock of the other publish stays, nothing is registered');

    const old = new Date(Date.now() - 5 * 60 * 1000);
    utimesSync(lock, old, old);
    const later = await new FolderRegistry(root, { lockWaitMs: 50 }).publish(request(ID, '1.0.0'));
    assert.equal(later.ok, true, `a lock older than a minute is broken: ${JSON.stringify(later)}`);
    assert.deepEqual(readdirSync(path.join(root, ID)), ['1.0.0.odcs.yaml']);
  });
});

describe('contract ids in Unicode', () => {
  const composed = 'Z\u00e4hlung';
  const decomposed = 'Za\u0308hlung';

  test('an id is stored under its NFC spelling: both spellings are one contract', async () => {
    const registry = new FolderRegistry(tempRoot());
    const outcome = await registry.publish(request(decomposed, '1.0.0'));
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.deepEqual(readdirSync(registry.rootDir), [composed]);
    for (const id of [composed, decomposed]) assert.deepEqual((await registry.list(id)).versions.map((v) => v.version), ['1.0.0'], id);
    const again = await registry.publish(request(composed, '1.0.0', 'other'));
    assert.equal(!again.ok && again.reason, 'exists');
  });

  test('a refused id is shown with its invisible characters escaped', async () => {
    const root = tempRoot();
    const outcome = await new FolderRegistry(root).publish(request('orders\u202e-eu', '1.0.0'));
    assert.equal(!outcome.ok && outcome.reason, 'unsafe-id');
    const message = !outcome.ok ? outcome.message : '';
    assert.match(message, /The contract id "orders\\u202E-eu" cannot be registered: it contains an invisible or bidirectional formatting character \(U\+202E\)/);
    assert.ok(!message.includes('\u202e'), message);
    assert.deepEqual(readdirSync(root), []);
  });
});

describe('links in the registry', () => {
  /** A registry root and a folder outside it holding a contract file that must never be read or written. */
  function withOutside() {
    const base = tempRoot();
    const root = path.join(base, 'registry');
    const outside = path.join(base, 'outside');
    mkdirSync(root);
    mkdirSync(outside);
    return { root, outside };
  }

  test('an id folder that links out of the registry is refused for publish and a problem for listing', async () => {
    const { root, outside } = withOutside();
    symlinkSync(outside, path.join(root, ID), 'dir');
    const registry = new FolderRegistry(root);
    const outcome = await registry.publish(request(ID, '1.0.0'));
    assert.equal(!outcome.ok && outcome.reason, 'unsafe-id');
    assert.match(!outcome.ok ? outcome.message : '', /the registry folder of customers-public is a link to .*outside, which is not a folder inside the registry/);
    assert.deepEqual(readdirSync(outside), [], 'nothing is written outside the registry');

    writeFileSync(path.join(outside, '1.0.0.odcs.yaml'), contractText(ID, '1.0.0'));
    const listing = await registry.list(ID);
    assert.deepEqual(listing.versions, []);
    assert.match(listing.problems[0]?.message ?? '', /is a link to .*outside, which is not a folder inside the registry/);
    assert.equal(listing.incomplete?.reason, 'error');
  });

  test('an id folder that links to the registry itself or deeper inside is refused', async () => {
    for (const target of ['.', path.join('other', 'nested')]) {
      const { root } = withOutside();
      mkdirSync(path.join(root, 'other', 'nested'), { recursive: true });
      symlinkSync(target, path.join(root, ID), 'dir');
      const outcome = await new FolderRegistry(root).publish(request(ID, '1.0.0'));
      assert.equal(!outcome.ok && outcome.reason, 'unsafe-id', target);
      assert.deepEqual(readdirSync(path.join(root, 'other', 'nested')), []);
    }
  });

  test('a version file that links out of the registry is a problem, never a version, and is never written through', async () => {
    for (const noLinks of [false, true]) {
      const { root, outside } = withOutside();
      const target = path.join(outside, 'secret.odcs.yaml');
      writeFileSync(target, contractText(ID, '1.0.0', 'outside'));
      mkdirSync(path.join(root, ID));
      symlinkSync(target, path.join(root, ID, '1.0.0.odcs.yaml'));
      symlinkSync(path.join(outside, 'missing.odcs.yaml'), path.join(root, ID, '1.1.0.odcs.yaml'));
      const fs = noLinks ? { link: async () => Promise.reject(Object.assign(new Error('operation not permitted'), { code: 'EPERM' })) } : undefined;
      const registry = new FolderRegistry(root, { fs });
      const listing = await registry.list(ID);
      assert.deepEqual(listing.versions, []);
      assert.match(listing.problems[0].message, /^1\.0\.0\.odcs\.yaml is ignored: it is a link to .*secret\.odcs\.yaml, outside the registry, and is not read\.$/);
      assert.match(listing.problems[1].message, /^1\.1\.0\.odcs\.yaml is ignored: it cannot be read \(ENOENT\)/);
      for (const [version, leads] of [['1.0.0', /.*secret\.odcs\.yaml/], ['1.1.0', /a file that does not exist/]] as const) {
        const outcome = await registry.publish(request(ID, version, 'inside'));
        assert.equal(!outcome.ok && outcome.reason, 'refused', `${version} ${noLinks}: ${JSON.stringify(outcome)}`);
        assert.match(!outcome.ok ? outcome.message : '', new RegExp(`^Version ${version.replace(/\./g, '\\.')} of customers-public is not registered: .* is a link to ${leads.source}, outside the registry, and nothing is written through it`));
      }
      assert.equal(readFileSync(target, 'utf8'), contractText(ID, '1.0.0', 'outside'));
      assert.deepEqual(readdirSync(outside), ['secret.odcs.yaml'], 'the dangling link did not create its target');
    }
  });

  test('a registry root that is itself a link is used where it leads', async () => {
    const { root, outside } = withOutside();
    const linked = path.join(path.dirname(root), 'linked-registry');
    symlinkSync(root, linked, 'dir');
    const registry = new FolderRegistry(linked);
    const outcome = await registry.publish(request(ID, '1.0.0'));
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.deepEqual(readdirSync(path.join(root, ID)), ['1.0.0.odcs.yaml']);
    assert.deepEqual((await registry.list(ID)).versions.map((v) => v.version), ['1.0.0']);
    assert.deepEqual(readdirSync(outside), []);
  });
});
