// Reads for the people pages behind signed links (DESIGN.md §3.5): one order with its full record,
// timeline and alerts for GET /o/:token; the alerts folded into one digest card for GET /d/:token.
import type { Pool } from './pool.js';

export interface PageOrder {
  id: string;
  channel: string;
  externalId: string;
  shopId: string | null;
  status: string;
  amountFen: number;
  buyerName: string | null;
  buyerPhone: string | null;
  address: { province: string | null; city: string | null; district: string | null; detail: string | null };
  items: unknown;
  warehouse: string | null;
  remark: string;
  holdState: string | null;
  times: Record<
    'createdAt' | 'paidAt' | 'pickedAt' | 'shippedAt' | 'deliveredAt' | 'promisedShipAt',
    Date | null
  >;
  trackingNo: string | null;
  carrier: string | null;
  lastScanAt: Date | null;
  lastScanStatus: string | null;
  lastScanText: string | null;
}

export interface PageEvent {
  type: string;
  at: Date;
  data: Record<string, unknown>;
}

export interface PageAlert {
  id: string;
  rule: string;
  severity: string;
  state: 'open' | 'claimed' | 'resolved';
  claimedBy: string | null;
  openedAt: Date;
  resolvedAt: Date | null;
  resolveReason: string | null;
}

export interface OrderPageData {
  order: PageOrder;
  /** Newest first. */
  events: PageEvent[];
  /** Newest first. */
  alerts: PageAlert[];
}

export interface DigestPageData {
  digest: { id: string; team: string | null; createdAt: Date; sentAt: Date | null };
  /** Each folded alert once, oldest first, with its order's identity. */
  alerts: (PageAlert & {
    order: { id: string; channel: string; externalId: string; warehouse: string | null };
  })[];
}

export interface PageStore {
  orderPage(orderId: string): Promise<OrderPageData | null>;
  digestPage(deliveryId: string): Promise<DigestPageData | null>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ALERT_COLUMNS = `a.id, a.rule, a.severity, a.state, a.claimed_by, a.opened_at, a.resolved_at, a.resolve_reason`;

export function createPageStore(pool: Pool): PageStore {
  return {
    orderPage: (orderId) => (UUID.test(orderId) ? readOrderPage(pool, orderId) : Promise.resolve(null)),
    digestPage: (id) => (UUID.test(id) ? readDigestPage(pool, id) : Promise.resolve(null)),
  };
}

async function readOrderPage(pool: Pool, orderId: string): Promise<OrderPageData | null> {
  const [orders, events, alerts] = await Promise.all([
    pool.query(`SELECT * FROM orders WHERE id = $1`, [orderId]),
    pool.query(
      `SELECT type, at, data FROM order_events WHERE order_id = $1 ORDER BY at DESC, received_at DESC, id`,
      [orderId],
    ),
    pool.query(
      `SELECT ${ALERT_COLUMNS} FROM alerts a WHERE a.order_id = $1 ORDER BY a.opened_at DESC, a.id`,
      [orderId],
    ),
  ]);
  const row = orders.rows[0] as Record<string, unknown> | undefined;
  if (row === undefined) return null;
  return {
    order: toOrder(row),
    events: events.rows.map((e) => ({
      type: e.type as string,
      at: e.at as Date,
      data: (e.data ?? {}) as Record<string, unknown>,
    })),
    alerts: alerts.rows.map(toAlert),
  };
}

async function readDigestPage(pool: Pool, deliveryId: string): Promise<DigestPageData | null> {
  const digest = await pool.query(
    `SELECT id, team, created_at, sent_at FROM deliveries WHERE id = $1 AND kind = 'digest'`,
    [deliveryId],
  );
  const d = digest.rows[0] as Record<string, unknown> | undefined;
  if (d === undefined) return null;
  // One alert may have been folded more than once (several revisions): list it once.
  const alerts = await pool.query(
    `SELECT * FROM (
       SELECT DISTINCT ON (a.id) ${ALERT_COLUMNS},
              o.id AS order_id, o.channel, o.external_id, o.warehouse
       FROM deliveries f JOIN alerts a ON a.id = f.alert_id JOIN orders o ON o.id = a.order_id
       WHERE f.folded_into = $1
       ORDER BY a.id
     ) folded ORDER BY opened_at, external_id, id`,
    [deliveryId],
  );
  return {
    digest: {
      id: d.id as string,
      team: (d.team as string | null) ?? null,
      createdAt: d.created_at as Date,
      sentAt: (d.sent_at as Date | null) ?? null,
    },
    alerts: alerts.rows.map((r) => ({
      ...toAlert(r),
      order: {
        id: r.order_id as string,
        channel: r.channel as string,
        externalId: r.external_id as string,
        warehouse: (r.warehouse as string | null) ?? null,
      },
    })),
  };
}

const date = (v: unknown): Date | null => (v instanceof Date ? v : null);
const textOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function toOrder(r: Record<string, unknown>): PageOrder {
  return {
    id: r.id as string,
    channel: r.channel as string,
    externalId: r.external_id as string,
    shopId: textOrNull(r.shop_id),
    status: r.status as string,
    amountFen: Number(r.amount_fen),
    buyerName: textOrNull(r.buyer_name),
    buyerPhone: textOrNull(r.buyer_phone),
    address: {
      province: textOrNull(r.province),
      city: textOrNull(r.city),
      district: textOrNull(r.district),
      detail: textOrNull(r.address_detail),
    },
    items: r.items ?? [],
    warehouse: textOrNull(r.warehouse),
    remark: textOrNull(r.remark) ?? '',
    holdState: textOrNull(r.hold_state),
    times: {
      createdAt: date(r.created_at),
      paidAt: date(r.paid_at),
      pickedAt: date(r.picked_at),
      shippedAt: date(r.shipped_at),
      deliveredAt: date(r.delivered_at),
      promisedShipAt: date(r.promised_ship_at),
    },
    trackingNo: textOrNull(r.tracking_no),
    carrier: textOrNull(r.carrier),
    lastScanAt: date(r.last_scan_at),
    lastScanStatus: textOrNull(r.last_scan_status),
    lastScanText: textOrNull(r.last_scan_text),
  };
}

function toAlert(r: Record<string, unknown>): PageAlert {
  return {
    id: r.id as string,
    rule: r.rule as string,
    severity: r.severity as string,
    state: r.state as PageAlert['state'],
    claimedBy: textOrNull(r.claimed_by),
    openedAt: r.opened_at as Date,
    resolvedAt: date(r.resolved_at),
    resolveReason: textOrNull(r.resolve_reason),
  };
}
