// The order .sql files are read in: natural path order (V2 before V10), Flyway versions compared as numbers.

/** Compares two file paths folder by folder; numbers inside names compare by value. */
export function comparePaths(a: string, b: string): number {
  const as = a.split(/[\\/]/);
  const bs = b.split(/[\\/]/);
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const last = i === as.length - 1 && i === bs.length - 1;
    const c = (last ? compareMigrations(as[i], bs[i]) : 0) || naturalCompare(as[i], bs[i]);
    if (c !== 0) return c;
  }
  return as.length - bs.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Flyway names: versioned (`V1_1__x.sql` is version 1.1, before `V2__y.sql`) first, then repeatable (`R__z.sql`). */
function compareMigrations(a: string, b: string): number {
  const ka = migrationKey(a);
  const kb = migrationKey(b);
  if (!ka || !kb) return 0;
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const d = (ka[i] ?? -1) - (kb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function migrationKey(name: string): number[] | undefined {
  const versioned = /^[VvUu](\d+(?:[._]\d+)*)__/.exec(name);
  if (versioned) return [0, ...versioned[1].split(/[._]/).map(Number)];
  return /^[Rr]__/.test(name) ? [1] : undefined;
}

export function naturalCompare(a: string, b: string): number {
  const ca = a.match(/\d+|\D+/g) ?? [];
  const cb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i];
    const y = cb[i];
    const digits = /^\d/.test(x) && /^\d/.test(y);
    const c = digits ? compareDigits(x, y) : compareText(x.toLowerCase(), y.toLowerCase());
    if (c !== 0) return c;
  }
  return ca.length - cb.length || compareText(a, b);
}

function compareDigits(x: string, y: string): number {
  const sx = x.replace(/^0+(?=\d)/, '');
  const sy = y.replace(/^0+(?=\d)/, '');
  return sx.length - sy.length || compareText(sx, sy) || x.length - y.length;
}

function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
