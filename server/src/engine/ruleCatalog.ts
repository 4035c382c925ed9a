// Every problem code the product can report: its default severity, a one-line summary, an explanation and its docs link.
import { CHANGE_RULES, ChangeRule } from './diff/catalog';
import { Severity } from './types';

export type ProblemGroup = 'file' | 'schema' | 'contract' | 'versions' | 'changes' | 'lineage' | 'job' | 'sql' | 'internal';

export interface ProblemCode {
  code: string;
  group: ProblemGroup;
  /** The severity it is reported with by default (the most common one). */
  severity: Severity;
  /** Every severity it can be reported with, the default first; only where there is more than one. */
  severities?: readonly Severity[];
  /** One line: SARIF rule descriptions and the README table. */
  summary: string;
  /** One to three sentences for docs/problems.md: what it means and what to do about it. */
  details?: string;
  /** Set when docs/rules.md has a section for the code (change rules, version findings). */
  rulesDoc?: true;
}

export const PROBLEM_GROUPS: readonly { id: ProblemGroup; title: string; intro: string }[] = [
  { id: 'file', title: 'Files and YAML', intro: 'The file is not readable YAML text. Apart from duplicate keys, YAML warnings and the count of problems past the first 1,000, they stop every other check until fixed.' },
  { id: 'schema', title: 'ODCS meta-schema', intro: 'The contract against the ODCS JSON Schema of its `apiVersion`.' },
  { id: 'contract', title: 'Contract rules', intro: 'What the meta-schema cannot say: versions, unique names and ids, keys, the streaming `customProperties`.' },
  { id: 'versions', title: 'Registered versions', intro: 'The contract against the versions in the registry (folder or Schema Registry): its `version` line, what a new major means for consumers, renames without a stable id.' },
  { id: 'changes', title: 'Change rules', intro: 'Differences from the registered versions, one stable rule id each; [docs/rules.md](rules.md) tells what each breaks, with an example and the fix.' },
  { id: 'lineage', title: 'Source columns', intro: "The columns a contract reads, against the tables of the workspace's .sql files (shown in the contract)." },
  { id: 'job', title: 'Generated Flink job', intro: 'What keeps the Flink SQL job that produces the streams from being generated, or makes it differ from the contract.' },
  { id: 'sql', title: 'SQL source files', intro: 'Problems in the .sql files themselves (PostgreSQL DDL and migrations, Flink CREATE TABLE statements).' },
  { id: 'internal', title: 'Internal', intro: 'streamcontract itself failed.' },
];

type Entry = [code: string, severity: Severity | readonly Severity[], summary: string, details?: string];

