// The outbound webhook (CONTRACT.md §2) against a local receiver that fails a few times first: delivered
// once, signed, retried with backoff, the same delivery id and body on every attempt; dead after N.
import { createHmac } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundSender } from '../../../src/actions/index.js';
import { refundEvent, useActions } from './harness.js';

const api = useActions();
const SECRET = 'erp-webhook-secret-value';

interface Received {
  body: string;
  signature: string;
  delivery: string;
}

let receiver: FastifyInstance | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** Answers 503 `failures` times, then 200; records every request's raw body and headers. */
async function startReceiver(failures: number): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  receiver = Fastify();
  receiver.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  receiver.post('/erp', async (req, reply) => {
    got.push({
      body: req.body as string,
      signature: String(req.headers['x-orderwatch-signature']),
      delivery: String(req.headers['x-orderwatch-delivery']),
    });
    return got.length <= failures ? reply.status(503).send('busy') : { ok: true };
  });
  const address = await receiver.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${address}/erp`, got };
}

function sender(url: string, logged: unknown[] = []) {
  const t = api.need().t;
  return createOutboundSender({
    store: t.interactions,
    url,
    secret: SECRET,
    fetch,
    clock: t.clock,
    log: { info: (o) => logged.push(o), warn: (o) => logged.push(o), error: (o) => logged.push(o) },
    maxAttempts: 4,
    retryBaseMs: 1_000,
  });
}

async function approveOneRefund() {
  await api.orders({});
  await api.events(refundEvent('399.00'));
  await api.tap('zhangsan', 'approve', (await api.alert('refund_approval')).id);
}

describe('outbound sender', () => {
  it('does deliver a decision once, signed, after retrying a receiver that failed twice', async () => {
    const { url, got } = await startReceiver(2);
    await approveOneRefund();
    const logged: unknown[] = [];
    const s = sender(url, logged);
    expect(await s.pump()).toEqual({ sent: 0, retried: 1, dead: 0 });
    expect(await s.pump()).toEqual({ sent: 0, retried: 0, dead: 0 }); // not due yet
    api.need().t.clock.advance(1_000);
    expect(await s.pump()).toEqual({ sent: 0, retried: 1, dead: 0 });
    api.need().t.clock.advance(2_000);
    expect(await s.pump()).toEqual({ sent: 1, retried: 0, dead: 0 });
    api.need().t.clock.advance(60_000);
    expect(await s.pump()).toEqual({ sent: 0, retried: 0, dead: 0 });

    expect(got).toHaveLength(3);
    expect(new Set(got.map((g) => g.body)).size).toBe(1);
    expect(new Set(got.map((g) => g.delivery)).size).toBe(1);
    const body = JSON.parse(got[0]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      id: got[0]!.delivery,
      type: 'refund_approved',
      order: { channel: 'taobao', externalId: 'TB20261122001' },
      actor: { personId: 'zhangsan', name: '张三' },
      data: { refundId: 'RF-1', amount: '399.00' },
    });
    const expected = `sha256=${createHmac('sha256', SECRET).update(got[0]!.body).digest('hex')}`;
    for (const g of got) expect(g.signature).toBe(expected);
    expect(await api.query('SELECT status, attempts FROM outbound_webhooks')).toEqual([
      { status: 'sent', attempts: 3 },
    ]);
    expect(JSON.stringify(logged)).not.toContain(SECRET);
  });

  it('does declare a decision dead after the last attempt fails', async () => {
    const { url, got } = await startReceiver(100);
    await approveOneRefund();
    const s = sender(url);
    for (let i = 0; i < 4; i++) {
      await s.pump();
      api.need().t.clock.advance(60_000);
    }
    expect(got).toHaveLength(4);
    expect(await api.query('SELECT status, last_error FROM outbound_webhooks')).toEqual([
      { status: 'dead', last_error: 'HTTP 503' },
    ]);
  });

  it('does retry after a network error', async () => {
    await approveOneRefund();
    const s = sender('http://127.0.0.1:9/erp');
    expect(await s.pump()).toEqual({ sent: 0, retried: 1, dead: 0 });
    expect(await api.query('SELECT status, attempts FROM outbound_webhooks')).toEqual([
      { status: 'pending', attempts: 1 },
    ]);
  });
});
