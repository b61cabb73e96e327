// Rows for the daily report of 2026-11-22 (Asia/Shanghai: 2026-11-21T16:00Z to 2026-11-22T16:00Z), written
// straight to the tables, with neighbours on both sides of each boundary (23:59 / 00:00 Beijing time).
import type { Pool } from '../../../src/store/pool.js';

interface OrderRow {
  key: string;
  channel: string;
  created: string;
  paid?: string;
  collected?: string;
}

const ORDERS: OrderRow[] = [
  // 11-21 23:59 Beijing: the day before; scanned the day before too.
  {
    key: 'A',
    channel: 'taobao',
    created: '2026-11-21T15:59:00Z',
    paid: '2026-11-21T15:59:00Z',
    collected: '2026-11-21T15:59:30Z',
  },
  // 11-22 00:00: counted; paid → collected 120 min.
  {
    key: 'B',
    channel: 'taobao',
    created: '2026-11-21T16:00:00Z',
    paid: '2026-11-21T16:00:00Z',
    collected: '2026-11-21T18:00:00Z',
  },
  // No collected_at: its first logistics event (12:00Z) counts, 240 min.
  { key: 'C', channel: 'taobao', created: '2026-11-22T08:00:00Z', paid: '2026-11-22T08:00:00Z' },
  // 11-22 23:59:59.999: counted; never paid, so not in the cycle though scanned.
  { key: 'D', channel: 'jd', created: '2026-11-22T15:59:59.999Z', collected: '2026-11-22T15:59:59.999Z' },
  // 11-23 00:00: the next day; scanned the next day.
  {
    key: 'E',
    channel: 'jd',
    created: '2026-11-22T16:00:00Z',
    paid: '2026-11-22T16:00:00Z',
    collected: '2026-11-22T16:00:00Z',
  },
  // 420 min.
  {
    key: 'F',
    channel: 'douyin',
    created: '2026-11-22T03:00:00Z',
    paid: '2026-11-22T03:00:00Z',
    collected: '2026-11-22T10:00:00Z',
  },
  // Created the day before; 600 min, scanned on the day.
  {
    key: 'G',
    channel: 'jd',
    created: '2026-11-21T10:00:00Z',
    paid: '2026-11-22T00:00:00Z',
    collected: '2026-11-22T10:00:00Z',
  },
  // First logistics event the day before, the next one on the day: not on the day's cycle.
  { key: 'H', channel: 'pdd', created: '2026-11-20T10:00:00Z', paid: '2026-11-20T10:00:00Z' },
];

const EVENTS: [string, string][] = [
  ['C', '2026-11-22T12:00:00Z'],
  ['C', '2026-11-22T13:00:00Z'],
  ['H', '2026-11-21T15:59:00Z'],
  ['H', '2026-11-22T02:00:00Z'],
];

interface AlertRow {
  order: string;
  rule: string;
  kind: string;
  team: string | null;
  opened: string;
  claimed?: string;
  resolved?: string;
  details?: Record<string, unknown>;
}

export const ALERTS: AlertRow[] = [
  {
    order: 'A',
    rule: 'stuck_unpicked',
    kind: 'stuck',
    team: 'ops',
    opened: '2026-11-21T15:59:00Z',
    resolved: '2026-11-21T17:30:00Z',
  },
  {
    order: 'B',
    rule: 'stuck_unpicked',
    kind: 'stuck',
    team: 'ops',
    opened: '2026-11-21T16:00:00Z',
    claimed: '2026-11-21T16:10:00Z',
  },
  {
    order: 'C',
    rule: 'suspect_vague_address',
    kind: 'suspect',
    team: 'ops',
    opened: '2026-11-22T01:00:00Z',
    claimed: '2026-11-22T01:30:00Z',
    resolved: '2026-11-22T02:00:00Z',
  },
  { order: 'F', rule: 'logistics_no_pickup', kind: 'logistics', team: 'ops', opened: '2026-11-22T04:00:00Z' },
  {
    order: 'C',
    rule: 'refund_approval',
    kind: 'refund',
    team: 'ops',
    opened: '2026-11-22T05:00:00Z',
    claimed: '2026-11-22T05:50:00Z',
    resolved: '2026-11-22T06:00:00Z',
    details: { refundId: 'R1' },
  },
  {
    order: 'C',
    rule: 'stuck_unpicked',
    kind: 'stuck',
    team: 'wh',
    opened: '2026-11-22T06:00:00Z',
    claimed: '2026-11-22T08:00:00Z',
  },
  { order: 'B', rule: 'stuck_unshipped', kind: 'stuck', team: null, opened: '2026-11-22T15:59:59Z' },
  { order: 'F', rule: 'stuck_unpicked', kind: 'stuck', team: 'ops', opened: '2026-11-22T16:00:00Z' },
];

const REFUNDS: [string, string, 'approved' | 'rejected' | 'pending', string | null][] = [
  ['C', 'R1', 'approved', '2026-11-22T06:00:00Z'],
  ['F', 'R2', 'rejected', '2026-11-22T15:59:00Z'],
  ['B', 'R3', 'approved', '2026-11-22T16:00:00Z'],
  ['B', 'R4', 'rejected', '2026-11-21T15:59:00Z'],
  ['G', 'R5', 'pending', null],
];

export async function seedReportDay(pool: Pool): Promise<void> {
  const ids = new Map<string, string>();
  for (const o of ORDERS) {
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO orders (channel, external_id, status, status_at, amount_fen, raw, received_at, updated_at,
                           created_at, paid_at, collected_at)
       VALUES ($1, $2, 'paid', $3, 100, '{}', $3, $3, $3, $4, $5) RETURNING id`,
      [o.channel, `X-${o.key}`, o.created, o.paid ?? null, o.collected ?? null],
    );
    ids.set(o.key, rows[0]!.id);
  }
  for (const [key, at] of EVENTS) {
    await pool.query(
      `INSERT INTO order_events (order_id, type, at, data, idempotency_key, received_at)
       VALUES ($1, 'logistics', $2, '{}', $3, $2)`,
      [ids.get(key), at, `${key}-${at}`],
    );
  }
  for (const a of ALERTS) {
    await pool.query(
      `INSERT INTO alerts (rule, kind, severity, state, fingerprint, order_id, summary, details, team,
                           opened_at, last_detected_at, updated_at, claimed_at, resolved_at)
       VALUES ($1, $2, 'warning', $3, $1, $4, '', $5, $6, $7, $7, $7, $8, $9)`,
      [
        a.rule,
        a.kind,
        a.resolved ? 'resolved' : a.claimed ? 'claimed' : 'open',
        ids.get(a.order),
        JSON.stringify(a.details ?? {}),
        a.team,
        a.opened,
        a.claimed ?? null,
        a.resolved ?? null,
      ],
    );
  }
  for (const [key, refundId, state, decided] of REFUNDS) {
    await pool.query(
      `INSERT INTO refund_approvals (order_id, refund_id, amount_fen, required_approvals, state, decided_at, created_at)
       VALUES ($1, $2, 100, 1, $3, $4, '2026-11-21T00:00:00Z')`,
      [ids.get(key), refundId, state, decided],
    );
  }
}
