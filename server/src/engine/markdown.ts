// Markdown from untrusted text (contract, DDL and registry values): shown as written, never as links, HTML or layout.

/** Line breaks of every kind, and other control characters, fold to one space: one value never starts a new block. */
function oneLine(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0x2028 || code === 0x2029 ? ' ' : ch;
    if (out.length >= max) return `${out}…`;
  }
  return out;
}

/** Text that Markdown shows literally: every character it could read as syntax is escaped. */
export function mdText(text: string, max = 500): string {
  return oneLine(text, max).replace(/[\\`*_[\]<>&~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/** Inline code for any text: the fence is longer than every run of backquotes inside it. */
export function mdCode(text: string, max = 200): string {
  const value = oneLine(text, max);
  let longest = 0;
  let run = 0;
  for (const ch of value) {
    run = ch === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') || value.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/**
 * A message whose `backquoted` parts are code: those stay code spans, everything else is escaped, so a name that
 * carries Markdown or HTML can neither make a link nor end its span early. An unpaired backquote is text.
 */
export function mdProse(text: string, max = 2000): string {
  const parts = oneLine(text, max).split('`');
  // an odd number of backquotes: the last one opens nothing
  const unpaired = parts.length % 2 === 0;
  let out = '';
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    if (i % 2 === 1 && !(unpaired && last)) out += mdCode(part);
    else out += (unpaired && last ? mdText('`') : '') + mdText(part, max);
  });
  return out;
}
