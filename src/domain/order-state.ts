// Order state follows event time: each stage keeps the earliest time it was reached, and the status is
// the most advanced stage reached. Applying the same facts in any arrival order gives the same state.
import type { OrderStatus } from './order.js';

export const STAGE_COLUMNS = [
  ['closed', 'closed_at'],
  ['cancelled', 'cancelled_at'],
  ['delivered', 'delivered_at'],
  ['shipped', 'shipped_at'],
  ['packed', 'packed_at'],
  ['picking', 'picked_at'],
  ['paid', 'paid_at'],
  ['created', 'created_at'],
] as const satisfies readonly (readonly [OrderStatus, string])[];

export type StageColumn = (typeof STAGE_COLUMNS)[number][1];
export type StageTimes = Partial<Record<StageColumn, Date | null>>;

/** The stage column a status is stamped into when a snapshot reports it. */
export function stageColumnOf(status: OrderStatus): StageColumn {
  const found = STAGE_COLUMNS.find(([s]) => s === status);
  if (!found) throw new Error(`no stage for status ${status}`);
  return found[1];
}

/** Most advanced stage with a time; terminal stages (closed, cancelled) outrank delivery. */
export function deriveStatus(times: StageTimes): { status: OrderStatus; statusAt: Date } {
  for (const [status, column] of STAGE_COLUMNS) {
    const at = times[column];
    if (at) return { status, statusAt: at };
  }
  throw new Error('an order always has created_at');
}

/** Earliest of two optional times (SQL LEAST ignores NULLs the same way). */
export function earliest(a: Date | null | undefined, b: Date | null | undefined): Date | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a.getTime() <= b.getTime() ? a : b;
}
