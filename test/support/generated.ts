// Builds large test inputs from a small JSON description, so that fixtures of megabytes need not be stored.

/** Literal text, or a unit repeated `times` times (or enough times to fill a size); `{i}`, `{next}` and `{indent}` vary per repetition. */
export type GeneratedPart = string | { repeat: string; times?: number };

/**
 * The text of `parts`. Repeats without `times` share what the other parts leave of `size` characters. In a unit,
 * `{i}` is the repetition's index, `{next}` the one after it and `{indent}` that many spaces.
 */
export function generate(parts: readonly GeneratedPart[], size = 0): string {
  const fixed = parts.reduce((n, p) => n + (typeof p === 'string' ? p.length : 0), 0);
  const sharing = parts.filter((p) => typeof p !== 'string' && p.times === undefined).length;
  const share = Math.max(0, size - fixed) / Math.max(1, sharing);
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      const times = p.times ?? Math.ceil(share / p.repeat.length);
      if (!/\{(i|next|indent)\}/.test(p.repeat)) return p.repeat.repeat(times);
      const out: string[] = [];
      for (let i = 0; i < times; i++) out.push(p.repeat.replace(/\{(i|next|indent)\}/g, (_m, name: string) => (name === 'i' ? String(i) : name === 'next' ? String(i + 1) : ' '.repeat(i))));
      return out.join('');
    })
    .join('');
}
