// Shared by the security suites: a fingerprint of everything the store holds, to show a refused request
// had no effect; and a log sink that keeps every line a pino logger writes.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/lib/logger.js';
import type { Pool } from '../../src/store/pool.js';

/** Tables the background relay rewrites on its own (rate-budget windows expire), whatever requests come. */
const VOLATILE = new Set(['send_budget']);
/**
 * Columns background work writes on its own timer, whatever requests come: the escalation sync freezes a
 * policy onto new alerts and hands out timer ids (retrying shortly when a row was locked elsewhere).
 */
const BACKGROUND_COLUMNS: Record<string, string[]> = { alerts: ['escalation', 'active_escalation_job'] };

export type Fingerprint = Record<string, string>;

/** md5 over the sorted text of every row of every table in the public schema, per table. */
export async function dbFingerprint(pool: Pool): Promise<Fingerprint> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const tables = rows.map((r) => r.name).filter((n) => !VOLATILE.has(n));
  const columns = tables.map((t, i) => {
    const drop = (BACKGROUND_COLUMNS[t] ?? []).map((c) => ` - '${c}'`).join('');
    const row = drop ? `(to_jsonb(x)${drop})` : 'x';
    return (
      `(SELECT count(*) || ':' || md5(coalesce(string_agg(${row}::text, '|' ORDER BY ${row}::text), '')) ` +
      `FROM "${t.replace(/"/g, '""')}" x) AS c${i}`
    );
  });
  const res = await pool.query(`SELECT ${columns.join(', ')}`);
  const row = res.rows[0] as Record<string, string>;
  return Object.fromEntries(tables.map((t, i) => [t, row[`c${i}`]!]));
}

/** The tables whose content differs. */
export function diffFingerprints(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}

export interface CapturedLog {
  log: Logger;
  /** Every line written so far, as written (JSON). */
  lines(): string[];
}

/** A real orderwatch logger (same redaction as production) at `level`, writing into memory. */
export function captureLog(level = 'trace'): CapturedLog {
  const lines: string[] = [];
  let partial = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter((l) => l !== ''));
      done();
    },
  });
  return { log: createLogger(level, sink), lines: () => (partial ? [...lines, partial] : [...lines]) };
}
