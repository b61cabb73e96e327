// The SQL helpers the sweep uses must write what the TypeScript detectors write.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/rules/catalogue/util.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe('sweep SQL helpers', () => {
  it('formats durations exactly like formatDuration', async () => {
    const samples = fc.sample(fc.integer({ min: -10 * 86_400_000, max: 40 * 86_400_000 }), {
      numRuns: 300,
      seed: 7,
    });
    const fixed = [0, 999, 59_999, 60_000, 7_200_000, 8_100_000, 86_400_000, 93_600_000, -3_600_000];
    const all = [...fixed, ...samples];
    const { rows } = await db.pool.query<{ f: string }>(
      'SELECT ow_format_duration(ms) AS f FROM unnest($1::bigint[]) WITH ORDINALITY AS t(ms, i) ORDER BY i',
      [all],
    );
    expect(rows.map((r) => r.f)).toEqual(all.map(formatDuration));
  });

  it('writes timestamps exactly like Date.toISOString', async () => {
    const dates = [new Date('2026-11-22T04:00:00.000Z'), new Date('2026-01-02T03:04:05.678Z')];
    const { rows } = await db.pool.query<{ s: string }>(
      'SELECT ow_iso(t) AS s FROM unnest($1::timestamptz[]) WITH ORDINALITY AS x(t, i) ORDER BY i',
      [dates],
    );
    expect(rows.map((r) => r.s)).toEqual(dates.map((d) => d.toISOString()));
  });

  it('measures milliseconds between instants', async () => {
    const { rows } = await db.pool.query<{ ms: string }>('SELECT ow_ms($1, $2) AS ms', [
      new Date('2026-11-22T00:00:00.000Z'),
      new Date('2026-11-23T02:15:00.250Z'),
    ]);
    expect(Number(rows[0]!.ms)).toBe(94_500_250);
  });
});
