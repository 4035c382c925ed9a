// Generates the Flink SQL job that produces a contract's streams: source DDL, upsert-kafka sink DDL, INSERT ... SELECT.
import { Document } from 'yaml';
import { isRecord, spanForPath } from '../locate';
import { ParsedYaml } from '../parse';
import { Catalog, SourceColumn, SourceTable } from '../sources/types';
import { Path } from '../types';
import { checkStatement } from '../sources/flinkGrammar';
import { describeCharacter } from '../sources/flinkLexer';
import { integrityFailure } from './integrity';
import { insertStatement } from './insert';
import { contractIdentity, contractStreams, kafkaServer, StreamModel } from './model';
import { ScopeContext, streamScope, StreamScope } from './scope';
import { sinkDdl } from './sink';
import { qualifiedName, sourceDdl } from './sources';
import { commentLine } from './sqlText';
import { GeneratedJob, GenerateOptions, JobProblem, PendingProblem } from './types';

/** The job of a parsed contract, or null when the contract cannot be read (its YAML problems say why). */
export function generateJob(parsed: ParsedYaml, catalog: Catalog, options: GenerateOptions = {}): GeneratedJob | null {
  if (!parsed.doc || !parsed.analysable || !isRecord(parsed.value)) return null;
  return generate(parsed.value, parsed.text, parsed.doc, catalog, options);
}

