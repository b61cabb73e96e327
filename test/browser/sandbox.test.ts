// The sandbox and the order page in real headless Chromium (issue 7): a team opens /sandbox, sees a
// stuck-order card arrive, taps 认领 as 仓库 and sees the card change in the DingTalk group and in the
// WeCom app chats; a 客服 tapping 批准退款 is refused; a 主管's approval shows in the order page's audit
// trail; an expired order link is refused. Every tap goes through the emulators' real callbacks.
// Screenshots for the README are written to docs/screenshots when UPDATE_SCREENSHOTS=1.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/lib/logger.js';
import { createLinkSigner } from '../../src/lib/signed-link.js';
import { startOrderwatch, type Running } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { REDIS_URL } from '../helpers/env.js';
import { freePort } from '../helpers/net.js';
import { orderBody } from '../helpers/orders.js';
import { launchChromium } from './chromium.js';

const LINK_SECRET = `browser-test-${randomBytes(8).toString('hex')}`;
const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? new URL('../../docs/screenshots/', import.meta.url).pathname
  : join(tmpdir(), 'orderwatch-screenshots');
/** How long to wait for what the page shows after a server-side change (SSE → re-render). */
const SEEN = { timeout: 20_000, interval: 100 };

let db: TestDatabase;
let running: Running;
let browser: Browser;
let page: Page;

