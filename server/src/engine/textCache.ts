// A bounded cache of results by the text they were computed from (least recently used entries leave first).

export class TextCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max: number) {}

  /** The result for `text`, computed by `compute` when it is not cached. */
  get(text: string, compute: () => V): V {
    const known = this.entries.get(text);
    if (known !== undefined || this.entries.has(text)) {
      // most recently used last: the first key is the one to evict
      this.entries.delete(text);
      this.entries.set(text, known as V);
      return known as V;
    }
    const value = compute();
    this.entries.set(text, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