function generate(contract: Record<string, unknown>, contractText: string, doc: Document, catalog: Catalog, options: GenerateOptions): GeneratedJob {
  const problems: PendingProblem[] = [];
  const report = (code: string, severity: PendingProblem['severity'], path: Path, message: string) => {
    problems.push({ code, severity, path, message, span: spanForPath(contractText, doc, path) });
  };
  const { id, version } = contractIdentity(contract);
  let streams = contractStreams(contract);
  if (options.stream !== undefined) {
    const all = streams;
    streams = all.filter((s) => s.name === options.stream || s.topic === options.stream);
    if (!streams.length) report('flink-unknown-stream', 'error', all.length ? ['schema'] : [], `The contract has no stream \`${options.stream}\`${all.length ? `; its streams: ${all.map((s) => `\`${s.name}\``).join(', ')}` : ''}.`);
  } else if (!streams.length) {
    report('flink-no-streams', 'error', [], 'The contract has no `schema` entries: there is no stream to generate a job for.');
  }

  const server = kafkaServer(contract, options.server);
  // names, topics, hosts and options are single-line text: a line break in one is the contract's error, and the job shows it escaped
  for (const u of [...streams.flatMap((s) => s.unsafe), ...(server?.unsafe ?? [])]) {
    report('flink-control-character', 'error', u.path, `\`${u.key}\` holds ${describeCharacter(u.code)}: names, topics, hosts and connector options are one line of plain text in the job, which shows it escaped. Remove it.`);
  }
  if (!server && streams.length) {
    const named = options.server !== undefined;
    report('flink-no-kafka-server', named ? 'error' : 'warning', ['servers'], named ? `The contract has no Kafka server \`${options.server}\`.` : 'The contract has no `type: kafka` server: the sink uses the placeholder ${KAFKA_BOOTSTRAP_SERVERS} for the bootstrap servers. Add a kafka server with `host` (and `format`).');
  }

  // every table the job reads gets one name, unique in the job, in order of first use
  const names = new Map<SourceTable, string>();
  const taken = new Set<string>();
  const unique = (base: string) => {
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    taken.add(name.toLowerCase());
    return name;
  };
  const ctx: ScopeContext = {
    catalog,
    text: contractText,
    doc,
    problems,
    jobName: (table) => {
      let name = names.get(table);
      if (name === undefined) {
        const clash = [...names.keys()].some((t) => t.name.toLowerCase() === table.name.toLowerCase());
        name = unique(clash ? `${table.schema ?? table.database ?? 'source'}_${table.name}` : table.name);
        names.set(table, name);
      }
      return name;
    },
  };

  const scopes = new Map<StreamModel, StreamScope>();
  for (const stream of streams) {
    for (const invalid of stream.invalid) report('flink-invalid-custom-property', 'error', invalid.path, `\`${invalid.name}\` must be ${invalid.expected}; it is ignored.`);
    const scope = streamScope(stream, ctx);
    for (const t of scope.tables) ctx.jobName(t.table);
    scopes.set(stream, scope);
  }
  const sinkNames = new Map(streams.map((s) => [s, unique(`${s.name}_sink`)]));

  const out: string[] = [];
  const section = (lines: string[]) => out.push(...lines, '');
  const check = (lines: string[], path: Path, what: string, severity: PendingProblem['severity']) => {
    if (options.problemsOnly) return;
    const statement = lines.filter((l) => !l.startsWith('--')).join('\n');
    const error = checkStatement(statement).error;
    if (error) report('flink-generated-sql', severity, path, `${what} does not parse: ${error.message}.`);
  };

  // the former columns of renames in transition: read by some property, so declared by their table
  const former = new Map<SourceTable, SourceColumn[]>();
  for (const scope of scopes.values()) {
    for (const r of [...scope.columns.values()].flat()) {
      if (!r.table || r.column?.renamedTo === undefined) continue;
      const list = former.get(r.table) ?? [];
      if (!list.includes(r.column)) list.push(r.column);
      former.set(r.table, list);
    }
  }
  const masked = new Set<SourceTable>();
  const undeclared = new Set<SourceTable>();
  for (const [table, name] of names) {
    const ddl = sourceDdl(table, name, id, former.get(table));
    const user = streams.find((s) => scopes.get(s)!.tables.some((t) => t.table === table));
    const path = user ? (user.source?.path ?? user.path) : [];
    if (table.incomplete) {
      const flink = table.dialect === 'flink';
      const what = !ddl.declared ? 'too little of it could be read to declare the table in the job' : `the job declares the table from what could be read of it${flink ? ' instead of copying the statement' : ''}, and columns or options may be missing`;
      report('flink-source-incomplete', flink ? 'error' : 'warning', path, `The CREATE TABLE of ${qualifiedName(table)} (${table.file}) has a syntax error: ${what}. Fix the statement.`);
    }
    if (ddl.declared) check(ddl.lines, path, `The source table DDL of ${qualifiedName(table)} (${table.file})`, table.dialect === 'postgres' ? 'error' : 'warning');
    if (table.dialect === 'postgres' && table.primaryKey.length === 0) {
      report('flink-source-no-primary-key', 'warning', path, `PostgreSQL table ${qualifiedName(table)} (${table.file}) has no primary key: postgres-cdc's incremental snapshot needs one (or the option 'scan.incremental.snapshot.chunk.key-column'), and updates and deletes need REPLICA IDENTITY FULL.`);
    }
    if (ddl.masked.length && !masked.has(table)) {
      masked.add(table);
      const keys = ddl.masked.map((k) => `\`${k}\``).join(', ');
      report('flink-literal-credential', 'warning', path, `Source table ${qualifiedName(table)} (${table.file}) has literal credentials (${keys}): the generated job uses \${...} placeholders instead. Keep credentials out of source files.`);
    }
    if (!ddl.declared) {
      undeclared.add(table);
      section(ddl.lines);
      continue;
    }
    section([...ddl.lines.slice(0, -1), `${ddl.lines[ddl.lines.length - 1]};`]);
  }
  for (const stream of streams) {
    const lines = sinkDdl(stream, sinkNames.get(stream)!, server, problems, options.problemsOnly);
    check(lines, stream.path, `The sink table DDL of stream \`${stream.name}\``, 'error');
    const sink = server?.host ? commentLine`Sink: stream ${stream.name}, published to the Kafka topic ${stream.topic} on ${server.host}.` : commentLine`Sink: stream ${stream.name}, published to the Kafka topic ${stream.topic}.`;
    section([sink, ...lines.slice(0, -1), `${lines[lines.length - 1]};`]);
  }

  const fields: GeneratedJob['fields'] = [];
  const set = streams.length > 1;
  if (set) out.push(commentLine`One job for all streams: each source table is read once.`, 'EXECUTE STATEMENT SET', 'BEGIN', '');
  const indent = set ? '  ' : '';
  streams.forEach((stream, i) => {
    const insert = insertStatement(stream, scopes.get(stream)!, sinkNames.get(stream)!, ctx, options.problemsOnly);
    out.push(indent + commentLine`Stream ${stream.name}: one SELECT item per property of the contract, in order.`);
    const at = out.length;
    if (!options.problemsOnly) for (const f of insert.fields) fields.push({ line: at + f.line, stream: stream.name, field: f.property.field, propertyPath: f.property.path, span: spanForPath(contractText, doc, [...f.property.path, 'name']) });
    out.push(...`${insert.text};`.split('\n').map((l) => indent + l));
    if (i < streams.length - 1 || set) out.push('');
  });
  if (set) out.push('END;');

  while (out.length && out[out.length - 1] === '') out.pop();
  const body = out.join('\n');
  const header = [
    streams.length
      ? commentLine`Flink SQL job for data contract ${id}, version ${version}: ${streams.length === 1 ? 'stream' : 'streams'} ${streams.map((s) => s.name).join(', ')}.`
      : commentLine`Flink SQL job for data contract ${id}, version ${version}.`,
    commentLine`Generated by streamcontract from the contract: do not edit by hand; change the contract and generate again.`,
    ...(body.includes('${') ? [commentLine`\${...} placeholders stand for deployment settings and credentials: substitute them (e.g. with envsubst) before submitting.`] : []),
    '',
  ];
  for (const f of fields) f.line += header.length;
  let sql = options.problemsOnly ? '' : `${header.join('\n')}\n${body}\n`;
  const declared = names.size - undeclared.size;
  // the job is shown and run only if it is exactly the statements generated above
  const failure = options.problemsOnly ? undefined : integrityFailure(sql, { creates: declared + streams.length, inserts: streams.length });
  if (failure) {
    report('flink-job-integrity', 'error', [], `The generated Flink SQL job is withheld: ${failure}. A job must be exactly the ${declared + streams.length} CREATE TABLE and ${streams.length} INSERT statements generated from the contract and its source tables: change the value that put this text there (if it is neither the contract's nor a source file's, please report it).`);
    sql = WITHHELD;
    fields.length = 0;
  }
  // problems found while rendering know their path; underline it
  const located: JobProblem[] = problems.map((p) => ({ ...p, span: p.span ?? spanForPath(contractText, doc, p.path) }));
  const tables = [...names].map(([table, name]) => ({ name, table: qualifiedName(table), file: table.file, declared: !undeclared.has(table) }));
  return { sql, fields, tables, problems: sortProblems(located), withheld: failure !== undefined };
}

/** What a job that failed its last check is replaced with. */
const WITHHELD = `${commentLine`The Flink SQL job is withheld: it did not check as exactly the statements generated from the contract (see the problem flink-job-integrity).`}\n`;

function sortProblems(problems: JobProblem[]): JobProblem[] {
  const key = (p: JobProblem) => p.span.start;
  return problems.map((p, i) => ({ p, i })).sort((a, b) => key(a.p) - key(b.p) || a.i - b.i).map(({ p }) => p);
}
