// Interactive cards: createAndDeliver (§3.1) and update (§3.2). A card keeps its full history so tests
// can see every state the group saw; private data is kept per user.
import type { FastifyInstance } from 'fastify';
import { guardApi } from './auth-routes.js';
import { checkParamMap, validateCreate, type CreateBody } from './card-validate.js';
import type { EmulatorContext } from './context.js';
import { ApiError } from './errors.js';
import { newId, type CardRecord, type ParamMap } from './state.js';

interface UpdateBody {
  outTrackId?: unknown;
  cardData?: { cardParamMap?: unknown };
  privateData?: Record<string, { cardParamMap?: unknown }>;
  cardUpdateOptions?: { updateCardDataByKey?: unknown; updatePrivateDataByKey?: unknown };
}

function createCard(ctx: EmulatorContext, body: CreateBody) {
  const v = validateCreate(ctx, body);
  for (const key of v.unknownKeys) {
    ctx.state.validationErrors.push({
      at: ctx.now(),
      path: '/v1.0/card/instances/createAndDeliver',
      code: 'unknownParamKey',
      message: `${v.outTrackId}: cardParamMap key "${key}" is not a variable of ${v.cardTemplateId}`,
    });
  }
  const card: CardRecord = {
    outTrackId: v.outTrackId,
    cardTemplateId: v.cardTemplateId,
    callbackType: v.callbackType,
    spaces: v.conversationIds.map((cid) => ({
      spaceType: 'IM_GROUP',
      spaceId: cid,
      carrierId: newId('carrier'),
    })),
    cardParamMap: { ...v.cardParamMap },
    history: [{ at: ctx.now(), via: 'create', cardParamMap: { ...v.cardParamMap } }],
    atUserIds: v.atUserIds,
    privateData: {},
    clickerView: {},
    unknownKeys: v.unknownKeys,
    clicks: [],
  };
  ctx.state.cards.set(card.outTrackId, card);
  return {
    success: true,
    result: {
      outTrackId: card.outTrackId,
      deliverResults: card.spaces.map((s) => ({ ...s, success: true })),
    },
  };
}

function applyPrivate(card: CardRecord, raw: UpdateBody['privateData'], byKey: boolean): void {
  for (const [userId, data] of Object.entries(raw ?? {})) {
    const map = checkParamMap(data?.cardParamMap, `privateData.${userId}.cardParamMap`);
    card.privateData[userId] = byKey ? { ...card.privateData[userId], ...map } : { ...map };
  }
}

function updateCard(ctx: EmulatorContext, body: UpdateBody) {
  const card = typeof body.outTrackId === 'string' ? ctx.state.cards.get(body.outTrackId) : undefined;
  if (!card) throw new ApiError(400, 'param.cardNotExist', '卡片不存在');
  const hasData = body.cardData?.cardParamMap !== undefined;
  if (!hasData && body.privateData === undefined) {
    throw new ApiError(400, 'param.cardDataAndPrivateDataBothEmpty', 'cardData 和 privateData 不能同时为空');
  }
  const opts = body.cardUpdateOptions ?? {};
  if (hasData) {
    const map: ParamMap = checkParamMap(body.cardData?.cardParamMap, 'cardParamMap');
    // Default without options = overwrite the whole cardData (§3.2).
    card.cardParamMap = opts.updateCardDataByKey === true ? { ...card.cardParamMap, ...map } : { ...map };
    card.history.push({ at: ctx.now(), via: 'update', cardParamMap: { ...card.cardParamMap } });
    for (const view of Object.values(card.clickerView)) for (const key of Object.keys(map)) delete view[key];
  }
  applyPrivate(card, body.privateData, opts.updatePrivateDataByKey === true);
  return { success: true, result: true };
}

export function registerCardRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/v1.0/card/instances/createAndDeliver', async (req) => {
    guardApi(ctx, req);
    return createCard(ctx, (req.body ?? {}) as CreateBody);
  });
  app.put('/v1.0/card/instances', async (req) => {
    guardApi(ctx, req);
    return updateCard(ctx, (req.body ?? {}) as UpdateBody);
  });
}
