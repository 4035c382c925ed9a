// File paths of document URIs (only `file:` URIs have one).
import { fileURLToPath } from 'node:url';

export function filePath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