/** Hand-written entries by group; the change rules come from CHANGE_RULES. */
const ENTRIES: Record<Exclude<ProblemGroup, 'changes'>, readonly Entry[]> = {
  file: [
    ['yaml-syntax', ['error', 'warning'], 'The file is not well-formed YAML.', 'The message gives the YAML parser\'s reason (a bad indentation, an unclosed quote, a tab, ...). YAML warnings (such as an unknown tag) are reported with this code as warnings.'],
    ['yaml-duplicate-key', 'error', 'A key appears twice in the same mapping.', 'YAML would silently keep only one of the values; remove or rename one of them.'],
    ['yaml-multi-document', 'error', 'A contract file holds more than one YAML document.', 'Everything after the first `---` separator is ignored: move each contract to its own file.'],
    ['yaml-alias-limit', 'error', 'YAML aliases expand beyond a safe size (an alias bomb).', 'Anchors and aliases (`&a` / `*a`) that expand to a huge document are refused; write the values out instead.'],
    ['yaml-too-deep', 'error', 'The YAML is nested more than 64 levels deep.', 'No contract is that deep; the file is not analysed. Hostile nesting (thousands of `[`, `{` or `- - -`) is recognised from the text before it is parsed, so the answer never depends on how much stack the parser has left.'],
    [
      'too-many-problems',
      ['warning', 'error'],
      'More than 1,000 problems in one file: only the first 1,000 are shown.',
      'The last diagnostic on the first line counts the others by severity. It is an error when an error is among them, so that `lint`, `check` and publishing still refuse the file.',
    ],
    ['empty-file', 'warning', 'The contract file is empty.', 'A file with nothing but comments or whitespace: start with `apiVersion`, `kind: DataContract`, `id`, `version` and `status`.'],
    ['binary-file', 'error', 'The file holds binary data (NUL bytes), not YAML text.', 'Check that the file was not saved in another encoding (UTF-16) or replaced by a binary file.'],
    ['file-too-large', 'warning', 'The file is over the size limit for live analysis (`streamcontract.maxFileSizeKB`).', 'The editor does not check it while typing; run `streamcontract lint` on it, or raise the setting.'],
  ],
  schema: [
    ['schema-unknown-key', 'error', 'A key the ODCS meta-schema does not define at this place (with "did you mean").', 'Often a typo or a key at the wrong level; the quick fix renames it to the closest known key. Extra information belongs in `customProperties`.'],
    ['schema-missing-key', 'error', 'A key the ODCS meta-schema requires is missing.', 'Shown on the key of the object that lacks it; the quick fix adds it as the object\'s last key, with a placeholder value (the first allowed value, else an empty one). A property without `logicalType` is also reported here under ODCS 3.2, which then expects a `map` definition.'],
    ['schema-invalid-value', 'error', 'A value outside the allowed values, pattern, format or bounds.', 'The message lists the allowed values, or the pattern, format or bound the value breaks; a close enough value is offered as a quick fix.'],
    ['schema-wrong-type', 'error', 'A value of the wrong type (text where a list is expected, a number where text is, ...).', 'A version such as `1.0` unquoted is a number in YAML: quote it.'],
    ['schema-invalid', 'error', 'Another meta-schema violation.', 'A rule of the meta-schema the other schema codes do not cover; the message quotes it.'],
  ],
  contract: [
    ['unsupported-api-version', 'error', 'The apiVersion is not v3.0.0-v3.0.2, v3.1.0 or v3.2.0; the contract is checked as v3.2.0.', 'The quick fix offers the supported release of the same minor line, if there is one.'],
    ['version-not-semver', 'error', '`version` is not a semantic version MAJOR.MINOR.PATCH (`1.0` is a number in YAML).', 'Without a semantic version the contract cannot be ordered against its registered versions.'],
    ['unknown-status', 'hint', '`status` is not one of proposed, draft, active, deprecated, retired.', 'ODCS allows any status; these are the ones tools and the changelog understand.'],
    ['duplicate-property-name', 'error', 'Two properties of a stream share a payload name (`physicalName`, else `name`).', 'Both would be the same field of the published events; rename one of them.'],
    ['duplicate-id', 'error', 'Two entries of one list share a stable `id`.', 'Stable ids are how renames are followed across versions; each must be unique in its list.'],
    ['primary-key-position', ['error', 'warning'], 'Primary key positions have gaps or duplicates, are set without `primaryKey`, or a multi-column key has no order.', 'Gaps and duplicate positions are errors; a position on a property that is not part of the key, and a multi-column key without positions, are warnings. The positions are the order of the columns in the Kafka message key.'],
    ['kafka-server-host', 'error', 'A `type: kafka` server has no `host` (the bootstrap servers).', 'The generated sink uses the host as `properties.bootstrap.servers`, e.g. `broker-1:9092,broker-2:9092`.'],
    ['custom-property-type', 'error', 'A streaming customProperty has a value of the wrong shape.', '`flinkSource` and `flinkFilter` must be text, `flinkGroupBy` text or a list of text, `flinkSinkOptions` a mapping of single values, `compatibility` a mode name.'],
    ['custom-property-placement', 'warning', 'A streaming customProperty is set at the wrong level: `compatibility` on a stream, or a `flink*` property at the top level.', 'It is ignored where it is: `compatibility` belongs to the top-level `customProperties`, `flinkSource`, `flinkFilter`, `flinkGroupBy` and `flinkSinkOptions` to a stream.'],
    ['unknown-compatibility-mode', 'error', 'The compatibility mode is not FORWARD, BACKWARD, FULL, their `_TRANSITIVE` forms or NONE.', 'The mode decides which changes count as breaking; see [Directions and modes](rules.md#directions-and-modes).'],
    ['upsert-without-primary-key', 'warning', 'A stream for an upsert Kafka topic has no primary key.', 'A stream is meant for an upsert topic when the contract has a kafka server or the stream has `flink*` properties, unless `flinkSinkOptions.connector` names another connector. Without a key, the message key and the compaction of the topic are undefined.'],
    ['missing-stable-id', 'info', 'Streams or properties have no stable `id` (ODCS 3.1+), so renames cannot be recognised.', 'Without ids a rename looks like a removal plus an addition; the quick fix adds ids to all of them. Information rather than a hint, so that the Problems panel lists it as the CLI does.'],
  ],
  versions: [
    ['registry-entry-unusable', 'warning', 'A registered version of this contract could not be used (unreadable, wrong id inside, not a semantic version, ...).', 'The contract is compared with the other registered versions only; fix or remove the entry in the registry.'],
    ['version-major-bump-required', 'error', 'A change breaks consumers under the compatibility mode but the major version was not bumped.', 'The quick fix sets the next major version.'],
    ['version-minor-bump-suggested', 'hint', 'The stream changed compatibly but the minor version was not bumped.', 'Patch versions are for documentation-only changes.'],
    ['version-not-greater', 'error', 'The version is not greater than every registered version.', 'Registered versions are immutable and ordered; the finding names the version to use.'],
    ['version-already-registered', 'error', 'The version is registered already, with different content.', 'Registered versions are never overwritten; bump the version.'],
    [
      'major-version-consumers',
      'info',
      'A new major version: what the consumers of each topic will see, and the two ways to move them.',
      'On the `version` line of a version that starts a new major: per topic, the breaking changes its consumers will see, and the choice between publishing the new major on a new topic (the quick fix moves the stream to `<topic>_v<major>` and keeps a copy of the previous version publishing the old shape to the old topic, as a stream of its own, until a later major removes it) and keeping the topic with migration rules (the rule names are given; `streamcontract: Show Migration Rules` shows their JSONata). Migration rules translate renames only, and only the `confluent` registry kind registers them.',
    ],
    [
      'property-rename-likely',
      'info',
      'A property was removed and another added with the same type and source columns: most likely a rename that has no common stable `id`.',
      'A rename is recognised only when both versions carry the same stable `id`. The quick fixes keep the old payload name (`physicalName`), so that consumers do not break, or give the new property the registered property\'s id, when it had one.',
    ],
  ],
  lineage: [
    ['source-unknown-table', 'warning', 'A source table the contract names is not declared in any .sql file of the workspace (with "did you mean").', 'Check the table name in `transformSourceObjects` or `flinkSource`, or add the DDL of the table to the workspace.'],
    ['source-unknown-column', 'error', 'A source column the contract reads does not exist in its table (with "did you mean").', 'The generated job would fail on it; check the column name against the DDL.'],
    ['source-column-renamed', 'error', 'A migration renamed a column the contract reads.', 'The quick fixes follow the rename while the published field keeps its name: read the new column, or COALESCE(old, new) with both columns in `transformSourceObjects` while a job restarted from a savepoint still sees events with the old column (the transition, see `source-rename-transition`).'],
    ['source-rename-transition', 'info', 'A property reads a renamed column under its old and its new name while old events drain.', 'With both columns in `transformSourceObjects`, the job\'s source table declares the old column too (nullable, with the type it had) and the property reads COALESCE(old, new), as its `transformLogic` says or generated. Once no event carries the old column (the job has been restarted from a savepoint and the topic\'s retention of old-column events has passed), the quick fix "Finish the rename" reads only the new one.'],
    ['source-column-dropped', 'error', 'A migration dropped a column the contract reads.', 'The property has no source any more: feed it from another column or a `transformLogic`, or remove it (a breaking change).'],
    ['source-type-mismatch', 'warning', "The source column's type does not fit the property's type.", 'Values may be cut or fail to convert; add a `transformLogic` with a CAST, or change the property type.'],
    ['source-nullable-required', 'warning', 'A required property is fed from a nullable column without COALESCE.', 'Wrap the column in `COALESCE(col, <default>)`, filter the NULL rows out with `flinkFilter`, or make the property optional.'],
    ['source-unfed-property', 'warning', 'A stream with `flinkSource` has a property nothing feeds.', 'Give it `transformSourceObjects` (the column it is read from) or a `transformLogic`.'],
    ['source-invalid-expression', 'error', 'A `transformLogic` is not a valid Flink SQL expression.', 'The message gives the parser\'s reason and place.'],
  ],
  job: [
    ['flink-avro-unsupported', 'error', "A column of an Avro topic that Flink's avro-confluent format cannot write (a TIMESTAMP finer than milliseconds, a TIMESTAMP_LTZ, a name Avro does not allow, ...).", 'The job would fail at start-up and publishing to a Schema Registry is refused: use TIMESTAMP(3), or a json topic, or give the field an Avro name as its `physicalName`.'],
    ['flink-no-streams', 'error', 'The contract has no `schema` entries: there is no stream to generate a job for.'],
    ['flink-unknown-stream', 'error', 'The stream asked for (`streamcontract sql --stream`) is not in the contract.'],
    ['flink-no-kafka-server', ['warning', 'error'], 'The contract has no Kafka server for the sink.', 'Without a `type: kafka` server the sink uses the placeholder `${KAFKA_BOOTSTRAP_SERVERS}` (a warning); a server asked for by name that does not exist is an error.'],
    ['flink-invalid-custom-property', 'error', 'A `flink*` customProperty has the wrong shape and is ignored by the generator.'],
    ['flink-ambiguous-source', 'error', "A stream's fields come from several tables and no `flinkSource` joins them.", 'Add a `flinkSource` with the FROM clause that joins the tables.'],
    ['flink-no-source-table', 'error', 'A stream reads no known source table.', 'Name source columns in `transformSourceObjects` (e.g. `inventory.customers.id`) or add a `flinkSource`.'],
    ['flink-table-not-in-source', 'error', "A property reads a table that is not in the stream's `flinkSource`.", 'Join the table in `flinkSource`, or take the column from a table that is there.'],
    ['flink-unknown-table', 'error', 'A source table is not declared in any .sql file (the generator\'s view of `source-unknown-table`).', 'Shown by `streamcontract sql`; editors and `check` show `source-unknown-table` instead.'],
    ['flink-unknown-column', 'error', 'A source table has no such column (the generator\'s view of `source-unknown-column`).', 'Shown by `streamcontract sql`; editors and `check` show `source-unknown-column` instead.'],
    ['flink-unknown-type', 'error', 'A property has no Flink type: neither a Flink `physicalType` nor a `logicalType`.', 'The sink declares it as STRING meanwhile.'],
    ['flink-nested-property', 'error', 'A property with nested properties has no `transformLogic` that builds its value.', 'Give it one, e.g. `ROW(street, city)`.'],
    ['flink-multiple-sources', 'error', 'A property comes from several source columns and no `transformLogic` combines them.', "E.g. `CONCAT_WS(' ', fname, lname)`."],
    ['flink-no-source', 'error', 'A property has neither `transformSourceObjects` nor `transformLogic`.', 'Name its source column or give the expression that computes it.'],
    ['flink-no-primary-key', 'error', 'A stream for an upsert-kafka sink has no key.', 'Mark the key properties with `primaryKey: true` (and `primaryKeyPosition`), or choose another connector in `flinkSinkOptions`.'],
    ['flink-source-no-primary-key', 'warning', 'A PostgreSQL source table has no primary key.', "postgres-cdc's incremental snapshot needs one (or `scan.incremental.snapshot.chunk.key-column`), and updates and deletes need REPLICA IDENTITY FULL."],
    ['flink-unsupported-format', 'error', "The Kafka server's format has no Flink format the generator knows.", 'Use json or avro (avro-confluent, with a schema registry).'],
    ['flink-sink-option-conflict', 'warning', 'A sink option is decided by the contract (topic, bootstrap servers, format); the value in `flinkSinkOptions` is ignored.'],
    ['flink-literal-credential', 'warning', 'A source table or sink option holds a literal credential; the generated job uses a placeholder instead.', 'Keep credentials out of contracts and source files: write `${...}` placeholders.'],
    ['flink-sql-syntax', 'error', 'A `flinkSource`, `flinkFilter`, `flinkGroupBy` or `transformLogic` makes the generated statement invalid Flink SQL.', 'The message points at the fragment of the contract and gives the parser\'s reason. The fragment is left out of the job: a property gets a NULL of its type, a condition becomes FALSE, a FROM clause or GROUP BY item is dropped.'],
    ['flink-fragment-refused', 'error', 'A `flinkSource`, `flinkFilter`, `flinkGroupBy` or `transformLogic` holds more than it claims to be: a `;`, a comment, a clause of its own, or text Flink reads differently from the checker.', 'Each is pasted into a statement of the job, so it must be exactly one FROM clause, condition, list of expressions or expression, on its own lines of plain Flink SQL. It is left out of the job like a fragment with a syntax error.'],
    ['flink-control-character', 'error', 'A stream or property name, topic, server host or format, sink option or source column reference holds a line break or control character.', 'Names, topics, hosts and connector options are one line of plain text in the job; the job shows the character escaped (`\\n`, `\\u2028`).'],
    ['flink-source-incomplete', ['error', 'warning'], 'The CREATE TABLE statement of a source table the job reads has a syntax error.', 'The job never copies such a statement: it declares the table from what could be read (an error for Flink DDL, whose statement is otherwise copied; a warning for PostgreSQL DDL, whose postgres-cdc table is always generated). Columns or options may be missing: fix the statement.'],
    ['flink-job-integrity', 'error', 'The generated job is not exactly the statements generated from the contract: it is withheld.', 'After generation the whole job is read as Flink reads it and with the grammar: it must hold the source and sink CREATE TABLEs and one INSERT per stream, and nothing else (no other statement, no comment but the generator\'s own lines). When it does not, `streamcontract sql` prints nothing and exits 1, and the preview shows no SQL.'],
    ['flink-grammar-gap', 'info', "Valid Flink SQL that the checker's grammar (dt-sql-parser) does not know.", 'The statement is generated as written; only the check around the construct is weaker. A limitation of the checker, not an error.'],
    ['flink-generated-sql', ['error', 'warning'], 'A generated statement does not parse: a defect of streamcontract.', 'A warning when it is the copied DDL of a Flink source table; please report the others.'],
  ],
  sql: [
    ['source-rename-breaks-contract', 'warning', 'A migration renames a column a contract still reads.', 'Reported once per statement, naming the contracts. Each contract offers quick fixes that follow the rename while its public field keeps its name; a contract that reads both columns during the transition (`source-rename-transition`) is no longer broken by it.'],
    ['source-drop-breaks-contract', 'warning', 'A migration drops a column a contract still reads.', 'Change the contracts that read it first (feed the property from elsewhere, or remove it in a new major version).'],
    ['source-plain-credential', 'warning', 'A Flink source table writes a password, secret or token in plain text.', 'Use a placeholder such as `${PG_PASSWORD}` and keep the secret out of the repository; generated jobs always replace it.'],
    ['sql-syntax-error', 'error', 'A statement the SQL parser cannot read.', 'Files with a `WITH (\'connector\' = ...)` clause are read as Flink SQL, the others as PostgreSQL; the message gives the parser\'s reason and place.'],
    ['sql-duplicate-table', 'warning', 'A table is declared again (in this file or another); the second declaration is ignored.'],
    ['sql-duplicate-column', 'warning', 'A column is declared twice, or added to a table that already has it; the first one counts.'],
    ['sql-unknown-table', 'warning', 'A statement alters a table that no earlier statement creates (files are read in name order).'],
    ['sql-unknown-column', 'warning', 'A primary key or ALTER TABLE names a column the table does not have at that point.'],
    ['sql-column-drift', 'warning', 'A postgres-cdc Flink table reads a column the PostgreSQL DDL of the same table does not have.'],
    ['sql-type-drift', 'warning', "A postgres-cdc Flink column's type cannot hold the values of the PostgreSQL column.", 'Lengths and time precisions are not compared.'],
    ['sql-unmapped-type', 'info', 'A PostgreSQL type has no exact Flink type; the note says which one is used.', 'Kept with the source catalog; not shown as a diagnostic.'],
    ['sql-file-too-large', 'info', 'A .sql file is too large to read as DDL; its tables are not in the catalog.', 'Kept with the source catalog; not shown as a diagnostic.'],
  ],
  internal: [['internal-error', 'warning', 'A check failed unexpectedly; please report it.', 'The other checks still ran. The message names the failing check and the error.']],
};

