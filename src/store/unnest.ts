// Multi-row statements as `unnest($1::type[], …)`: one parameter per column whatever the row count,
// so a 5,000-row batch stays far below Postgres's 65,535-parameter limit and plans once.

export interface Column<R> {
  name: string;
  type: string;
  value: (row: R) => unknown;
}

export function unnestSelect<R>(columns: readonly Column<R>[], rows: readonly R[], offset = 0) {
  const params = columns.map((c) => rows.map((r) => c.value(r)));
  const args = columns.map((c, i) => `$${i + 1 + offset}::${c.type}[]`).join(', ');
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  return { sql: `SELECT * FROM unnest(${args}) AS t(${names})`, params, names };
}

/** Splits rows so no key appears twice in one statement (ON CONFLICT / UPDATE … FROM need that). */
export function rounds<R>(rows: readonly R[], key: (r: R) => string): R[][] {
  const out: R[][] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const k = key(row);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    (out[n] ??= []).push(row);
  }
  return out;
}
