// The five time-based rules as set-based SQL, for the periodic sweep. Each mirrors its pure detector in
// src/rules/catalogue/ (condition, severity, summary, details) so both paths open the same alert; the
// scenario test runs both over the same store and compares them. `o` is the orders row, `$1` is now;
// each spec's own settings follow as $2, $3.

export interface SweepSpec {
  rule: string;
  kind: 'stuck' | 'logistics';
  /** Setting keys whose values (ms) are bound as $2, $3 … in this order. */
  params: string[];
  /** Which orders fire; reads one partial index of open orders. */
  where: string;
  severity: string;
  summary: string;
  details: string;
}

export const SWEEP_SPECS: SweepSpec[] = [
  {
    rule: 'stuck_unpicked',
    kind: 'stuck',
    params: ['after', 'critical_after'],
    where: `o.status = 'paid' AND o.paid_at <= $1 - make_interval(secs => $2::bigint / 1000.0)
      AND o.picked_at IS NULL AND o.hold_state = 'none' AND NOT o.presale`,
    severity: `CASE WHEN ow_ms(o.paid_at, $1) >= $3::bigint THEN 'critical' ELSE 'warning' END`,
    summary: `'paid ' || ow_format_duration(ow_ms(o.paid_at, $1)) || ' ago, not picked'`,
    details: `jsonb_build_object('paidAt', ow_iso(o.paid_at), 'minutesSincePaid', ow_ms(o.paid_at, $1) / 60000,
      'minutesLate', (ow_ms(o.paid_at, $1) - $2::bigint) / 60000, 'warehouse', o.warehouse)`,
  },
  {
    rule: 'stuck_unshipped',
    kind: 'stuck',
    params: ['after', 'critical_after'],
    where: `o.status IN ('picking', 'packed') AND COALESCE(o.picked_at, o.packed_at) <= $1 - make_interval(secs => $2::bigint / 1000.0)
      AND o.hold_state = 'none' AND NOT o.presale`,
    severity: `CASE WHEN ow_ms(COALESCE(o.picked_at, o.packed_at), $1) >= $3::bigint THEN 'critical' ELSE 'warning' END`,
    summary: `CASE WHEN o.picked_at IS NOT NULL THEN 'picked ' ELSE 'packed ' END
      || ow_format_duration(ow_ms(COALESCE(o.picked_at, o.packed_at), $1)) || ' ago, not shipped'`,
    details: `jsonb_build_object('stage', CASE WHEN o.picked_at IS NOT NULL THEN 'picked' ELSE 'packed' END,
      'since', ow_iso(COALESCE(o.picked_at, o.packed_at)),
      'minutesSince', ow_ms(COALESCE(o.picked_at, o.packed_at), $1) / 60000,
      'minutesLate', (ow_ms(COALESCE(o.picked_at, o.packed_at), $1) - $2::bigint) / 60000, 'warehouse', o.warehouse)`,
  },
  {
    rule: 'stuck_promise_risk',
    kind: 'stuck',
    params: ['within'],
    where: `o.status IN ('paid', 'picking', 'packed') AND o.promised_ship_at IS NOT NULL
      AND o.promised_ship_at < $1 + make_interval(secs => $2::bigint / 1000.0)`,
    severity: `CASE WHEN ow_ms($1, o.promised_ship_at) <= 0 THEN 'critical' ELSE 'warning' END`,
    summary: `CASE WHEN ow_ms($1, o.promised_ship_at) <= 0
      THEN 'promised ship time passed ' || ow_format_duration(ow_ms($1, o.promised_ship_at)) || ' ago, not shipped'
      ELSE 'promised ship time in ' || ow_format_duration(ow_ms($1, o.promised_ship_at)) || ', not shipped' END`,
    details: `jsonb_build_object('promisedShipAt', ow_iso(o.promised_ship_at),
      'minutesLeft', ow_ms($1, o.promised_ship_at) / 60000, 'past', ow_ms($1, o.promised_ship_at) <= 0,
      'held', o.hold_state <> 'none', 'warehouse', o.warehouse)`,
  },
  {
    rule: 'logistics_no_pickup',
    kind: 'logistics',
    params: ['after'],
    where: `o.status = 'shipped' AND o.collected_at IS NULL
      AND o.shipped_at <= $1 - make_interval(secs => $2::bigint / 1000.0)`,
    severity: `'warning'`,
    summary: `'shipped ' || ow_format_duration(ow_ms(o.shipped_at, $1)) || ' ago, no carrier pickup scan'`,
    details: `jsonb_build_object('shippedAt', ow_iso(o.shipped_at), 'minutesSinceShipped', ow_ms(o.shipped_at, $1) / 60000,
      'carrier', o.carrier, 'trackingNo', o.tracking_no)`,
  },
  {
    rule: 'logistics_no_update',
    kind: 'logistics',
    params: ['after'],
    where: `o.status = 'shipped' AND o.last_scan_at <= $1 - make_interval(secs => $2::bigint / 1000.0)
      AND o.last_scan_status NOT IN ('exception', 'delivered')`,
    severity: `'warning'`,
    summary: `'no carrier scan for ' || ow_format_duration(ow_ms(o.last_scan_at, $1)) || ', not delivered'`,
    details: `jsonb_build_object('lastScanAt', ow_iso(o.last_scan_at), 'lastScanStatus', o.last_scan_status,
      'minutesSinceScan', ow_ms(o.last_scan_at, $1) / 60000, 'carrier', o.carrier, 'trackingNo', o.tracking_no)`,
  },
];

/** Why a swept alert resolved, as the order now stands (clearedReason in src/alerts/evaluate.ts). */
export const clearedReasonSql = (kind: string) => `CASE
  WHEN o.status IN ('cancelled', 'closed') THEN 'order ' || o.status
  ${kind === 'stuck' ? `WHEN o.hold_state <> 'none' THEN 'order on hold (' || o.hold_state || ')'` : ''}
  ${kind === 'logistics' ? `WHEN o.last_scan_status IS NOT NULL THEN 'carrier scan: ' || o.last_scan_status` : ''}
  ELSE 'condition cleared; order is ' || o.status END`;
