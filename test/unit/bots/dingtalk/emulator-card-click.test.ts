import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CID, CLIENT_ID, CLIENT_SECRET, TEMPLATE, call, start, token } from './helpers.js';

type Emu = Awaited<ReturnType<typeof start>>;
let emu: Emu | null = null;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await emu?.close();
  emu = null;
});

/** A Stream client whose card-callback answer is decided by `answer` (undefined = never ack). */
async function cardClient(e: Emu, answer: (data: Record<string, unknown>) => Promise<unknown>) {
  const open = await call(e.url, 'POST', '/v1.0/gateway/connections/open', {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    subscriptions: [{ type: 'CALLBACK', topic: '/v1.0/card/instances/callback' }],
  });
  const ws = new WebSocket(`${open.body.endpoint}?ticket=${open.body.ticket}`);
  sockets.push(ws);
  ws.on('message', async (raw) => {
    const f = JSON.parse(String(raw));
    const response = await answer(JSON.parse(f.data));
    if (response === undefined) return;
    ws.send(
      JSON.stringify({
        code: 200,
        headers: { messageId: f.headers.messageId, contentType: 'application/json' },
        message: 'OK',
        data: JSON.stringify({ response }),
      }),
    );
  });
  await new Promise((r) => ws.once('open', r));
}

async function deliverCard(e: Emu) {
  const tok = await token(e.url);
  await call(
    e.url,
    'POST',
    '/v1.0/card/instances/createAndDeliver',
    {
      cardTemplateId: TEMPLATE,
      outTrackId: 'al_9-r1',
      cardData: { cardParamMap: { status: '待处理' } },
      openSpaceId: `dtv1.card//IM_GROUP.${CID}`,
      imGroupOpenDeliverModel: { robotCode: CLIENT_ID },
    },
    { 'x-acs-dingtalk-access-token': tok },
  );
}

const click = {
  outTrackId: 'al_9-r1',
  userId: 'u-zhang',
  actionIds: ['claim'],
  params: { action: 'claim', alertId: 'al_9', key: 'ow1.claim.al_9' },
};

describe('dingtalk emulator: card click round trip', () => {
  it('sends the §3.3 callback and applies the answer to the clicker only', async () => {
    emu = await start();
    await deliverCard(emu);
    let received: Record<string, unknown> = {};
    await cardClient(emu, async (data) => {
      received = data;
      return {
        cardData: { cardParamMap: { status: '你已认领' } },
        userPrivateData: { cardParamMap: { mine: 'true' } },
      };
    });
    const r = await emu.clickCard(click);
    expect(r).toMatchObject({
      acked: true,
      late: false,
      response: { cardData: { cardParamMap: { status: '你已认领' } } },
    });
    expect(received).toMatchObject({
      type: 'actionCallback',
      outTrackId: 'al_9-r1',
      userId: 'u-zhang',
      spaceId: CID,
    });
    expect(JSON.parse(received.content as string)).toEqual({
      cardPrivateData: { actionIds: ['claim'], params: click.params },
    });
    expect(emu.cardViewFor('al_9-r1', 'u-zhang')).toMatchObject({ status: '你已认领', mine: 'true' });
    expect(emu.cardViewFor('al_9-r1', 'u-li')).toEqual({ status: '待处理' });
  });

  it('marks an answer after the deadline late and does not apply it', async () => {
    // The ack may take long on a loaded machine: wait for it well past the deadline, then call it late.
    emu = await start({ cardCallbackDeadlineMs: 20, cardAckWaitMs: 5_000, maxRedeliveries: 0 });
    await deliverCard(emu);
    await cardClient(emu, async () => {
      await new Promise((r) => setTimeout(r, 30));
      return { cardData: { cardParamMap: { status: 'too late' } } };
    });
    const r = await emu.clickCard(click);
    expect(r).toMatchObject({ acked: true, late: true });
    expect(emu.cardViewFor('al_9-r1', 'u-zhang')).toEqual({ status: '待处理' });
  });

  it('reports no ack when the client never answers', async () => {
    emu = await start({ cardCallbackDeadlineMs: 10, maxRedeliveries: 0 });
    await deliverCard(emu);
    await cardClient(emu, async () => undefined);
    expect(await emu.clickCard(click)).toEqual({ acked: false, late: true });
    expect(emu.card('al_9-r1')?.clicks).toMatchObject([{ userId: 'u-zhang', acked: false }]);
  });
});
