// The daily report in one statement: every figure a scalar subquery over the day's bounds ($1, $2) and the
// team ($3, null = all teams), folded into one JSON row. Order and cycle figures ignore the team: orders
// carry none (routing happens per alert).

/** Alerts routed to team $3: 'default' also stands for alerts no route sent anywhere (team IS NULL). */
const TEAM = `($3::text IS NULL OR a.team = $3::text OR ($3::text = 'default' AND a.team IS NULL))`;

/** Alerts opened on the day, for the team. */
const DAY_ALERTS = `SELECT a.* FROM alerts a WHERE a.opened_at >= $1 AND a.opened_at < $2 AND ${TEAM}`;

/**
 * Orders whose first carrier scan fell on the day, with their paid time: collected_at when the store set it,
 * else the first logistics event (an order whose first event came before the day is not counted again).
 */
const FIRST_SCANS = `
  SELECT o.paid_at, o.collected_at AS scan_at FROM orders o
   WHERE o.collected_at >= $1 AND o.collected_at < $2 AND o.paid_at IS NOT NULL
  UNION ALL
  SELECT o.paid_at, f.scan_at FROM (
    SELECT e.order_id, min(e.at) AS scan_at FROM order_events e
     WHERE e.type = 'logistics' AND e.at >= $1 AND e.at < $2
       AND NOT EXISTS (SELECT 1 FROM order_events p
                        WHERE p.order_id = e.order_id AND p.type = 'logistics' AND p.at < $1)
     GROUP BY e.order_id) f
  JOIN orders o ON o.id = f.order_id
  WHERE o.collected_at IS NULL AND o.paid_at IS NOT NULL`;

const minutes = (later: string, earlier: string) => `extract(epoch FROM ${later} - ${earlier}) / 60.0`;
const pct = (p: number, expr: string) =>
  `round((percentile_cont(${p}) WITHIN GROUP (ORDER BY ${expr}))::numeric, 1)::float8`;

export const DAILY_REPORT_SQL = `
WITH day_alerts AS (${DAY_ALERTS}),
scans AS (SELECT ${minutes('scan_at', 'paid_at')} AS m FROM (${FIRST_SCANS}) s WHERE scan_at >= paid_at)
SELECT json_build_object(
  'channels', (SELECT coalesce(json_agg(json_build_object('channel', channel, 'count', n)
                                        ORDER BY n DESC, channel), '[]'::json)
                 FROM (SELECT channel, count(*)::int AS n FROM orders
                        WHERE created_at >= $1 AND created_at < $2 GROUP BY channel) c),
  'cycle', (SELECT json_build_object('orders', count(*)::int, 'p50', ${pct(0.5, 'm')}, 'p90', ${pct(0.9, 'm')})
              FROM scans),
  'kinds', (SELECT coalesce(json_object_agg(kind, n), '{}'::json)
              FROM (SELECT kind, count(*)::int AS n FROM day_alerts GROUP BY kind) k),
  'response', (SELECT json_build_object(
                 'claimed', count(claimed_at)::int,
                 'unclaimed', (count(*) - count(claimed_at))::int,
                 'median', ${pct(0.5, minutes('claimed_at', 'opened_at'))})
                 FROM day_alerts),
  'refunds', (SELECT json_build_object('approved', count(*) FILTER (WHERE r.state = 'approved')::int,
                                       'rejected', count(*) FILTER (WHERE r.state = 'rejected')::int)
                FROM refund_approvals r
               WHERE r.decided_at >= $1 AND r.decided_at < $2 AND r.state IN ('approved', 'rejected')
                 AND ($3::text IS NULL OR EXISTS (
                   SELECT 1 FROM alerts a WHERE a.order_id = r.order_id AND a.rule = 'refund_approval'
                      AND a.details->>'refundId' = r.refund_id AND ${TEAM}))),
  'causes', (SELECT coalesce(json_agg(json_build_object('rule', rule, 'kind', kind, 'count', n)
                                      ORDER BY n DESC, rule), '[]'::json)
               FROM (SELECT rule, min(kind) AS kind, count(*)::int AS n FROM day_alerts
                      GROUP BY rule ORDER BY n DESC, rule LIMIT 5) t),
  'backlog', (SELECT json_agg(n ORDER BY h) FROM (
                SELECT h, (SELECT count(*)::int FROM alerts a
                            WHERE a.opened_at <= $1 + make_interval(hours => h)
                              AND (a.resolved_at IS NULL OR a.resolved_at > $1 + make_interval(hours => h))
                              AND ${TEAM}) AS n
                  FROM generate_series(0, 23) h) b)
) AS report`;
