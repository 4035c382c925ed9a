// What every generated Flink job must be, whatever its contract says: exactly its statements, as Flink's grammar reads them.
import assert from 'node:assert/strict';
import { GeneratedJob } from '../../server/src/engine/flink';
import { lex } from '../../server/src/engine/flink/sqlText';
import { isRecord } from '../../server/src/engine/locate';
import { parseYaml } from '../../server/src/engine/parse';
import { bridgeGaps, lex as grammarTokens } from '../../server/src/engine/sources/grammarGaps';
import { children, parseSql, ruleName, walk } from '../../server/src/engine/sources/sqlParser';

export function streamCount(text: string, options: { stream?: string }): number {
  const value = parseYaml(text).value;
  if (options.stream !== undefined) return 1;
  return isRecord(value) && Array.isArray(value.schema) ? value.schema.filter(isRecord).length : 0;
}

/**
 * What holds for every job, whatever the contract and its sources say: it parses as exactly the statements generated
 * (a CREATE TABLE per source and sink, an INSERT per stream) or is withheld whole; no contract or source text
 * marked `pwned` is executable; no line break other than a line feed; no credential.
 */
export function assertOnlyGeneratedStatements(job: GeneratedJob, streams: number): void {
  assert.doesNotMatch(job.sql, /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/, 'the job holds a line break other than \\n, or a control character');
  for (const secret of ['Sup3r-S3cret!', 'flink_cdc', 's3cret', 'svc-invoices']) assert.ok(!job.sql.includes(secret), `the job contains ${secret}`);
  if (job.withheld) {
    assert.ok(job.problems.some((p) => p.code === 'flink-job-integrity'), 'a withheld job says why');
    assert.deepEqual(job.sql.split('\n').filter((l) => l.trim() && !l.startsWith('--')), [], 'a withheld job holds no statement');
    return;
  }
  // the grammar's statements: CREATE TABLEs, then INSERTs (several in one statement set)
  const parsed = parseSql('flink', bridgeGaps(job.sql).text, job.sql);
  assert.deepEqual(parsed.errors, [], 'the job does not parse');
  const kinds: string[] = [];
  walk(parsed.tree, (node) => {
    const rule = ruleName('flink', node);
    if (rule === 'simpleCreateTable' || rule === 'insertSimpleStatement') kinds.push(rule === 'simpleCreateTable' ? 'CREATE TABLE' : 'INSERT');
    else if (rule && rule.endsWith('Statement') && !['singleStatement', 'sqlStatement', 'ddlStatement', 'dmlStatement', 'insertStatement', 'insertMulStatement', 'queryStatement', 'selectStatement'].includes(rule)) kinds.push(rule);
  });
  const statements = children(parsed.tree).filter((c) => ruleName('flink', c) === 'singleStatement').length;
  const sources = job.tables.filter((t) => t.declared).length;
  assert.deepEqual(kinds, [...Array(sources + streams).fill('CREATE TABLE'), ...Array(streams).fill('INSERT')], 'the job holds other statements than those generated');
  assert.equal(statements, sources + streams + (streams > 1 ? 1 : streams), 'the job holds more statements than generated');
  // contract and source text marked `pwned` is only ever inside a string, a quoted name or a comment line, as Flink reads the job and as the grammar does
  for (const t of lex(job.sql)) {
    if (/pwned/i.test(t.text)) assert.ok(['string', 'quoted', 'comment'].includes(t.kind), `\`${t.text}\` is executable in the job`);
    if (t.kind === 'comment') assert.ok(t.text.startsWith('--') && /(^|\n)[ \t]*$/.test(job.sql.slice(0, t.start)), `a comment that is not a whole line: ${t.text}`);
    assert.ok(t.kind !== 'word' || t.text.toUpperCase() !== 'DROP', 'the job holds DROP');
  }
  for (const t of grammarTokens(job.sql)) assert.ok(!/pwned/i.test(t.text) || /^['`"]/.test(t.text), `\`${t.text}\` is executable in the job, as the grammar reads it`);
}
