// Customer messages through the whole server: a parcel's scans, posted through the API (twice each),
// reach the customer as exactly one SMS per status at the SMS emulator; an opted-out customer gets none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeliveryStack, waitUntil, type DeliveryStack } from '../helpers/delivery-stack.js';
import { orderBody } from '../helpers/orders.js';

const TOKEN = 'e2e-token-0123456789abcdef';
let s: DeliveryStack;
beforeAll(async () => {
  s = await startDeliveryStack({
    people: [{ id: 'lisi', name: '李四', wecom: 'lisi', dingtalk: 'ding-lisi' }],
    teams: [{ id: 'ops', warehouse: 'hz-1', webhookKey: 'ops-key', conversationId: 'cidOPS==', onDuty: [] }],
    sms: true,
    env: { DELIVERY_RELAY_SECONDS: '1' },
  });
});
afterAll(async () => s?.stop());

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const HOUR = 3_600_000;

async function shippedOrder(id: string, phone: string) {
  const body = orderBody({
    externalId: id,
    status: 'shipped',
    buyer: { name: '周敏', phone },
    createdAt: iso(3 * HOUR),
    paidAt: iso(3 * HOUR),
  });
  await s.post('/api/v1/orders', { orders: [body] });
  await s.post('/api/v1/events', {
    events: [
      {
        channel: 'taobao',
        externalId: id,
        type: 'shipped',
        at: iso(2 * HOUR),
        data: { trackingNo: `YT${id}`, carrier: 'yto' },
      },
    ],
  });
}

const scan = (id: string, status: string, agoMs: number) =>
  s.post('/api/v1/events', {
    events: [
      {
        channel: 'taobao',
        externalId: id,
        type: 'logistics',
        at: iso(agoMs),
        data: { status, description: status },
      },
    ],
  });

describe('customer delivery messages', () => {
  it('sends one SMS per status as the parcel moves, however often each scan arrives', async () => {
    const phone = '13912345678';
    await shippedOrder('SMS0001', phone);
    for (const [status, ago, count] of [
      ['collected', 90 * 60_000, 1],
      ['out_for_delivery', 30 * 60_000, 2],
      ['delivered', 60_000, 3],
    ] as const) {
      await scan('SMS0001', status, ago);
      await scan('SMS0001', status, ago); // a channel resending the same scan
      await waitUntil(() => s.sms!.messages(phone).length >= count, `the ${status} SMS`);
    }
    await new Promise((r) => setTimeout(r, 1500)); // a relay pass more: nothing arrives twice
    const sent = s.sms!.messages(phone);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((m) => m.templateCode)).size).toBe(3);
    expect(sent.map((m) => m.text).join('\n')).not.toContain('文一西路'); // no street address by SMS
  });

  it('sends nothing to a customer who opted out, and says so in the notice log', async () => {
    const phone = '13987654321';
    const optOut = await s.post('/api/v1/customers/opt-out', { phone });
    expect(optOut.status).toBe(200);
    await shippedOrder('SMS0002', phone);
    await scan('SMS0002', 'collected', 60_000);
    const skipped = await waitUntil(async () => {
      const res = await fetch(`${s.url}/api/v1/customers/notices?externalId=SMS0002`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const body = (await res.json()) as { notices: { status: string; reason: string | null }[] };
      return body.notices.find((n) => n.status === 'skipped');
    }, 'the skipped notice');
    expect(skipped.reason).toBe('opted_out');
    expect(s.sms!.messages(phone)).toEqual([]);
  });
});
