// The per-contract lock of the folder registry: a file created exclusively that names the process holding it, broken when that process is gone.
import { randomBytes } from 'node:crypto';
import type * as fsp from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';

/** The lock's name inside the contract's folder: hidden, so that listings pass over it. */
export const LOCK_NAME = '.publish.lock';
/** A stale lock moved aside while it is broken; left behind only if the breaking publish dies in between. */
export const LOCK_ASIDE = /^\.publish\.lock\.[0-9a-f]+\.stale$/;
/** A lock this old belongs to a publish that died or hangs: publishes hold it for milliseconds. */
export const STALE_LOCK_MS = 60 * 1000;

export type LockFs = Pick<typeof fsp, 'open' | 'readFile' | 'rename' | 'unlink' | 'link' | 'stat'>;

export interface HeldLock {
  file: string;
  /** What this publish wrote into the lock: its pid, host, time and a random token no other lock shares. */
  content: string;
}

/** Thrown when another live publish holds the lock for longer than a publish waits. */
export class LockBusyError extends Error {
  readonly code = 'ELOCKED';
}

interface Holder {
  content: string;
  pid?: number;
  host?: string;
  since?: string;
  ageMs: number;
}

/**
 * Takes the lock of the contract folder `dir`, waiting up to `waitMs` for other publishes. The lock file is
 * created exclusively (O_EXCL, which every local and NFSv3+ file system honours). A lock whose process is gone
 * (same host, no such pid) or that is older than a minute is broken; anything else is waited for.
 */
export async function lockContract(fs: LockFs, dir: string, waitMs: number): Promise<HeldLock> {
  const file = path.join(dir, LOCK_NAME);
  const content = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomBytes(8).toString('hex') });
  const deadline = Date.now() + waitMs;
  let pause = 5;
  for (;;) {
    if (await createExclusive(fs, file, content)) return { file, content };
    const holder = await readHolder(fs, file);
    if (!holder) continue; // released between the two calls
    if (isStale(holder)) {
      await breakLock(fs, file, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder.pid !== undefined ? `process ${holder.pid}${holder.host && holder.host !== hostname() ? ` on ${holder.host}` : ''}${holder.since ? ` since ${holder.since}` : ''}` : 'a publish that is starting';
      throw new LockBusyError(`another publish of this contract holds the lock ${file} (${who}); try again in a moment, or remove the file if no publish is running`);
    }
    await new Promise((resolve) => setTimeout(resolve, pause + Math.random() * pause));
    pause = Math.min(pause * 2, 100);
  }
}

/** Gives the lock up, unless it was broken meanwhile and now belongs to another publish. */
export async function unlockContract(fs: LockFs, lock: HeldLock): Promise<void> {
  const now = await fs.readFile(lock.file, 'utf8').catch(() => undefined);
  if (now === lock.content) await fs.unlink(lock.file).catch(() => undefined);
}

async function createExclusive(fs: LockFs, file: string, content: string): Promise<boolean> {
  let handle: fsp.FileHandle;
  try {
    handle = await fs.open(file, 'wx', 0o644);
  } catch (err) {
    if (code(err) === 'EEXIST') return false;
    throw err;
  }
  try {
    await handle.writeFile(content, 'utf8');
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.unlink(file).catch(() => undefined);
    throw err;
  }
  await handle.close();
  return true;
}

async function readHolder(fs: LockFs, file: string): Promise<Holder | undefined> {
  let content: string;
  let ageMs: number;
  try {
    ageMs = Date.now() - (await fs.stat(file)).mtimeMs;
    content = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (code(err) === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const parsed = JSON.parse(content) as { pid?: unknown; host?: unknown; since?: unknown };
    return {
      content,
      ageMs,
      pid: Number.isInteger(parsed.pid) ? (parsed.pid as number) : undefined,
      host: typeof parsed.host === 'string' ? parsed.host : undefined,
      since: typeof parsed.since === 'string' ? parsed.since : undefined,
    };
  } catch {
    // created but not written yet (or written by something else): only its age can tell
    return { content, ageMs };
  }
}

function isStale(holder: Holder): boolean {
  if (holder.ageMs > STALE_LOCK_MS) return true;
  return holder.pid !== undefined && holder.host === hostname() && !processAlive(holder.pid);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user
    return code(err) === 'EPERM';
  }
}

/**
 * Moves the stale lock aside (rename is atomic, so of several publishes breaking it at once one moves it) and
 * checks that what was moved is the lock judged stale. If another publish broke it first and has taken the
 * lock afresh in between, that fresh lock was moved instead: it is put back with `link`, which fails rather
 * than replace a lock taken since. Only then is the aside copy removed.
 */
async function breakLock(fs: LockFs, file: string, stale: Holder): Promise<void> {
  const aside = `${file}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await fs.rename(file, aside);
  } catch (err) {
    if (code(err) === 'ENOENT') return;
    throw err;
  }
  const moved = await fs.readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== stale.content) await fs.link(aside, file).catch(() => undefined);
  await fs.unlink(aside).catch(() => undefined);
}

function code(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && typeof (err as NodeJS.ErrnoException).code === 'string' ? (err as NodeJS.ErrnoException).code : undefined;
}
