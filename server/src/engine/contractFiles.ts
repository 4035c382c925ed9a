// Decides which files are data contracts: `*.odcs.yaml`/`*.odcs.yml` always, other YAML only by content.

const CONTRACT_NAME = /\.odcs\.ya?ml$/i;
const YAML_NAME = /\.ya?ml$/i;

/** True when a YAML text declares `kind: DataContract` at its top level (a cheap check, no parse). */
export function looksLikeContract(text: string): boolean {
  return /^kind:[ \t]*["']?DataContract["']?[ \t]*(#.*)?$/m.test(text.slice(0, 64 * 1024));
}

export function isContractName(fileName: string): boolean {
  return CONTRACT_NAME.test(fileName);
}

export function isYamlName(fileName: string): boolean {
  return YAML_NAME.test(fileName);
}

/** A file is analysed as a contract when its name says so, or when it is YAML declaring `kind: DataContract`. */
export function isContractFile(fileName: string | undefined, text: string): boolean {
  if (fileName && isContractName(fileName)) return true;
  return looksLikeContract(text);
}