/** Codes besides the change rules that have a section in docs/rules.md ("Version findings"). */
const RULES_DOC_SECTIONS = new Set(['version-major-bump-required', 'version-minor-bump-suggested', 'version-not-greater', 'version-already-registered', 'version-not-semver']);

const BREAKING_SEVERITIES: readonly Severity[] = ['warning', 'error', 'info'];
const INFO_THEN_BREAKING: readonly Severity[] = ['info', 'warning', 'error'];

const directions = (list: readonly string[]) => (list.length ? list.join(' and ') : 'nothing');

function changeEntry(code: string, rule: ChangeRule): ProblemCode {
  const breaks = rule.breaks.length > 0;
  const details = rule.category !== 'compatibility'
    ? `Category *${rule.category}*: never breaks consumers. Listed by \`streamcontract diff\` and in the changelog.`
    : breaks
      ? `Breaks ${rule.breaks.join(' and ')} consumers. When the compatibility mode makes it breaking it is a warning while editing (setting \`streamcontract.breakingChanges.severity\`) and an error in \`streamcontract check\` and publish; information when a new major version allows it.`
      : 'Breaks no consumer: shown as information when a new major version is compared with the previous one, and listed by `streamcontract diff`.';
  const registry = rule.schemaRegistry
    ? ` With a Schema Registry (registry kind \`confluent\`) it breaks ${directions(rule.schemaRegistry.open)} under FORWARD, FULL and NONE (an open JSON Schema content model) and ${directions(rule.schemaRegistry.closed)} under BACKWARD (a closed one), as the registry will judge it.`
    : '';
  // a rule that breaks nothing by ODCS may still break under a Schema Registry: information by default, then as breaking
  const breaksInRegistry = rule.schemaRegistry !== undefined && (rule.schemaRegistry.open.length > 0 || rule.schemaRegistry.closed.length > 0);
  const severities = breaks ? BREAKING_SEVERITIES : breaksInRegistry ? INFO_THEN_BREAKING : undefined;
  return { code, group: 'changes', severity: breaks ? 'warning' : 'info', ...(severities ? { severities } : {}), summary: rule.summary, details: details + registry, rulesDoc: true };
}

