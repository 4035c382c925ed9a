// The Flink job generator's public surface: the job that produces a contract's streams.
export { generateJob } from './generate';
export type { GeneratedJob, GenerateOptions, JobProblem } from './types';
