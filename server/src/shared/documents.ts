// Which editor documents are data contracts: decided the same way by the extension (to start the server) and the server.
import { looksLikeContract } from '../engine/contractFiles';

/** The language id of contract files (`*.odcs.yaml`); other YAML files are contracts only by content. */
export const CONTRACT_LANGUAGE_ID = 'odcs';

/** A document in the contract language, or a YAML document whose top level declares `kind: DataContract`. */
export function isContractDocument(languageId: string, text: () => string): boolean {
  if (languageId === CONTRACT_LANGUAGE_ID) return true;
  return languageId === 'yaml' && looksLikeContract(text());
}
