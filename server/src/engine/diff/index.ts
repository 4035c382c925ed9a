// The contract-evolution engine's public surface: diff two versions, judge a version against a registry, render a changelog.
export { diffContracts } from './diff';
export { evaluate, isBreaking, modeOf, movedStreams, renamesOf } from './compat';
export type { CompatInput, CompatResult, EvaluatedChange, RegisteredSide, VersionFinding } from './compat';
export { renderChangelog } from './changelog';
export { judgedBy } from './registryVerdicts';
export { CHANGE_RULES, ruleDocAnchor } from './catalog';
export type { ChangeRule, ChangeRuleId } from './catalog';
export { contractSide } from './model';
export { compareFlinkTypes, parseFlinkType, renderFlinkType } from './flinkTypes';
export { propertyFlinkType } from './propertyTypes';
export type { FlinkType, TypeVerdict } from './flinkTypes';
export type { PropertyType } from './propertyTypes';
export * from './types';
