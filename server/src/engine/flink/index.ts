// The Flink job generator's public surface: generate the job of a contract, and check one Flink SQL statement.
export { generateJob } from './generate';
export { checkStatement } from './grammar';
export type { GrammarGap, StatementFacts } from './grammar';
export type { GeneratedJob, GenerateOptions, JobProblem } from './types';
