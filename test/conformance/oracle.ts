// Locates the official ODCS schemas and examples used as a reference, and compiles both schema sets with Ajv.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export type Version = '3.0' | '3.1' | '3.2';
export const VERSIONS: readonly Version[] = ['3.0', '3.1', '3.2'];

export const REPO_ROOT = resolve(__dirname, '..', '..');

const OFFICIAL_FILES: Record<Version, string> = {
  '3.0': 'odcs-json-schema-v3.0.2.json',
  '3.1': 'odcs-json-schema-v3.1.0.json',
  '3.2': 'odcs-json-schema-v3.2.0.json',
};

const OUR_FILES: Record<Version, string> = {
  '3.0': 'odcs-v3.0.json',
  '3.1': 'odcs-v3.1.json',
  '3.2': 'odcs-v3.2.json',
};

/** Folder holding the official schemas and examples: `$ODCS_ORACLE_DIR`, else `../shared/odcs` next to the repository. */
export function oracleDir(): string {
  const fromEnv = process.env['ODCS_ORACLE_DIR'];
  return fromEnv ? resolve(fromEnv) : resolve(REPO_ROOT, '..', 'shared', 'odcs');
}

export function oracleLabel(dir: string): string {
  return process.env['ODCS_ORACLE_DIR'] ? dir : relative(REPO_ROOT, dir);
}

/** Meta-schema version for an `apiVersion` value, or undefined when no schema covers it. */
export function versionOf(apiVersion: unknown): Version | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  if (/^v3\.0\.\d+$/.test(apiVersion)) return '3.0';
  if (apiVersion === 'v3.1.0') return '3.1';
  if (apiVersion === 'v3.2.0') return '3.2';
  return undefined;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function compile(schema: Record<string, unknown>): ValidateFunction {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

export function loadOurSchemas(): Record<Version, Record<string, unknown>> {
  const dir = join(REPO_ROOT, 'schemas');
  return {
    '3.0': readJson(join(dir, OUR_FILES['3.0'])),
    '3.1': readJson(join(dir, OUR_FILES['3.1'])),
    '3.2': readJson(join(dir, OUR_FILES['3.2'])),
  };
}

export function compileOurs(): Record<Version, ValidateFunction> {
  const schemas = loadOurSchemas();
  return { '3.0': compile(schemas['3.0']), '3.1': compile(schemas['3.1']), '3.2': compile(schemas['3.2']) };
}

export function compileOfficial(dir: string): Record<Version, ValidateFunction> {
  const load = (v: Version): ValidateFunction => compile(readJson(join(dir, 'schema', OFFICIAL_FILES[v])));
  return { '3.0': load('3.0'), '3.1': load('3.1'), '3.2': load('3.2') };
}

export interface Example {
  /** Path relative to the examples folder. */
  name: string;
  doc: unknown;
  declared: Version | undefined;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (/\.ya?ml$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

export function loadExamples(dir: string): Example[] {
  const root = join(dir, 'examples');
  if (!existsSync(root)) return [];
  return walk(root).map((path) => {
    const doc: unknown = parse(readFileSync(path, 'utf8'));
    const apiVersion = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)['apiVersion'] : undefined;
    return { name: relative(root, path), doc, declared: versionOf(apiVersion) };
  });
}

/** First few errors of the last validation, for reports. */
export function firstErrors(validate: ValidateFunction, max = 3): string {
  const errors = validate.errors ?? [];
  const shown = errors.slice(0, max).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  return errors.length > max ? `${shown.join('; ')}; (+${errors.length - max} more)` : shown.join('; ');
}
