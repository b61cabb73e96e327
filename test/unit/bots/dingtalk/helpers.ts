// Shared fixtures for the DingTalk tests: an emulator with one template, two groups and one webhook robot,
// a sample alert card, and small HTTP helpers that speak to the emulator like a client would.
import { createHmac } from 'node:crypto';
import type { CardModel } from '../../../../src/notify/card-model.js';
import {
  startDingtalkEmulator,
  type DingtalkEmulatorOptions,
} from '../../../../bots/sandbox/dingtalk/index.js';
import { CARD_PARAM_KEYS } from '../../../../bots/dingtalk/payloads.js';

export const CLIENT_ID = 'dingappkey123';
export const CLIENT_SECRET = 'client-secret-value-XYZ';
export const TEMPLATE = 'orderwatch-alert.schema';
export const CID = 'cidGroupA==';
export const CID_B = 'cidGroupB==';
export const HOOK_TOKEN = 'hooktoken-abcdef123456';
export const HOOK_SECRET = 'SEC0123456789abcdef';

export function emulatorOptions(over: Partial<DingtalkEmulatorOptions> = {}): DingtalkEmulatorOptions {
  return {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    templates: { [TEMPLATE]: { paramKeys: [...CARD_PARAM_KEYS] } },
    conversations: {
      [CID]: { title: '杭州仓告警群', members: ['u-zhang', 'u-li'] },
      [CID_B]: { title: '客服群', members: ['u-wang'] },
    },
    webhooks: { [HOOK_TOKEN]: { secret: HOOK_SECRET, conversationId: CID } },
    ...over,
  };
}

export const start = (over: Partial<DingtalkEmulatorOptions> = {}) =>
  startDingtalkEmulator(emulatorOptions(over));

export function sign(secret: string, timestamp: string): string {
  return encodeURIComponent(createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'));
}

export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are probed field by field
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // HTML fault bodies stay text
  }
  return { status: res.status, body: parsed };
}

export async function token(base: string): Promise<string> {
  const r = await call(base, 'POST', '/v1.0/oauth2/accessToken', {
    appKey: CLIENT_ID,
    appSecret: CLIENT_SECRET,
  });
  return r.body.accessToken as string;
}

export function sampleCard(over: Partial<CardModel> = {}): CardModel {
  return {
    variant: 'alert',
    alertId: 'al_123',
    severity: 'critical',
    colour: 'red',
    title: '订单 TB20261122001 待拣货超时',
    summary: '已付款 3 小时仍未拣货',
    status: '待处理',
    facts: [
      { label: '仓库', value: 'hz-1' },
      { label: '金额', value: '¥128.00' },
    ],
    buttons: [
      { action: 'claim', label: '认领', style: 'primary', key: 'ow1.claim.al_123' },
      { action: 'resolve', label: '已处理', style: 'default', key: 'ow1.resolve.al_123' },
    ],
    link: { label: '查看订单', url: 'https://ow.example.com/o/tok123' },
    mentions: [{ name: '张三', wecom: 'zhangsan', dingtalk: 'u-zhang' }],
    digest: null,
    preview: '订单 TB20261122001 待拣货超时',
    renderedAt: '11-22 18:05',
    ...over,
  };
}

/** Polls `check` on real time (for WebSocket round trips only; no timing is asserted). */
export async function until<T>(check: () => T | undefined | null | false, ms = 2_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
}
