// The orders a sweep must look at again: those a time-based rule could fire on by now (each branch reads
// one partial index of open orders), and those with an unresolved time-based alert (so it can resolve).
import type { Pool } from './pool.js';

export interface SweepThresholds {
  unpickedAfterMs: number;
  unshippedAfterMs: number;
  promiseWithinMs: number;
  noPickupAfterMs: number;
  noUpdateAfterMs: number;
  timeBasedRules: string[];
}

export async function sweepCandidates(pool: Pool, now: Date, t: SweepThresholds): Promise<string[]> {
  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM orders WHERE status = 'paid' AND paid_at <= $1
     UNION SELECT id FROM orders WHERE status IN ('picking', 'packed') AND COALESCE(picked_at, packed_at) <= $2
     UNION SELECT id FROM orders
       WHERE status IN ('created', 'paid', 'picking', 'packed') AND promised_ship_at IS NOT NULL AND promised_ship_at <= $3
     UNION SELECT id FROM orders WHERE status = 'shipped' AND collected_at IS NULL AND shipped_at <= $4
     UNION SELECT id FROM orders WHERE status = 'shipped' AND last_scan_at <= $5
     UNION SELECT order_id FROM alerts WHERE state <> 'resolved' AND rule = ANY($6::text[])`,
    [
      at(-t.unpickedAfterMs),
      at(-t.unshippedAfterMs),
      at(t.promiseWithinMs),
      at(-t.noPickupAfterMs),
      at(-t.noUpdateAfterMs),
      t.timeBasedRules,
    ],
  );
  return rows.map((r) => r.id);
}
