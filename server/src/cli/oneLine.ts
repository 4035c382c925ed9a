// Text the CLI prints as one line: line breaks in it (from contract text or file names) are shown escaped.
/**
 * A line break would start a line of its own, one that a CI runner may take for a command (GitHub's
 * `::set-output`, ...) or a reader for another problem. CR and LF become `\r` and `\n`, as the engine shows them in
 * names; the Unicode line and paragraph separators and NEL become `\u....`.
 */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u0085\u2028\u2029]/g, (c) => (c === '\r' ? '\\r' : c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
