/** The Debian packages the editor harness needs: checked, installed where possible, else named in one line. */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** An expected failure (missing prerequisite, install or start failure): its message is the one line the user sees. */
export class HarnessError extends Error {}

function onPath(command) {
  return (process.env.PATH || '').split(path.delimiter).some((dir) => {
    try { return statSync(path.join(dir, command)).isFile(); } catch { return false; }
  });
}

/** Directory holding include/node/node.h for the running Node, so native modules build without downloading headers. */
export function nodeHeadersDir() {
  const candidates = [path.resolve(path.dirname(process.execPath), '..'), '/usr', '/usr/local'];
  return candidates.find((dir) => existsSync(path.join(dir, 'include', 'node', 'node_version.h')));
}

export function aptLine(what, packages) {
  return `${what}; install with: apt-get update && apt-get install -y ${packages.join(' ')}`;
}

/**
 * Installs missing Debian packages when that is possible without asking (root, with apt-get): the README's two
 * commands set up a fresh machine by themselves. Elsewhere the caller fails with the one line that says what to run.
 */
function aptInstall(packages) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0 || !onPath('apt-get')) return false;
  console.error(`[setup] installing Debian packages: ${packages.join(' ')}`);
  try {
    execFileSync('bash', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(' ')}`], { stdio: 'ignore', timeout: 15 * 60_000 });
    return true;
  } catch {
    return false;
  }
}

/** Fails with one line when Chromium is not installed (and cannot be installed here). */
export function requireChromium() {
  if (!existsSync(CHROMIUM) && CHROMIUM === '/usr/bin/chromium') aptInstall(['chromium']);
  if (!existsSync(CHROMIUM)) throw new HarnessError(aptLine(`Chromium not found at ${CHROMIUM}`, ['chromium']));
}

export function requireInstallPrerequisites(version) {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) {
    throw new HarnessError(`code-server ${version} needs Node 20 to install and run (this is Node ${process.versions.node})`);
  }
  const missingNow = () => {
    const missing = [];
    if (!onPath('rg')) missing.push(['ripgrep (rg)', 'ripgrep']);
    if (!existsSync('/usr/include/gssapi/gssapi.h') && !onPath('krb5-config')) missing.push(['Kerberos headers (gssapi.h)', 'libkrb5-dev']);
    if (!onPath('make') || !onPath('g++')) missing.push(['a C++ toolchain (make, g++)', 'build-essential']);
    if (!onPath('python3')) missing.push(['python3', 'python3']);
    if (!onPath('tar')) missing.push(['tar', 'tar']);
    return missing;
  };
  let missing = missingNow();
  if (missing.length && aptInstall(missing.map((m) => m[1]))) missing = missingNow();
  if (missing.length) {
    throw new HarnessError(aptLine(`cannot install code-server: missing ${missing.map((m) => m[0]).join(', ')}`, missing.map((m) => m[1])));
  }
}
