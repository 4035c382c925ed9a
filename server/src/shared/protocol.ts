// Custom messages between the extension client and the language server (plain data, no LSP imports).
export { looksLikeContract } from '../engine/contractFiles';

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
}

/** The language id of contract files (`*.odcs.yaml`); other YAML files are contracts only by content. */
export const CONTRACT_LANGUAGE_ID = 'odcs';
