// Messages between the Flink SQL preview panel (extension host) and its webview. Plain data only: this file is
// compiled into both the extension bundle (Node) and the webview bundle (browser), so it imports nothing.

/** A generated SELECT item the webview can send back to reveal its property in the contract. */
export interface PreviewField {
  /** 0-based line in the SQL. */
  line: number;
  stream: string;
  field: string;
}

/** Host → webview. */
export type HostMessage =
  | {
      type: 'update';
      /** The contract file name, for labels. */
      fileName: string;
      /** The document version the SQL was generated from. */
      version: number;
      sql: string;
      fields: PreviewField[];
      problems: string[];
      /** True when the contract is no longer open: the content is the last one generated. */
      detached: boolean;
    }
  | {
      /** Shown above the editor; the SQL on display (if any) stays. The next `update` clears it. */
      type: 'status';
      kind: 'info' | 'error';
      message: string;
    };

/** Webview → host. The host acts on its own copy of the SQL, never on text sent by the webview. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'copy' }
  | { type: 'saveAs' }
  | { type: 'openUntitled' }
  | { type: 'reveal'; line: number };

/** What the webview keeps across reloads (a hidden panel's webview is discarded and rebuilt when shown again). */
export interface PreviewWebviewState {
  scrollTop: number;
  scrollLeft: number;
  problemsOpen: boolean;
}

const WEBVIEW_MESSAGE_TYPES: ReadonlySet<string> = new Set(['ready', 'copy', 'saveAs', 'openUntitled', 'reveal']);

/** Checks a message received from the webview (its script is ours, but the host does not trust its shape blindly). */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !WEBVIEW_MESSAGE_TYPES.has(type)) return false;
  if (type === 'reveal') {
    const line = (value as { line?: unknown }).line;
    return typeof line === 'number' && Number.isInteger(line) && line >= 0;
  }
  return true;
}