async function api(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${running.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${running.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const chat = (title: string) => page.locator('section.chat', { has: page.locator('h2', { hasText: title }) });
const cardIn = (section: Locator, externalId: string) => section.locator('.card', { hasText: externalId });
const dingtalkGroup = () => chat('钉钉 · ops 群');
const appChatOf = (name: string) => chat(`企业微信 · 订单守望 ↔ ${name}`);

async function actAs(personId: string): Promise<void> {
  await page.selectOption('#as', personId);
}

const textOf = (l: Locator) => l.innerText({ timeout: SEEN.timeout });
const button = (l: Locator, name: string) => l.getByRole('button', { name, exact: true });
/** Polls until the locator's text contains `want` (the chats re-render on every change). */
const shows = (l: Locator, want: string) => expect.poll(() => textOf(l), SEEN).toContain(want);
const buttons = (l: Locator, name: string) => expect.poll(() => button(l, name).count(), SEEN);

beforeAll(async () => {
  const port = await freePort();
  db = await createTestDatabase({ migrate: false });
  running = await startOrderwatch({
    role: 'all',
    log: createLogger('silent'),
    env: {
      DATABASE_URL: db.url,
      REDIS_URL,
      QUEUE_NAMESPACE: `ow-browser-${randomBytes(4).toString('hex')}`,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ORDERWATCH_LINK_SECRET: LINK_SECRET,
      SANDBOX: 'on',
      DEMO_FEED: 'off',
      DAILY_REPORT: 'off',
      SWEEP_INTERVAL_SECONDS: '3600',
    },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
  await db?.drop();
});

describe('the sandbox page in Chromium', () => {
  it('shows a stuck-order card in the team chats when an order has waited three hours unpicked', async () => {
    await page.goto(`${running.url}/sandbox`);
    expect(await textOf(page.locator('h1'))).toBe('订单守望 · 沙盒');
    await api('/api/v1/orders', {
      orders: [orderBody({ externalId: 'TB-STUCK-1', createdAt: hoursAgo(3), paidAt: hoursAgo(3) })],
    });
    const card = cardIn(dingtalkGroup(), 'TB-STUCK-1');
    await card.waitFor(SEEN);
    expect(await textOf(card.locator('.title'))).toContain('待拣货超时');
    expect(await button(card, '认领').isEnabled()).toBe(true);
    await cardIn(appChatOf('张三'), 'TB-STUCK-1').waitFor(SEEN);
    await shows(chat('企业微信 · ops 群'), 'TB-STUCK-1');
  });

  it('changes the card in the DingTalk group and in the WeCom app chats when 仓库 taps 认领', async () => {
    await actAs('wangwu'); // 王五, warehouse
    const group = cardIn(dingtalkGroup(), 'TB-STUCK-1');
    await button(group, '认领').click();
    await shows(group, '王五 已认领');
    await buttons(group, '认领').toBe(0);
    for (const name of ['张三', '李四']) {
      const app = cardIn(appChatOf(name), 'TB-STUCK-1');
      await shows(app, '王五 已认领');
      await buttons(app, '认领').toBe(0);
    }
  });

  it('refuses 批准退款 from 客服 and says why on the card', async () => {
    await api('/api/v1/orders', {
      orders: [
        orderBody({
          externalId: 'TB-REFUND-1',
          status: 'shipped',
          createdAt: hoursAgo(5),
          paidAt: hoursAgo(5),
        }),
      ],
    });
    await api('/api/v1/events', {
      events: [
        {
          channel: 'taobao',
          externalId: 'TB-REFUND-1',
          type: 'refund_requested',
          at: hoursAgo(0.1),
          data: { refundId: 'RF-1', amount: '399.00', reason: '尺码不合适' },
        },
      ],
    });
    const card = cardIn(dingtalkGroup(), 'TB-REFUND-1');
    await card.waitFor(SEEN);
    await actAs('lisi'); // 李四, customer service
    await button(card, '批准退款').click();
    await shows(card, '你没有批准退款的权限');
    expect(await button(card, '批准退款').isEnabled()).toBe(true);
  });

  it('lists a 主管 approval in the order page audit trail when the approval is tapped', async () => {
    await actAs('zhangsan'); // 张三, supervisor
    const card = cardIn(dingtalkGroup(), 'TB-REFUND-1');
    await button(card, '批准退款').click();
    await shows(card, '张三');
    await buttons(card, '批准退款').toBe(0);
    await page.screenshot({ path: join(SHOTS, 'sandbox.png'), fullPage: true });

    const href = await card.locator('a.link').getAttribute('href');
    expect(href).toMatch(new RegExp(`^${running.url}/o/`));
    const phone = await browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const res = await phone.goto(href!);
      expect(res?.status()).toBe(200);
      const audit = phone.locator('#audit');
      expect(await textOf(audit)).toContain('张三 批准退款');
      expect(await textOf(audit.locator('li', { hasText: '张三' }).locator('.tag'))).toBe('成功');
      expect(await textOf(audit.locator('li', { hasText: '李四' }).locator('.tag'))).toBe('被拒绝');
      const body = await textOf(phone.locator('body'));
      expect(body).toContain('退款已由 张三 批准');
      // Good on a phone: nothing wider than the screen, and the buyer masked as in the chat.
      const overflow = await phone.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
      expect(body).toContain('138****8000');
      expect(body).not.toContain('13800138000');
      await phone.screenshot({ path: join(SHOTS, 'order-page.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });

  it('answers a command typed in the text box as the chosen person in the chosen group', async () => {
    await actAs('zhangsan');
    await page.selectOption('#where', 'wecom|ops');
    await page.fill('#text', '@订单守望 查订单 TB-STUCK-1');
    await page.click('#say button[type=submit]');
    await shows(page.locator('#status'), '已发送');
    const group = chat('企业微信 · ops 群');
    await shows(group, '@订单守望 查订单 TB-STUCK-1');
    await shows(group, '淘宝 TB-STUCK-1 · 已付款'); // the bot's answer, buyer masked
    expect(await textOf(group)).not.toContain('13800138000');
  });

  it('answers a command typed in DingTalk when the person switches platform', async () => {
    await actAs('wangwu');
    await page.selectOption('#where', 'dingtalk|ops');
    await page.fill('#text', '帮助');
    await page.click('#say button[type=submit]');
    await shows(page.locator('#status'), '已发送');
    const own = dingtalkGroup().locator('.msg', { has: page.locator('.who', { hasText: '王五' }) });
    await expect.poll(() => own.count(), SEEN).toBe(1); // their own line
    expect(await textOf(own)).toContain('帮助');
    await shows(dingtalkGroup(), '认领告警，由你来跟进'); // the help answer
  });

  it('refuses an expired order link with a page that asks to reopen the card', async () => {
    const { rows } = await db.pool.query(`SELECT id FROM orders WHERE external_id = 'TB-REFUND-1'`);
    const lastWeek = { now: () => new Date(systemClock.now().getTime() - 8 * 86_400_000) };
    const token = createLinkSigner({ secret: LINK_SECRET, clock: lastWeek }).sign(rows[0].id, 7 * 86_400_000);
    const res = await page.goto(`${running.url}/o/${token}`);
    expect(res?.status()).toBe(410);
    const body = await textOf(page.locator('body'));
    expect(body).toContain('链接已过期');
    expect(body).not.toContain('TB-REFUND-1');
  });
});
