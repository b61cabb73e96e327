import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CID, HOOK_SECRET, HOOK_TOKEN, call, sign, start } from './helpers.js';

type Emu = Awaited<ReturnType<typeof start>>;
let emu: Emu;
let now = 1_700_000_000_000;

beforeAll(async () => {
  emu = await start({ now: () => now });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  now = 1_700_000_000_000;
});

const text = (content: string, extra: Record<string, unknown> = {}) => ({
  msgtype: 'text',
  text: { content },
  ...extra,
});

function send(body: unknown, q: { token?: string; ts?: number; sign?: string } = {}) {
  const ts = String(q.ts ?? now);
  const s = q.sign ?? sign(HOOK_SECRET, ts);
  return call(
    emu.url,
    'POST',
    `/robot/send?access_token=${q.token ?? HOOK_TOKEN}&timestamp=${ts}&sign=${s}`,
    body,
  );
}

describe('dingtalk emulator: custom robot webhook', () => {
  it.each([
    ['the token is unknown', { token: 'nope' }, 300005, 'token is not exist'],
    ['the sign is wrong', { sign: sign('SECother', String(1_700_000_000_000)) }, 310000, 'sign not match'],
    ['the timestamp is over an hour old', { ts: 1_700_000_000_000 - 3_600_001 }, 310000, 'invalid timestamp'],
  ])('answers HTTP 200 errcode %#: when %s', async (_name, q, errcode, errmsg) => {
    const r = await send(text('hi'), q);
    expect(r).toMatchObject({ status: 200, body: { errcode, errmsg } });
    expect(emu.webhookMessages()).toHaveLength(0);
  });

  it.each([
    ['text without content', { msgtype: 'text', text: {} }, 40035],
    ['markdown without title', { msgtype: 'markdown', markdown: { text: 'x' } }, 40035],
    ['link without messageUrl', { msgtype: 'link', link: { title: 't', text: 'x' } }, 40035],
    ['actionCard without buttons', { msgtype: 'actionCard', actionCard: { title: 't', text: 'x' } }, 40035],
    ['feedCard without links', { msgtype: 'feedCard', feedCard: { links: [] } }, 40035],
    ['an unknown msgtype', { msgtype: 'image' }, 400105],
  ])('refuses %s', async (_name, body, errcode) => {
    expect((await send(body)).body.errcode).toBe(errcode);
  });

  it('accepts a signed message and highlights only @-mentions written into the text', async () => {
    const body = text('请 @u-zhang 处理', {
      at: { atUserIds: ['u-zhang', 'u-li'], atMobiles: ['13800000000'] },
    });
    expect((await send(body)).body).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(emu.webhookMessages(CID)).toMatchObject([
      { via: 'webhook', msgtype: 'text', atUserIds: ['u-zhang', 'u-li'], highlighted: ['u-zhang'] },
    ]);
  });

  it('shows a message once when it is resent with the same msgUuid', async () => {
    await send(text('once', { msgUuid: 'al_1-r1' }));
    expect((await send(text('once', { msgUuid: 'al_1-r1' }))).body.errcode).toBe(0);
    expect(emu.webhookMessages()).toHaveLength(1);
  });

  it('throttles the 21st message in a minute with 410100 and blocks the robot for 10 minutes', async () => {
    for (let i = 0; i < 20; i++) expect((await send(text(`m${i}`))).body.errcode).toBe(0);
    expect((await send(text('21st'))).body.errcode).toBe(410100);
    now += 61_000;
    expect((await send(text('still blocked'))).body.errcode).toBe(410100);
    now += 540_000;
    expect((await send(text('free again'))).body.errcode).toBe(0);
    expect(emu.webhookMessages()).toHaveLength(21);
  });

  it('answers a throttle fault with 410100 and a busy fault with errcode -1', async () => {
    emu.fail({ kind: 'throttle', count: 1, path: '/robot/send' });
    emu.fail({ kind: 'busy', count: 1, path: '/robot/send' });
    expect((await send(text('a'))).body.errcode).toBe(410100);
    expect((await send(text('b'))).body.errcode).toBe(-1);
  });
});

describe('dingtalk emulator: sessionWebhook', () => {
  it('accepts a reply while the session lives and answers 300001 once it expired', async () => {
    const url = emu.mintSessionWebhook(CID, 1_000);
    const path = url.slice(emu.url.length);
    expect((await call(emu.url, 'POST', path, text('收到'))).body.errcode).toBe(0);
    now += 1_001;
    expect((await call(emu.url, 'POST', path, text('收到'))).body).toEqual({
      errcode: 300001,
      errmsg: 'session 不存在',
    });
    expect(emu.webhookMessages(CID)).toMatchObject([{ via: 'session' }]);
  });
});
