// createAndDeliver validation (dingtalk.md §3.1). Codes named in the docs are used as is; the ones the
// docs do not name (marked UNCONFIRMED) use the documented `invalidParameter.*` family.
import type { EmulatorContext } from './context.js';
import { ApiError } from './errors.js';
import type { ParamMap } from './state.js';

const SPACE_PREFIX = 'dtv1.card//';
const MAX_KEY_BYTES = 100;
const MAX_VALUE_BYTES = 1024;

export interface CreateBody {
  cardTemplateId?: unknown;
  outTrackId?: unknown;
  callbackType?: unknown;
  callbackRouteKey?: unknown;
  cardData?: { cardParamMap?: unknown };
  openSpaceId?: unknown;
  imGroupOpenSpaceModel?: { supportForward?: unknown; lastMessageI18n?: unknown };
  imGroupOpenDeliverModel?: { robotCode?: unknown; atUserIds?: unknown; recipients?: unknown };
  userIdType?: unknown;
}

const bad = (code: string, message: string) => new ApiError(400, code, message);

/** `dtv1.card//IM_GROUP.<cid>;…` → the conversation ids; only IM_GROUP spaces are emulated. */
export function parseSpaces(ctx: EmulatorContext, raw: unknown): string[] {
  if (typeof raw !== 'string' || raw === '') throw bad('param.openSpaceIdInvalid', 'openSpaceId 不合法');
  return raw.split(';').map((one) => {
    const m = /^dtv1\.card\/\/IM_GROUP\.(.+)$/.exec(one.trim());
    if (!one.startsWith(SPACE_PREFIX) || !m?.[1] || !ctx.opts.conversations[m[1]]) {
      throw bad('param.openSpaceIdInvalid', `openSpaceId 不合法: ${one}`);
    }
    return m[1];
  });
}

/** Every value a string, key ≤ 100 bytes, value ≤ 1 KB (instructions-for-filling-in-api-card-data). */
export function checkParamMap(raw: unknown, field: string): ParamMap {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw bad('invalidParameter.cardParamMap', `${field} 必须是 Map<String,String>`); // UNCONFIRMED code
  }
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') throw bad('invalidParameter.cardParamMap', `${field}.${k} 必须是字符串`);
    if (Buffer.byteLength(k) > MAX_KEY_BYTES)
      throw bad('invalidParameter.cardParamMap', `${field} key 超过 100 字节`);
    if (Buffer.byteLength(v) > MAX_VALUE_BYTES) {
      throw bad('invalidParameter.cardParamMap', `${field}.${k} 超过 1KB`);
    }
  }
  return raw as ParamMap;
}

function checkDeliverModels(ctx: EmulatorContext, b: CreateBody, cids: string[]): Record<string, string> {
  const space = b.imGroupOpenSpaceModel;
  if (space !== undefined && typeof space.supportForward !== 'boolean') {
    throw bad('invalidParameter.supportForward', 'imGroupOpenSpaceModel.supportForward 必填'); // UNCONFIRMED code
  }
  const deliver = b.imGroupOpenDeliverModel;
  if (!deliver || typeof deliver.robotCode !== 'string' || deliver.robotCode === '') {
    throw bad('param.openDeliverModelEmpty', 'imGroupOpenDeliverModel.robotCode 必填');
  }
  if (deliver.robotCode !== ctx.opts.robotCode) throw bad('invalidParameter.robotCode', 'robotCode 不存在');
  const at = (deliver.atUserIds ?? {}) as Record<string, unknown>;
  for (const [id, name] of Object.entries(at)) {
    const member = cids.every((cid) => ctx.opts.conversations[cid]?.members.includes(id));
    if (id !== '@ALL' && (!member || typeof name !== 'string')) {
      throw bad('invalidParameter.atUserIds', `atUserIds 中的用户不在群内: ${id}`); // UNCONFIRMED code
    }
  }
  return at as Record<string, string>;
}

function checkCallback(b: CreateBody): 'STREAM' | 'HTTP' {
  if (b.callbackType === undefined || b.callbackType === 'STREAM') return 'STREAM';
  if (b.callbackType !== 'HTTP')
    throw bad('invalidParameter.callbackType', 'callbackType 只能是 STREAM 或 HTTP');
  if (typeof b.callbackRouteKey !== 'string' || b.callbackRouteKey === '') {
    throw bad('invalidParameter.callbackRouteKey', 'HTTP 回调需要 callbackRouteKey');
  }
  return 'HTTP';
}

export interface ValidCreate {
  outTrackId: string;
  cardTemplateId: string;
  callbackType: 'STREAM' | 'HTTP';
  conversationIds: string[];
  cardParamMap: ParamMap;
  atUserIds: Record<string, string>;
  unknownKeys: string[];
}

export function validateCreate(ctx: EmulatorContext, b: CreateBody): ValidCreate {
  const template = typeof b.cardTemplateId === 'string' ? ctx.opts.templates[b.cardTemplateId] : undefined;
  if (!template) throw bad('param.templateNotExist', '卡片模板不存在');
  if (typeof b.outTrackId !== 'string' || b.outTrackId === '') {
    throw bad('invalidParameter.outTrackId', 'outTrackId 必填'); // UNCONFIRMED code
  }
  if (ctx.state.cards.has(b.outTrackId)) throw bad('param.cardAlreadyExist', '卡片已存在');
  const conversationIds = parseSpaces(ctx, b.openSpaceId);
  const atUserIds = checkDeliverModels(ctx, b, conversationIds);
  const callbackType = checkCallback(b);
  const cardParamMap = checkParamMap(b.cardData?.cardParamMap, 'cardParamMap');
  const unknownKeys = Object.keys(cardParamMap).filter((k) => !template.paramKeys.includes(k));
  return {
    outTrackId: b.outTrackId,
    cardTemplateId: b.cardTemplateId as string,
    callbackType,
    conversationIds,
    cardParamMap,
    atUserIds,
    unknownKeys,
  };
}
