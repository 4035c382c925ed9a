// The generated Flink job: SQL text, where each contract property landed in it, and what could not be generated.
import { Path, Span } from '../types';

export interface GeneratedJob {
  /** The whole job: header comment, source DDL, sink DDL, INSERT ... SELECT per stream. */
  sql: string;
  /** One entry per generated SELECT item: its 0-based line in `sql` and the property it produces (the span of its name). */
  fields: { line: number; stream: string; field: string; propertyPath: Path; span: Span }[];
  /**
   * The source tables the job reads: its name for each in the job, the table as declared, the file declaring it, and
   * whether the job declares it (not when its CREATE TABLE has a syntax error and too little of it could be read).
   */
  tables: { name: string; table: string; file: string; declared: boolean }[];
  /** Problems located in the contract (e.g. a transformLogic rejected by the Flink grammar, an unknown source table). */
  problems: JobProblem[];
  /** The job did not check as exactly the statements generated (`flink-job-integrity`): `sql` holds only a comment saying so. */
  withheld: boolean;
}

export interface JobProblem {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The property or stream the problem belongs to, as a path in the contract. */
  path: Path;
  /** Where it is underlined in the contract: inside a transformLogic string when known exactly, else the node at `path`. */
  span: Span;
}

/** A problem while the job is being generated: its span is filled in from its path when not known exactly. */
export type PendingProblem = Omit<JobProblem, 'span'> & { span?: Span };

export interface GenerateOptions {
  /** Only this stream (its `name` or topic); default: every stream of the contract, in one statement set. */
  stream?: string;
  /** The Kafka server to publish to (its `server` or `id`); default: the first `type: kafka` server. */
  server?: string;
  /**
   * Only the problems, as diagnostics need them at every keystroke: each fragment is checked in the statement made for
   * its kind, and no job text is written, checked statement by statement or as a whole (the preview and `sql` do that).
   */
  problemsOnly?: boolean;
}
