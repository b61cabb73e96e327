// Shared driver for the chat-action suites: the real app and interaction service over a fresh database,
// the real command parser, people synced as a config would list them, after-commit hand-offs recorded.
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { createCommandParser, DEFAULT_REPLIES_DIR } from '../../../src/actions/commands/index.js';
import { createInteractionService, loadReplies } from '../../../src/actions/index.js';
import type { InteractionHandler, PlatformEvent, Reply } from '../../../src/actions/types.js';
import type { Person } from '../../../src/config/index.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { eventBody, orderBody } from '../../helpers/orders.js';

export const PEOPLE: Person[] = [
  {
    id: 'zhangsan',
    name: '张三',
    roles: ['supervisor'],
    wecom: 'zhangsan',
    dingtalk: 'manager4220',
    mobile: null,
  },
  { id: 'lisi', name: '李四', roles: ['supervisor'], wecom: 'lisi', dingtalk: null, mobile: null },
  { id: 'wangwu', name: '王五', roles: ['cs'], wecom: 'wangwu', dingtalk: null, mobile: null },
  { id: 'zhaoliu', name: '赵六', roles: ['finance'], wecom: 'zhaoliu', dingtalk: 'zl01', mobile: null },
  { id: 'boss', name: '钱七', roles: ['admin'], wecom: 'boss', dingtalk: null, mobile: null },
  { id: 'cang', name: '孙八', roles: ['warehouse'], wecom: 'cang', dingtalk: null, mobile: null },
];

export interface AlertRow {
  id: string;
  rule: string;
  state: string;
  revision: number;
  claimed_by: string | null;
  resolve_reason: string | null;
  muted_reason: string | null;
  snoozed_until: Date | null;
  order_id: string;
}

export function useActions() {
  let db: TestDatabase | undefined;
  let t: TestApp | undefined;
  let handler: InteractionHandler | undefined;
  let seq = 0;
  const changed: string[][] = [];
  const kicks: number[] = [];
  const need = () => ({ db: db!, t: t!, handler: handler! });

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await buildTestApp(db);
    handler = createInteractionService({
      store: t.interactions,
      parser: createCommandParser({ templatesDir: DEFAULT_REPLIES_DIR }),
      replies: loadReplies(),
      refunds: { secondApproverFromFen: 200_000 },
      clock: t.clock,
      log: { info() {}, warn() {}, error() {} },
      onAlertsChanged: (ids) => void changed.push(ids),
      onOutboundQueued: () => void kicks.push(1),
      outbound: true,
    });
  });
  afterAll(async () => {
    await t?.app.close();
    await db?.drop();
  });
  beforeEach(async () => {
    const { pool } = need().db;
    await pool.query(
      'TRUNCATE orders, actions, people, pending_confirmations, legit_marks, outbound_webhooks CASCADE',
    );
    await need().t.interactions.syncPeople(PEOPLE, need().t.clock.now());
    need().t.clock.set('2026-11-22T06:00:00Z'); // 14:00 in Asia/Shanghai
    changed.length = 0;
    kicks.length = 0;
  });

  async function post(url: string, body: Record<string, unknown>) {
    const res = await need().t.app.inject({ method: 'POST', url, headers: need().t.auth, payload: body });
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { results: { ok: boolean }[] }).results;
    expect(items.every((r) => r.ok)).toBe(true);
  }

  const event = (user: string, over: Partial<PlatformEvent>): PlatformEvent => ({
    platform: 'wecom',
    eventId: `ev-${++seq}`,
    actor: { platformUserId: user, name: null },
    kind: 'text',
    chat: { type: 'group', id: 'group-1' },
    receivedAt: need().t.clock.now(),
    ...over,
  });

  return {
    need,
    changed,
    kicks,
    event,
    orders: (...orders: Record<string, unknown>[]) =>
      post('/api/v1/orders', { orders: orders.map((o) => orderBody(o)) }),
    events: (...events: Record<string, unknown>[]) => post('/api/v1/events', { events }),
    eventBody,
    /** Someone types `text` in the group. */
    say: (user: string, text: string, over: Partial<PlatformEvent> = {}): Promise<Reply> =>
      need().handler.handle(event(user, { kind: 'text', text, ...over })),
    /** Someone taps the `action` button on the card of `alertId`. */
    tap: (user: string, action: string, alertId: string, over: Partial<PlatformEvent> = {}): Promise<Reply> =>
      need().handler.handle(event(user, { kind: 'button', buttonKey: `ow1.${action}.${alertId}`, ...over })),
    handle: (ev: PlatformEvent) => need().handler.handle(ev),
    async alerts(rule?: string): Promise<AlertRow[]> {
      const { rows } = await need().db.pool.query<AlertRow>(
        // Alerts opened at one (fake) instant come in their orders' id order, not by random uuid.
        `SELECT a.* FROM alerts a JOIN orders o ON o.id = a.order_id
         WHERE $1::text IS NULL OR a.rule = $1 ORDER BY a.opened_at, o.external_id, a.id`,
        [rule ?? null],
      );
      return rows;
    },
    async alert(rule: string): Promise<AlertRow> {
      const { rows } = await need().db.pool.query<AlertRow>(`SELECT * FROM alerts WHERE rule = $1`, [rule]);
      expect(rows).toHaveLength(1);
      return rows[0]!;
    },
    async audit(): Promise<Record<string, unknown>[]> {
      const { rows } = await need().db.pool.query(`SELECT * FROM actions ORDER BY at, id`);
      return rows;
    },
    query: async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
      (await need().db.pool.query(sql, params)).rows as T[],
  };
}

/** A refund_requested event for the default order (TB20261122001), an hour after it was created. */
export function refundEvent(amount: string, extra: Record<string, unknown> = {}) {
  return eventBody('refund_requested', '2026-11-22T09:00:00+08:00', {
    refundId: 'RF-1',
    amount,
    reason: '不想要了',
    ...extra,
  });
}
