// Escalation test fixtures on a real database: orders and alerts inserted directly, people synced, a
// recording timers port and effects port, and the service built over them.
import { randomUUID } from 'node:crypto';
import type { EscalationLevel, Person } from '../../../src/config/index.js';
import { createEscalationService, type EscalationDeps } from '../../../src/escalation/index.js';
import type { EscalationTimer, NotifiedPerson } from '../../../src/escalation/types.js';
import type { Clock } from '../../../src/lib/clock.js';
import { syncPeople } from '../../../src/store/people-repo.js';
import type { Pool } from '../../../src/store/pool.js';

export const PEOPLE: Person[] = [
  {
    id: 'zhangsan',
    name: '张三',
    roles: ['supervisor'],
    wecom: 'zhangsan',
    dingtalk: 'manager4220',
    mobile: null,
  },
  { id: 'boss', name: '王总', roles: ['admin'], wecom: 'boss', dingtalk: null, mobile: null },
  { id: 'lisi', name: '李四', roles: ['cs'], wecom: 'lisi', dingtalk: null, mobile: null },
];
export const TEAMS = [{ id: 'ops', onDuty: ['lisi'], wecomUsers: ['lisi'] }];

export const lvl = (
  afterMs: number,
  notify: string[],
  extra: Partial<EscalationLevel> = {},
): EscalationLevel => ({
  afterMs,
  notify,
  customerNotice: false,
  ding: false,
  ...extra,
});

export async function seedPeople(pool: Pool, now: Date): Promise<void> {
  await syncPeople(pool, PEOPLE, now);
}

/** Inserts `n` orders with one open alert each, opened at `openedAt` (or per index). */
export async function insertAlerts(
  pool: Pool,
  n: number,
  a: { rule?: string; kind?: string; severity?: string; openedAt: Date | ((i: number) => Date) },
): Promise<string[]> {
  const tag = randomUUID().slice(0, 8);
  const opened = Array.from({ length: n }, (_, i) =>
    typeof a.openedAt === 'function' ? a.openedAt(i) : a.openedAt,
  );
  const { rows } = await pool.query<{ id: string }>(
    `WITH o AS (
       INSERT INTO orders (channel, external_id, status, status_at, amount_fen, created_at, raw, received_at, updated_at)
       SELECT 'taobao', $1 || '-' || k, 'paid', now(), 100, now(), '{}', now(), now() FROM generate_series(1, $2) k
       RETURNING id, external_id
     )
     INSERT INTO alerts (rule, kind, severity, fingerprint, order_id, summary, opened_at, last_detected_at, updated_at)
     SELECT $3, $4, $5, $3 || ':' || o.id, o.id, 'test', t.at, t.at, t.at
     FROM o JOIN unnest($6::timestamptz[]) WITH ORDINALITY AS t(at, k) ON o.external_id = $1 || '-' || t.k
     RETURNING alerts.id`,
    [tag, n, a.rule ?? 'stuck_unpicked', a.kind ?? 'stuck', a.severity ?? 'warning', opened],
  );
  return rows.map((r) => r.id);
}

export interface Recorder {
  scheduled: { timer: EscalationTimer; delayMs: number }[];
  reached: { alertId: string; level: number; people: NotifiedPerson[]; opts: object }[];
  errors: unknown[];
}

export function recorder(): Recorder {
  return { scheduled: [], reached: [], errors: [] };
}

export function buildService(
  pool: Pool,
  clock: Clock,
  policies: Record<string, EscalationLevel[]>,
  rec: Recorder,
  over: Partial<EscalationDeps> = {},
) {
  return createEscalationService({
    pool,
    policies,
    businessHours: { startMin: 0, endMin: 1440 },
    teams: TEAMS,
    clock,
    log: { info() {}, warn() {}, error: (o) => void rec.errors.push(o) },
    timers: {
      schedule: async (timer, delayMs) => void rec.scheduled.push({ timer, delayMs }),
    },
    effects: {
      levelReached: async (alertId, level, people, opts) =>
        void rec.reached.push({ alertId, level, people, opts }),
    },
    ...over,
  });
}

export async function alertRow(pool: Pool, id: string) {
  const { rows } = await pool.query<{
    state: string;
    level: number;
    revision: number;
    active_escalation_job: string | null;
    escalation: {
      policy: string;
      levels: EscalationLevel[];
      notified: { level: number; personIds: string[] }[];
    } | null;
  }>(`SELECT state, level, revision, active_escalation_job, escalation FROM alerts WHERE id = $1`, [id]);
  return rows[0]!;
}

export async function escalatedLevels(pool: Pool, id: string): Promise<number[]> {
  const { rows } = await pool.query<{ level: number }>(
    `SELECT (detail->>'level')::int AS level FROM alert_history WHERE alert_id = $1 AND change = 'escalated' ORDER BY id`,
    [id],
  );
  return rows.map((r) => r.level);
}
