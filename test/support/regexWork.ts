// Counts the characters regular expressions scan while a function runs: a measure of work that does not depend on the clock.
/**
 * Every `test`, `replace`, `match`, `split` and `matchAll` goes through `RegExp.prototype.exec` once it is replaced,
 * so wrapping it sees each search: the characters from where a search starts to where its match ends (or to the
 * end of the text when it fails). With regular expressions that cannot backtrack super-linearly (test/engine/redos.test.ts),
 * this bounds their work; a linear expression run again for every line of a text shows up here as quadratic.
 */
export function countRegexWork<T>(run: () => T): { result: T; scanned: number; searches: number } {
  const original = RegExp.prototype.exec;
  let scanned = 0;
  let searches = 0;
  RegExp.prototype.exec = function exec(this: RegExp, input: string) {
    const text = String(input);
    const from = this.global || this.sticky ? this.lastIndex : 0;
    const match = original.call(this, text);
    searches++;
    // a sticky search that fails has looked at its first characters only (split tries one at every index)
    scanned += match ? match.index + match[0].length - from : this.sticky ? 1 : Math.max(0, text.length - from);
    return match;
  };
  try {
    return { result: run(), scanned, searches };
  } finally {
    RegExp.prototype.exec = original;
  }
}
