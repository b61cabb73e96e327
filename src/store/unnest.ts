// Multi-row statements as `unnest($1::type[], …)`: one parameter per column whatever the row count,
// so a 5,000-row batch stays far below Postgres's 65,535-parameter limit and plans once.

export interface Column<R> {
  name: string;
  type: string;
  value: (row: R) => unknown;
}

/**
 * The whole batch as one JSON parameter read by json_to_recordset: one native JSON.stringify in Node and
 * one C-speed JSON parse in Postgres, instead of escaping every value into per-column array literals
 * (which profiling showed to be the largest Node-side cost of a 500-order upsert).
 */
export function recordsetSelect<R>(columns: readonly Column<R>[], rows: readonly R[], param = 1) {
  const records = rows.map((r) => {
    const rec: Record<string, unknown> = {};
    let spliced = '';
    for (const c of columns) {
      const v = c.value(r);
      if (v instanceof JsonText) spliced += `,${JSON.stringify(c.name)}:${v.text}`;
      else rec[c.name] = v;
    }
    const json = JSON.stringify(rec);
    return spliced ? json.slice(0, -1) + (json.length > 2 ? spliced : spliced.slice(1)) + '}' : json;
  });
  const defs = columns.map((c) => `"${c.name}" ${c.type}`).join(', ');
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  return {
    sql: `SELECT ${names} FROM json_to_recordset($${param}::json) AS t(${defs})`,
    params: [`[${records.join(',')}]`],
    names,
  };
}

/** A value that is already JSON text (e.g. a payload we hashed): spliced in, not serialised again. */
export class JsonText {
  constructor(readonly text: string) {}
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
