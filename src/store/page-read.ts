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

/** One line of an alert's history (alert_history): opened, severity, claimed, snoozed, approval, … */
export interface PageAlertChange {
  at: Date;
  change: string;
  detail: Record<string, unknown>;
}

/** One row of the order's audit trail (actions), whatever its result. */
export interface PageAuditEntry {
  at: Date;
  platform: string;
  actorName: string | null;
  personId: string | null;
  action: string;
  result: string;
  message: string;
}

export interface OrderPageData {
  order: PageOrder;
  /** Newest first. */
  events: PageEvent[];
  /** Newest first, each with its history oldest first (`claimedBy` is the person's name). */
  alerts: (PageAlert & { history: PageAlertChange[] })[];
  /** Newest first. */
  audit: PageAuditEntry[];
  /** Names of the people the history and audit trail mention, by person id. */
  names: Record<string, string>;
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
  /** The internal id of a channel's order, for issuing a link to it. */
  orderIdOf(channel: string, externalId: string): Promise<string | null>;
  digestPage(deliveryId: string): Promise<DigestPageData | null>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// claimed_by holds a person id; pages show the person's name (the id when the person is gone).
const ALERT_COLUMNS = `a.id, a.rule, a.severity, a.state,
  COALESCE((SELECT p.name FROM people p WHERE p.id = a.claimed_by), a.claimed_by) AS claimed_by,
  a.opened_at, a.resolved_at, a.resolve_reason`;

export function createPageStore(pool: Pool): PageStore {
  return {
    orderPage: (orderId) => (UUID.test(orderId) ? readOrderPage(pool, orderId) : Promise.resolve(null)),
    orderIdOf: async (channel, externalId) => {
      const r = await pool.query(`SELECT id FROM orders WHERE channel = $1 AND external_id = $2`, [
        channel,
        externalId,
      ]);
      return (r.rows[0]?.id as string | undefined) ?? null;
    },
    digestPage: (id) => (UUID.test(id) ? readDigestPage(pool, id) : Promise.resolve(null)),
  };
}

/** The page shows at most this many audit rows and history lines per alert (newest kept). */
const PAGE_LIST_LIMIT = 200;

async function readOrderPage(pool: Pool, orderId: string): Promise<OrderPageData | null> {
  const [orders, events, alerts, history, audit] = await Promise.all([
    pool.query(`SELECT * FROM orders WHERE id = $1`, [orderId]),
    pool.query(
      `SELECT type, at, data FROM order_events WHERE order_id = $1 ORDER BY at DESC, received_at DESC, id`,
      [orderId],
    ),
    pool.query(
      `SELECT ${ALERT_COLUMNS} FROM alerts a WHERE a.order_id = $1 ORDER BY a.opened_at DESC, a.id`,
      [orderId],
    ),
    pool.query(
      `SELECT alert_id, at, change, detail FROM (
         SELECT h.*, row_number() OVER (PARTITION BY h.alert_id ORDER BY h.at DESC, h.id DESC) AS n
         FROM alert_history h JOIN alerts a ON a.id = h.alert_id WHERE a.order_id = $1
       ) h WHERE n <= $2 ORDER BY at, id`,
      [orderId, PAGE_LIST_LIMIT],
    ),
    pool.query(
      `SELECT at, platform, actor_name, person_id, action, result, message FROM actions
       WHERE order_id = $1 AND result <> 'pending' ORDER BY at DESC, id LIMIT $2`,
      [orderId, PAGE_LIST_LIMIT],
    ),
  ]);
  const row = orders.rows[0] as Record<string, unknown> | undefined;
  if (row === undefined) return null;
  const changes = new Map<string, PageAlertChange[]>();
  for (const h of history.rows) {
    const list = changes.get(h.alert_id as string) ?? [];
    list.push({
      at: h.at as Date,
      change: h.change as string,
      detail: (h.detail ?? {}) as Record<string, unknown>,
    });
    changes.set(h.alert_id as string, list);
  }
  const pageAlerts = alerts.rows.map((r) => ({ ...toAlert(r), history: changes.get(r.id as string) ?? [] }));
  const entries: PageAuditEntry[] = audit.rows.map((a) => ({
    at: a.at as Date,
    platform: a.platform as string,
    actorName: textOrNull(a.actor_name),
    personId: textOrNull(a.person_id),
    action: a.action as string,
    result: a.result as string,
    message: (a.message as string | null) ?? '',
  }));
  return {
    order: toOrder(row),
    events: events.rows.map((e) => ({
      type: e.type as string,
      at: e.at as Date,
      data: (e.data ?? {}) as Record<string, unknown>,
    })),
    alerts: pageAlerts,
    audit: entries,
    names: await namesOf(pool, pageAlerts),
  };
}

/** The people an alert's history names (claimed by, approved by, escalated to), by id. */
async function namesOf(pool: Pool, alerts: { history: PageAlertChange[] }[]) {
  const ids = new Set<string>();
  for (const a of alerts) {
    for (const h of a.history) {
      if (typeof h.detail.by === 'string') ids.add(h.detail.by);
      if (Array.isArray(h.detail.personIds))
        for (const p of h.detail.personIds) if (typeof p === 'string') ids.add(p);
    }
  }
  if (ids.size === 0) return {};
  const r = await pool.query(`SELECT id, name FROM people WHERE id = ANY($1::text[])`, [[...ids]]);
  return Object.fromEntries(r.rows.map((p) => [p.id as string, p.name as string]));
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
