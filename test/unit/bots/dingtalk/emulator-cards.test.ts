import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CID, CID_B, CLIENT_ID, CLIENT_SECRET, TEMPLATE, call, start, token } from './helpers.js';

type Emu = Awaited<ReturnType<typeof start>>;
let emu: Emu;
let now = 1_700_000_000_000;
let tok = '';

beforeAll(async () => {
  emu = await start({ now: () => now });
});
afterAll(() => emu.close());
beforeEach(async () => {
  emu.reset();
  tok = await token(emu.url);
});

const create = (body: Record<string, unknown>, t = tok) =>
  call(emu.url, 'POST', '/v1.0/card/instances/createAndDeliver', body, { 'x-acs-dingtalk-access-token': t });

function validCard(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cardTemplateId: TEMPLATE,
    outTrackId: 'al_1-r1',
    callbackType: 'STREAM',
    cardData: { cardParamMap: { title: '订单告警', status: '待处理' } },
    openSpaceId: `dtv1.card//IM_GROUP.${CID}`,
    imGroupOpenSpaceModel: { supportForward: true },
    imGroupOpenDeliverModel: { robotCode: CLIENT_ID, atUserIds: { 'u-zhang': '张三' } },
    userIdType: 1,
    ...over,
  };
}

describe('dingtalk emulator: tokens', () => {
  it('issues a token for the right appKey/appSecret and answers 400 invalidClientIdOrSecret otherwise', async () => {
    const bad = await call(emu.url, 'POST', '/v1.0/oauth2/accessToken', {
      appKey: CLIENT_ID,
      appSecret: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalidClientIdOrSecret', requestid: expect.any(String) });
    expect(tok).toMatch(/^[0-9a-f]{32}$/);
  });

  it('answers the old gettoken with errcode 0, and 40096 on HTTP 200 for bad credentials', async () => {
    const ok = await call(emu.url, 'GET', `/gettoken?appkey=${CLIENT_ID}&appsecret=${CLIENT_SECRET}`);
    expect(ok.body).toMatchObject({ errcode: 0, expires_in: 7200, access_token: expect.any(String) });
    const bad = await call(emu.url, 'GET', `/gettoken?appkey=${CLIENT_ID}&appsecret=nope`);
    expect(bad).toMatchObject({ status: 200, body: { errcode: 40096 } });
  });

  it.each([
    ['the header is missing', undefined, 400, 'AuthenticationFailed.MissingParameter'],
    ['the token is unknown', 'not-a-token', 401, 'InvalidAuthentication'],
  ])('rejects a new API call when %s', async (_name, header, status, code) => {
    const headers: Record<string, string> = header ? { 'x-acs-dingtalk-access-token': header } : {};
    const r = await call(emu.url, 'POST', '/v1.0/card/instances/createAndDeliver', validCard(), headers);
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({ code, requestid: expect.any(String), message: expect.any(String) });
  });

  it('rejects a token after expireTokens() and after its 7200 s have passed on the clock', async () => {
    emu.expireTokens();
    expect((await create(validCard())).status).toBe(401);
    const fresh = await token(emu.url);
    now += 7_200_001;
    expect((await create(validCard(), fresh)).body.code).toBe('InvalidAuthentication');
    now -= 7_200_001;
  });

  it('answers 403 QpsLimitForAppkeyAndApi on the 21st call to one API within a second', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await create(validCard({ outTrackId: `q${i}` }))).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    const last = await create(validCard({ outTrackId: 'q-last' }));
    expect(last).toMatchObject({
      status: 403,
      body: { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' },
    });
  });
});

describe('dingtalk emulator: createAndDeliver validation', () => {
  it.each([
    ['the template is not registered', { cardTemplateId: 'nope.schema' }, 'param.templateNotExist'],
    ['outTrackId is missing', { outTrackId: undefined }, 'invalidParameter.outTrackId'],
    [
      'openSpaceId is not dtv1.card//IM_GROUP',
      { openSpaceId: `IM_GROUP.${CID}` },
      'param.openSpaceIdInvalid',
    ],
    [
      'the conversation is unknown',
      { openSpaceId: 'dtv1.card//IM_GROUP.cidNope' },
      'param.openSpaceIdInvalid',
    ],
    ['robotCode is missing', { imGroupOpenDeliverModel: {} }, 'param.openDeliverModelEmpty'],
    ['supportForward is missing', { imGroupOpenSpaceModel: {} }, 'invalidParameter.supportForward'],
    ['callbackType is lower case', { callbackType: 'stream' }, 'invalidParameter.callbackType'],
    ['HTTP callbacks lack a route key', { callbackType: 'HTTP' }, 'invalidParameter.callbackRouteKey'],
    [
      'a param value is a number',
      { cardData: { cardParamMap: { title: 1 } } },
      'invalidParameter.cardParamMap',
    ],
    [
      'a param value exceeds 1 KB',
      { cardData: { cardParamMap: { title: 'x'.repeat(1025) } } },
      'invalidParameter.cardParamMap',
    ],
    [
      'a param key exceeds 100 bytes',
      { cardData: { cardParamMap: { ['k'.repeat(101)]: 'v' } } },
      'invalidParameter.cardParamMap',
    ],
    [
      'an @-mentioned user is not in the group',
      { imGroupOpenDeliverModel: { robotCode: CLIENT_ID, atUserIds: { 'u-wang': '王五' } } },
      'invalidParameter.atUserIds',
    ],
  ])('answers 400 when %s', async (_name, over, code) => {
    const r = await create(validCard(over));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code, requestid: expect.any(String) });
  });

  it('answers 400 param.cardAlreadyExist for a repeated outTrackId and keeps one card', async () => {
    expect((await create(validCard())).status).toBe(200);
    expect((await create(validCard())).body.code).toBe('param.cardAlreadyExist');
    expect(emu.cards()).toHaveLength(1);
  });

  it('delivers to several ;-separated groups and records the card, its space and @-mentions', async () => {
    const openSpaceId = `dtv1.card//IM_GROUP.${CID};dtv1.card//IM_GROUP.${CID_B}`;
    const r = await create(validCard({ openSpaceId, imGroupOpenDeliverModel: { robotCode: CLIENT_ID } }));
    expect(r.body).toMatchObject({ success: true, result: { outTrackId: 'al_1-r1' } });
    expect(r.body.result.deliverResults).toEqual([
      { spaceType: 'IM_GROUP', spaceId: CID, success: true, carrierId: expect.any(String) },
      { spaceType: 'IM_GROUP', spaceId: CID_B, success: true, carrierId: expect.any(String) },
    ]);
    expect(emu.cards(CID_B).map((c) => c.outTrackId)).toEqual(['al_1-r1']);
  });

  it('accepts unknown param keys but records them as validation errors', async () => {
    await create(validCard({ cardData: { cardParamMap: { title: 't', bogus: 'x' } } }));
    expect(emu.card('al_1-r1')?.unknownKeys).toEqual(['bogus']);
    expect(emu.validationErrors()[0]?.message).toContain('bogus');
  });
});

