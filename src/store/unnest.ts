// Multi-row statements: the whole batch as one JSON parameter (recordsetSelect), so a 5,000-row batch
// stays far below Postgres's 65,535-parameter limit and plans once, and `rounds` for batches that
// name one row twice.

export interface Column<R> {
  name: string;
  type: string;
  value: (row: R) => unknown;
}

/**
 * The whole batch as one JSON parameter read by json_to_recordset: one C-speed JSON parse in Postgres,
 * instead of escaping every value into per-column array literals (which profiling showed to be the
 * largest Node-side cost of a 500-order upsert). Rows are written as JSON text column by column: a
 * 34-key object built per row and handed to JSON.stringify cost ~20 µs a row, mostly Date.toJSON.
 */
export function recordsetSelect<R>(columns: readonly Column<R>[], rows: readonly R[], param = 1) {
  const keys = columns.map((c, i) => `${i ? ',' : '{'}${JSON.stringify(c.name)}:`);
  const records = rows.map((r) => {
    let json = '';
    for (let i = 0; i < columns.length; i++) json += keys[i] + jsonValue(columns[i]!.value(r));
    return `${json}}`;
  });
  const defs = columns.map((c) => `"${c.name}" ${c.type}`).join(', ');
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  return {
    sql: `SELECT ${names} FROM json_to_recordset($${param}::json) AS t(${defs})`,
    params: [`[${records.join(',')}]`],
    names,
  };
}

let lastMs = Number.NaN;
let lastIso = '';

function jsonValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) {
    // A row repeats its snapshot time in several columns and a batch shares one `now`: format once.
    const ms = v.getTime();
    if (ms !== lastMs) [lastMs, lastIso] = [ms, `"${v.toISOString()}"`];
    return lastIso;
  }
  if (v instanceof JsonText) return v.text;
  return JSON.stringify(v);
}

/** A value that is already JSON text (e.g. a payload we hashed): spliced in, not serialised again. */
export class JsonText {
  constructor(readonly text: string) {}
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
