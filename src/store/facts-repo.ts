// Loads what detectors need about a set of orders in one statement: the order row, its refunds from the
// timeline, and the cross-order counts the suspect rules use (each an index lookup on phone/address).
import { sameShanghaiDay } from './shanghai-day.js';
import { parseYuanToFen } from '../domain/money.js';
import type { OrderFacts, RefundFact } from '../rules/types.js';
import type { Pool, PoolClient } from './pool.js';

export interface FactWindows {
  /** suspect_phone_velocity's window (ms). */
  phoneVelocityMs: number;
  /** suspect_cross_channel_duplicate's window (ms). */
  crossChannelMs: number;
}

const SQL = `
SELECT o.*,
  COALESCE((
    SELECT json_agg(json_build_object('type', e.type, 'at', e.at, 'data', e.data) ORDER BY e.at)
    FROM order_events e
    WHERE e.order_id = o.id AND e.type IN ('refund_requested', 'refund_cancelled')
  ), '[]') AS refund_events,
  CASE WHEN o.phone_hash IS NULL THEN 1 ELSE (
    SELECT count(*) FROM orders p
    WHERE p.phone_hash = o.phone_hash
      AND p.created_at > o.created_at - $2::interval AND p.created_at <= o.created_at
  ) END AS phone_orders,
  CASE WHEN o.buyer_phone IS NULL THEN 1 ELSE (
    SELECT count(*) FROM orders r
    WHERE r.buyer_phone = o.buyer_phone
      AND ${sameShanghaiDay('r', 'o')}
  ) END AS recipient_day,
  CASE WHEN o.phone_hash IS NULL OR o.address_hash IS NULL THEN 1 ELSE (
    SELECT count(DISTINCT c.channel) FROM orders c
    WHERE c.phone_hash = o.phone_hash AND c.address_hash = o.address_hash
      AND c.created_at > o.created_at - $3::interval AND c.created_at <= o.created_at
  ) END AS channel_count,
  ARRAY(SELECT a.rule FROM alerts a WHERE a.order_id = o.id AND a.state <> 'resolved') AS open_rules,
  ARRAY(SELECT ra.refund_id || ':' || ra.state FROM refund_approvals ra
        WHERE ra.order_id = o.id AND ra.state <> 'pending') AS refund_decisions,
  ARRAY(SELECT l.rule FROM legit_marks l WHERE l.phone_hash = o.phone_hash OR l.order_id = o.id)
    || CASE WHEN EXISTS (SELECT 1 FROM order_merges m WHERE m.order_id = o.id)
       THEN ARRAY['suspect_cross_channel_duplicate'] ELSE ARRAY[]::text[] END AS legit_rules
FROM orders o
WHERE o.id = ANY($1::uuid[])`;

interface RefundEvent {
  type: 'refund_requested' | 'refund_cancelled';
  at: string;
  data: { refundId?: string; amount?: string | number; reason?: string };
}

/** Refund requests folded with their cancellations (by refund id) and decisions, in request order. */
export function refundsOf(events: RefundEvent[], decisions: readonly string[] = []): RefundFact[] {
  const byId = new Map<string, RefundFact>();
  for (const e of events) {
    const id = String(e.data.refundId ?? '');
    if (e.type === 'refund_requested') {
      byId.set(id, {
        refundId: id,
        amountFen: yuanToFen(e.data.amount),
        reason: String(e.data.reason ?? ''),
        requestedAt: new Date(e.at),
        cancelledAt: null,
      });
    } else {
      const r = byId.get(id);
      if (r) r.cancelledAt = new Date(e.at);
    }
  }
  for (const d of decisions) {
    const cut = d.lastIndexOf(':');
    const r = byId.get(d.slice(0, cut));
    const state = d.slice(cut + 1);
    if (r && (state === 'approved' || state === 'rejected')) r.decision = state;
  }
  return [...byId.values()];
}

// The timeline keeps `data` verbatim; its amount passed the same parser at ingest.
function yuanToFen(v: unknown): number {
  const r = parseYuanToFen(v ?? '0');
  return r.ok ? r.fen : 0;
}

const ms = (n: number) => `${Math.max(0, Math.round(n))} milliseconds`;

type Row = Record<string, unknown> & { refund_events: RefundEvent[] };

export async function loadFacts(
  db: Pool | PoolClient,
  orderIds: readonly string[],
  windows: FactWindows,
): Promise<OrderFacts[]> {
  return (await loadFactsWithOpenRules(db, orderIds, windows)).facts;
}

/** The facts, and which rules have an unresolved alert on each order (so clearing can skip the rest). */
export async function loadFactsWithOpenRules(
  db: Pool | PoolClient,
  orderIds: readonly string[],
  windows: FactWindows,
): Promise<{ facts: OrderFacts[]; openRules: Map<string, Set<string>> }> {
  if (orderIds.length === 0) return { facts: [], openRules: new Map() };
  const params = [orderIds, ms(windows.phoneVelocityMs), ms(windows.crossChannelMs)];
  const { rows } = await db.query<Row>(SQL, params);
  return {
    facts: rows.map(toFacts),
    openRules: new Map(rows.map((r) => [r.id as string, new Set(r.open_rules as string[])])),
  };
}

function toFacts(r: Row): OrderFacts {
  const d = (k: string) => (r[k] as Date | null) ?? null;
  const s = (k: string) => (r[k] as string | null) ?? null;
  return {
    id: r.id as string,
    channel: r.channel as string,
    externalId: r.external_id as string,
    status: r.status as OrderFacts['status'],
    amountFen: Number(r.amount_fen),
    warehouse: s('warehouse'),
    holdState: r.hold_state as string,
    presale: r.presale as boolean,
    createdAt: r.created_at as Date,
    paidAt: d('paid_at'),
    pickedAt: d('picked_at'),
    packedAt: d('packed_at'),
    shippedAt: d('shipped_at'),
    deliveredAt: d('delivered_at'),
    cancelledAt: d('cancelled_at'),
    closedAt: d('closed_at'),
    promisedShipAt: d('promised_ship_at'),
    trackingNo: s('tracking_no'),
    carrier: s('carrier'),
    collectedAt: d('collected_at'),
    lastScanAt: d('last_scan_at'),
    lastScanStatus: s('last_scan_status'),
    lastExceptionAt: d('last_exception_at'),
    buyerPhone: s('buyer_phone'),
    phoneHash: s('phone_hash'),
    province: s('province'),
    city: s('city'),
    district: s('district'),
    addressDetail: s('address_detail'),
    addressHash: s('address_hash'),
    remark: (r.remark as string) ?? '',
    refunds: refundsOf(r.refund_events, r.refund_decisions as string[]),
    legitRules: r.legit_rules as string[],
    phoneOrdersInWindow: Number(r.phone_orders),
    recipientOrdersSameDay: Number(r.recipient_day),
    channelsWithSamePhoneAndAddress: Number(r.channel_count),
  };
}
