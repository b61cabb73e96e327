// GET /d/:token: the alerts folded into one digest card, each with its current state and a fresh link to
// its order page. Digest rows are written as the delivery pipeline writes them (kind 'digest', the
// folded card deliveries pointing at it through folded_into).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DAY, PAGE_HEADERS, WEEK, tamper, textOf, usePagesApi } from './pages-api.js';

const api = usePagesApi();
const TARGET = 'wecom_webhook:ops';

async function digestRow(): Promise<string> {
  const res = await api.db.pool.query<{ id: string }>(
    `INSERT INTO deliveries (alert_id, target, channel, team, kind, status, next_attempt_at, created_at, updated_at, sent_at)
     VALUES (NULL, $1, 'wecom_webhook', 'ops', 'digest', 'sent', $2, $2, $2, $2) RETURNING id`,
    [TARGET, api.t.clock.now()],
  );
  return res.rows[0]!.id;
}

/** A card delivery of `alertId` at `revision`, folded into `digestId` (or sent on its own when null). */
async function cardRow(alertId: string, revision: number, digestId: string | null): Promise<void> {
  await api.db.pool.query(
    `INSERT INTO deliveries (alert_id, target, channel, team, revision, kind, status, folded_into,
                             next_attempt_at, created_at, updated_at)
     VALUES ($1, $2, 'wecom_webhook', 'ops', $3, 'card', $4, $5, $6, $6, $6)`,
    [alertId, TARGET, revision, digestId ? 'digested' : 'sent', digestId, api.t.clock.now()],
  );
}

async function stuckAlert(externalId: string, extra: Record<string, unknown> = {}) {
  const orderId = await api.order({ externalId, ...extra });
  const res = await api.db.pool.query<{ id: string }>(
    `SELECT id FROM alerts WHERE order_id = $1 AND rule = 'stuck_unpicked'`,
    [orderId],
  );
  expect(res.rows).toHaveLength(1);
  return { orderId, alertId: res.rows[0]!.id, externalId };
}

/** Four stuck orders; A, B and C (A at two revisions) folded into the digest, D sent alone and in another. */
async function storm() {
  const [a, b, c, d] = [
    await stuckAlert('TB-D-A'),
    await stuckAlert('JD-D-B', { channel: 'jd', warehouse: 'sh-2' }),
    await stuckAlert('TB-D-C', { warehouse: null }),
    await stuckAlert('TB-D-D'),
  ];
  const digest = await digestRow();
  const other = await digestRow();
  await cardRow(a!.alertId, 1, digest);
  await cardRow(a!.alertId, 2, digest);
  await cardRow(b!.alertId, 1, digest);
  await cardRow(c!.alertId, 1, digest);
  await cardRow(d!.alertId, 1, null);
  await cardRow(d!.alertId, 2, other);
  return { digest, folded: [a!, b!, c!], outside: d! };
}

const hrefs = (html: string) => [...html.matchAll(/href=["']([^"']+)["']/g)].map((m) => m[1]!);

describe('GET /d/:token with a valid link', () => {
  it('lists exactly the alerts folded into the digest, each once, when the link is valid', async () => {
    const { digest, folded, outside } = await storm();
    const res = await api.get(api.digestLink(digest));
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject(PAGE_HEADERS);
    const text = textOf(res.body);
    for (const f of folded) expect(text.split(f.externalId)).toHaveLength(2);
    expect(text).not.toContain(outside.externalId);
    expect(text).toContain('共 3 条告警');
    expect(text).toContain('告警汇总（3 条）');
    expect(text.split('待拣货超时')).toHaveLength(4);
    expect(text).toContain('京东 JD-D-B · sh-2 仓');
    expect(text).toContain('淘宝 TB-D-C · 未分配仓库');
    expect(hrefs(res.body)).toHaveLength(3);
  });

  it('shows each alert in its current state when some were resolved after the digest was sent', async () => {
    const { digest, folded } = await storm();
    api.t.clock.advance(10 * 60_000);
    await api.events(folded[0]!.externalId, ['cancelled', '2026-11-22T20:05:00+08:00', { reason: '缺货' }]);
    const text = textOf((await api.get(api.digestLink(digest))).body);
    expect(text.split('待处理')).toHaveLength(3);
    expect(text.split('已恢复')).toHaveLength(2);
    expect(text).toContain('原因：订单已取消');
  });

  it('links each alert to an order page that opens when the link is followed', async () => {
    const { digest, folded } = await storm();
    const links = hrefs((await api.get(api.digestLink(digest))).body);
    expect(links.every((l) => l.startsWith('/o/'))).toBe(true);
    const opened = await Promise.all(links.map((l) => api.get(l)));
    expect(opened.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const shown = opened.map((r) => folded.find((f) => r.body.includes(f.externalId))?.externalId);
    expect(shown.sort()).toEqual(folded.map((f) => f.externalId).sort());
    // Card links travel through group chats: the buyer stays masked as on the cards.
    expect(opened.every((r) => r.body.includes('王*') && !r.body.includes('王五'))).toBe(true);
  });

  it('signs order links that last seven days from when the digest page was opened', async () => {
    const { digest } = await storm();
    api.t.clock.advance(6 * DAY);
    const [link] = hrefs((await api.get(api.digestLink(digest))).body);
    api.t.clock.advance(WEEK - 1000);
    expect((await api.get(link!)).statusCode).toBe(200);
    api.t.clock.advance(1000);
    expect((await api.get(link!)).statusCode).toBe(410);
  });
});

describe('GET /d/:token with a link that does not open', () => {
  it('answers 404 "链接无效" when the token was tampered with', async () => {
    const { digest } = await storm();
    const link = tamper(api.digestLink(digest));
    const res = await api.get(link);
    expect(res.statusCode).toBe(404);
    expect(res.headers).toMatchObject(PAGE_HEADERS);
    expect(textOf(res.body)).toContain('链接无效');
    expect(res.body).not.toContain(link.slice('/d/'.length));
  });

  it('answers 410 when the digest link has expired', async () => {
    const { digest } = await storm();
    const link = api.digestLink(digest);
    api.t.clock.advance(WEEK);
    const res = await api.get(link);
    expect(res.statusCode).toBe(410);
    expect(res.headers).toMatchObject(PAGE_HEADERS);
    expect(textOf(res.body)).toContain('链接已过期，请在群里重新打开卡片');
    expect(res.body).not.toContain('TB-D-A');
  });

  it('answers 404 when an order link is opened as a digest link', async () => {
    const { folded } = await storm();
    const res = await api.get(`/d/${api.t.links.sign(folded[0]!.orderId, DAY)}`);
    expect(res.statusCode).toBe(404);
    expect(textOf(res.body)).toContain('链接无效');
  });

  it('answers 404 when the digest does not exist or the id is a card delivery', async () => {
    const { folded } = await storm();
    const card = await api.db.pool.query<{ id: string }>(
      `SELECT id FROM deliveries WHERE alert_id = $1 LIMIT 1`,
      [folded[0]!.alertId],
    );
    for (const id of [randomUUID(), card.rows[0]!.id, 'not-a-uuid']) {
      const res = await api.get(api.digestLink(id));
      expect(res.statusCode).toBe(404);
      expect(textOf(res.body)).toContain('汇总不存在');
    }
  });
});