function build(): Record<string, ProblemCode> {
  const out: Record<string, ProblemCode> = {};
  const add = (p: ProblemCode) => {
    if (out[p.code]) throw new Error(`problem code ${p.code} is listed twice`);
    out[p.code] = p;
  };
  for (const { id } of PROBLEM_GROUPS) {
    if (id === 'changes') {
      for (const [code, rule] of Object.entries(CHANGE_RULES)) add(changeEntry(code, rule));
      continue;
    }
    for (const [code, severity, summary, details] of ENTRIES[id]) {
      const all = typeof severity === 'string' ? [severity] : severity;
      add({
        code,
        group: id,
        severity: all[0],
        ...(all.length > 1 ? { severities: all } : {}),
        summary,
        ...(details ? { details } : {}),
        ...(RULES_DOC_SECTIONS.has(code) ? { rulesDoc: true as const } : {}),
      });
    }
  }
  return out;
}

/** Every problem code, in the order of PROBLEM_GROUPS. */
export const PROBLEM_CODES: Readonly<Record<string, ProblemCode>> = build();

export function problemCode(code: string): ProblemCode | undefined {
  return Object.prototype.hasOwnProperty.call(PROBLEM_CODES, code) ? PROBLEM_CODES[code] : undefined;
}

/** Every severity a code can be reported with. */
export function severitiesOf(p: ProblemCode): readonly Severity[] {
  return p.severities ?? [p.severity];
}

export type DocsFile = 'docs/rules.md' | 'docs/problems.md';

/** Where a code is documented: its section in docs/rules.md where it has one, else in docs/problems.md. */
export function docsAnchor(code: string): { file: DocsFile; anchor: string } | undefined {
  const p = problemCode(code);
  if (!p) return undefined;
  return { file: p.rulesDoc ? 'docs/rules.md' : 'docs/problems.md', anchor: code };
}

/** The docs link of a code, relative to the repository root (`docs/problems.md#yaml-syntax`). */
export function docsLink(code: string): string | undefined {
  const at = docsAnchor(code);
  return at && `${at.file}#${at.anchor}`;
}