describe('dingtalk emulator: card update', () => {
  const put = (body: Record<string, unknown>) =>
    call(emu.url, 'PUT', '/v1.0/card/instances', body, { 'x-acs-dingtalk-access-token': tok });

  it.each([
    [
      'the card does not exist',
      { outTrackId: 'missing', cardData: { cardParamMap: {} } },
      'param.cardNotExist',
    ],
    [
      'neither cardData nor privateData is given',
      { outTrackId: 'al_1-r1' },
      'param.cardDataAndPrivateDataBothEmpty',
    ],
  ])('answers 400 when %s', async (_name, body, code) => {
    await create(validCard());
    expect((await put(body)).body.code).toBe(code);
  });

  it('merges by key with updateCardDataByKey, overwrites without it, and keeps the history', async () => {
    await create(validCard());
    await put({
      outTrackId: 'al_1-r1',
      cardData: { cardParamMap: { status: '张三 已认领' } },
      cardUpdateOptions: { updateCardDataByKey: true },
    });
    expect(emu.card('al_1-r1')?.cardParamMap).toEqual({ title: '订单告警', status: '张三 已认领' });
    await put({ outTrackId: 'al_1-r1', cardData: { cardParamMap: { status: '已恢复' } } });
    const card = emu.card('al_1-r1');
    expect(card?.cardParamMap).toEqual({ status: '已恢复' });
    expect(card?.history.map((h) => h.via)).toEqual(['create', 'update', 'update']);
  });

  it('keeps privateData per user', async () => {
    await create(validCard());
    await put({ outTrackId: 'al_1-r1', privateData: { 'u-li': { cardParamMap: { mine: 'yes' } } } });
    expect(emu.cardViewFor('al_1-r1', 'u-li')).toMatchObject({ mine: 'yes', title: '订单告警' });
    expect(emu.cardViewFor('al_1-r1', 'u-zhang')).not.toHaveProperty('mine');
  });
});

