// SQL that merges new facts about an order into its row so the result does not depend on arrival order:
// stage times keep the earliest, scan/exception times the latest, and each group of fields (snapshot,
// address, remark, tracking, last scan) comes from whichever source is newest by its own time.
// Used by the snapshot upsert (new = EXCLUDED) and the event apply (new = the delta row).
import { STAGE_COLUMNS } from '../domain/order-state.js';

export const EARLIEST_COLUMNS = [
  'created_at',
  'paid_at',
  'picked_at',
  'packed_at',
  'shipped_at',
  'delivered_at',
  'cancelled_at',
  'closed_at',
  'collected_at',
] as const;
export const LATEST_COLUMNS = ['last_exception_at'] as const;

/** Field groups replaced together when the new side's group time is at least the stored one. */
export const GROUPS = {
  snapshot_at: [
    'shop_id',
    'amount_fen',
    'currency',
    'buyer_name',
    'buyer_phone',
    'phone_hash',
    'items',
    'warehouse',
    'presale',
    'promised_ship_at',
    'raw',
    'content_hash',
  ],
  address_at: ['province', 'city', 'district', 'address_detail', 'address_hash'],
  remark_at: ['remark'],
  tracking_at: ['tracking_no', 'carrier'],
  last_scan_at: ['last_scan_status', 'last_scan_text'],
} as const;
export type GroupTime = keyof typeof GROUPS;

export interface MergeSpec {
  /** Columns the new side carries; everything else keeps the stored value. */
  columns: ReadonlySet<string>;
  groups: readonly GroupTime[];
}

const q = (c: string) => `"${c}"`;

function earliestExpr(spec: MergeSpec, col: string, o: string, n: string): string {
  return spec.columns.has(col) ? `LEAST(${o}.${q(col)}, ${n}.${q(col)})` : `${o}.${q(col)}`;
}

/** `SET` assignments (without the keyword) merging alias `n` into alias `o`. */
export function mergeAssignments(spec: MergeSpec, o: string, n: string): string {
  const sets: string[] = [];
  for (const col of EARLIEST_COLUMNS) {
    if (spec.columns.has(col)) sets.push(`${q(col)} = ${earliestExpr(spec, col, o, n)}`);
  }
  for (const col of LATEST_COLUMNS) {
    if (spec.columns.has(col)) sets.push(`${q(col)} = GREATEST(${o}.${q(col)}, ${n}.${q(col)})`);
  }
  for (const time of spec.groups) {
    const newer = `(${n}.${q(time)} IS NOT NULL AND (${o}.${q(time)} IS NULL OR ${n}.${q(time)} >= ${o}.${q(time)}))`;
    for (const col of [time, ...GROUPS[time]]) {
      sets.push(`${q(col)} = CASE WHEN ${newer} THEN ${n}.${q(col)} ELSE ${o}.${q(col)} END`);
    }
  }
  const stageWhen = (pick: (status: string, expr: string) => string) =>
    STAGE_COLUMNS.map(([status, col]) => {
      const expr = earliestExpr(spec, col, o, n);
      return `WHEN ${expr} IS NOT NULL THEN ${pick(status, expr)}`;
    }).join(' ');
  sets.push(`"status" = CASE ${stageWhen((s) => `'${s}'`)} END`);
  sets.push(`"status_at" = CASE ${stageWhen((_s, e) => e)} END`);
  sets.push(`"updated_at" = ${n}."updated_at"`);
  // The order changed: its detection is due (cleared by the detection transaction; see detect_due_at).
  sets.push(`"detect_due_at" = ${n}."updated_at"`);
  return sets.join(',\n  ');
}
