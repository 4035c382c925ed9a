// The generated Flink job: SQL text, where each contract property landed in it, and what could not be generated.
import { Path, Span } from '../types';

export interface GeneratedJob {
  /** The whole job: header comment, source DDL, sink DDL, INSERT ... SELECT per stream. */
  sql: string;
  /** One entry per generated SELECT item: its 0-based line in `sql` and the property it produces. */
  fields: { line: number; stream: string; field: string; propertyPath: Path }[];
  /** The source tables the job reads: its name for each in the job, the table as declared, and the file declaring it. */
  tables: { name: string; table: string; file: string }[];
  /** Problems located in the contract (e.g. a transformLogic rejected by the Flink grammar, an unknown source table). */
  problems: JobProblem[];
}

export interface JobProblem {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The property or stream the problem belongs to, as a path in the contract. */
  path: Path;
  /** A span inside the contract text when it is known exactly (e.g. inside a transformLogic string). */
  span?: Span;
}

export interface GenerateOptions {
  /** Only this stream (its `name` or topic); default: every stream of the contract, in one statement set. */
  stream?: string;
  /** The Kafka server to publish to (its `server` or `id`); default: the first `type: kafka` server. */
  server?: string;
}