describe('dingtalk emulator: robot group messages and DING', () => {
  const send = (body: Record<string, unknown>) =>
    call(emu.url, 'POST', '/v1.0/robot/groupMessages/send', body, { 'x-acs-dingtalk-access-token': tok });
  const msg = (over: Record<string, unknown> = {}) => ({
    robotCode: CLIENT_ID,
    openConversationId: CID,
    msgKey: 'sampleMarkdown',
    msgParam: JSON.stringify({ title: 't', text: 'md' }),
    ...over,
  });

  it.each([
    ['msgKey is unknown', { msgKey: 'markdown' }, 'invalidParameter.msgKey.invalid'],
    ['msgParam is an object', { msgParam: { title: 't' } }, 'invalidParameter.msgParam.invalid'],
    [
      'msgParam exceeds 15000 bytes',
      { msgParam: JSON.stringify({ text: 'x'.repeat(15_000) }) },
      'invalidParameter.msgParam.tooLong',
    ],
    ['the conversation is unknown', { openConversationId: 'cidNope' }, 'invalid.openConversationId'],
  ])('answers 400 when %s', async (_name, over, code) => {
    expect((await send(msg(over))).body.code).toBe(code);
  });

  it('records a sent message with its processQueryKey', async () => {
    const r = await send(msg());
    expect(r.body.processQueryKey).toEqual(expect.any(String));
    expect(emu.groupMessages(CID)).toMatchObject([
      { msgKey: 'sampleMarkdown', msgParam: { title: 't', text: 'md' } },
    ]);
  });

  it('records a DING and refuses more than 20 phone-call receivers', async () => {
    const ding = (n: number) =>
      call(
        emu.url,
        'POST',
        '/v1.0/robot/ding/send',
        {
          robotCode: CLIENT_ID,
          remindType: 3,
          receiverUserIdList: Array(n).fill('u-zhang'),
          content: '紧急',
        },
        { 'x-acs-dingtalk-access-token': tok },
      );
    expect((await ding(1)).body.openDingId).toEqual(expect.any(String));
    expect((await ding(21)).body.code).toBe('ding.receivercount.limit');
    expect(emu.dings()).toHaveLength(1);
  });
});

describe('dingtalk emulator: faults', () => {
  it.each([
    ['http5xx', 502, '<html>'],
    ['busy', 500, 'system.busy'],
    ['throttle', 403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi'],
  ] as const)('answers a %s fault on a new API with the platform shape', async (kind, status, text) => {
    emu.fail({ kind, count: 1, path: '/v1.0/card' });
    const r = await create(validCard());
    expect(r.status).toBe(status);
    expect(JSON.stringify(r.body)).toContain(text);
    expect((await create(validCard())).status).toBe(200);
  });

  it('destroys the socket on a reset fault and records the request with status 0', async () => {
    emu.fail({ kind: 'reset', count: 1 });
    await expect(create(validCard())).rejects.toThrow();
    expect(emu.requests('/createAndDeliver')[0]?.status).toBe(0);
  });

  it('never faults the token endpoint unless it is named', async () => {
    emu.fail({ kind: 'busy', count: 1 });
    expect(await token(emu.url)).toEqual(expect.any(String));
  });
});
