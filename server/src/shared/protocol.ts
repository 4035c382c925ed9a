// Custom messages between the extension client and the language server (plain data, no LSP imports).
import type { PublishRequest } from './registry/types';

/** Sent by the server after each analysis of a document, for the status bar. */
export const DOCUMENT_INFO_NOTIFICATION = 'streamcontract/documentInfo';

export interface DocumentInfo {
  uri: string;
  /** false for a YAML file that is not a data contract: the client hides its status item. */
  isContract: boolean;
  apiVersion: string | null;
  version: string | null;
  contractId: string | null;
  errors: number;
  warnings: number;
  /** Set when the file was not analysed (too large, binary). */
  skippedReason: string | null;
  /** False while the registry listing or the workspace's source files are still being read: more problems may follow. */
  complete: boolean;
}

/** `streamcontract/publishPlan`: what publishing the document would do, or why it is refused. */
export const PUBLISH_PLAN_REQUEST = 'streamcontract/publishPlan';
/** `streamcontract/changelog`: a readable changelog between the registered version and the document. */
export const CHANGELOG_REQUEST = 'streamcontract/changelog';
/** `streamcontract/registered`: the registered version the document is compared with. */
export const REGISTERED_REQUEST = 'streamcontract/registered';
/** `streamcontract/migrationRules`: the UPGRADE/DOWNGRADE rules of the document against its registered major, as Markdown. */
export const MIGRATION_RULES_REQUEST = 'streamcontract/migrationRules';

export interface DocumentParams {
  uri: string;
}

export interface TextReplacement {
  /** 0-based positions in the document. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

export interface PublishPlan {
  ok: boolean;
  /** Why publishing is refused (errors in the document, version already registered, breaking without a major bump...). */
  refusal?: string;
  /** When the refusal can be fixed by a version bump: the version to use and the edit that sets it. */
  bump?: { version: string; edit: TextReplacement };
  contractId?: string;
  version?: string;
  /** Where versions are registered: always the workspace folder (the baseline of every comparison), and with the
   * confluent kind also the Schema Registry at `url`. `defaultMode` is the mode for a contract that declares none (the
   * workspace setting): the verdict used it, and the Schema Registry registers the content model it stands for. */
  registry: { kind: 'folder' | 'confluent'; folder: string; url: string; defaultMode: string };
  /** The request for the registry, when `ok`. */
  request?: PublishRequest;
  /** A one-line summary of the changes against the previous version, for the confirmation. */
  summary: string;
  /** The breaking changes a major version declares (or, with `bump`, would declare), one line each; empty within a major. */
  breaking: string[];
  /** The registered version compared with, when there is one. */
  previousVersion?: string;
}

export interface MigrationRulesResult {
  title: string;
  markdown: string;
}

export interface ChangelogResult {
  title: string;
  markdown: string;
}

export interface RegisteredResult {
  contractId: string;
  version: string;
  text: string;
  /** A file path (folder registry) or a URL. */
  location: string;
}

/** `streamcontract/generatedSql`: the Flink job generated from the contract's current text. */
export const GENERATED_SQL_REQUEST = 'streamcontract/generatedSql';

export interface GeneratedSqlResult {
  uri: string;
  /** The document version the SQL was generated from. */
  version: number;
  sql: string;
  /** 0-based line of each generated SELECT item in `sql`, and the contract range of its property (to reveal it). */
  fields: { line: number; stream: string; field: string; range: TextReplacement['range'] }[];
  /** One line per problem that kept a part of the job from being generated. */
  problems: string[];
}

/** `streamcontract/sourceTables`: the tables of the source catalog, for "New Contract from Source Table". */
export const SOURCE_TABLES_REQUEST = 'streamcontract/sourceTables';
/** `streamcontract/draftContract` with `{ table }` (a name from SOURCE_TABLES_REQUEST): a draft contract for it. */
export const DRAFT_CONTRACT_REQUEST = 'streamcontract/draftContract';

export interface SourceTableSummary {
  name: string;
  qualifiedName: string;
  file: string;
  columns: number;
  dialect: 'flink' | 'postgres';
}

export interface DraftContractResult {
  fileName: string;
  text: string;
  omitted: string[];
}
