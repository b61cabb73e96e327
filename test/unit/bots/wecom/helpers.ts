// Shared set-up for the WeCom tests: an emulator on a fake clock, raw calls to it, and a sample card.
import { fakeClock } from '../../../../src/lib/clock.js';
import type { CardModel } from '../../../../src/notify/card-model.js';
import { startWecomEmulator, type WecomEmulator } from '../../../../bots/sandbox/wecom/index.js';

export const CORP_ID = 'ww-corp-1';
export const CORP_SECRET = 'corp-secret-DO-NOT-LEAK-7f3a';
export const AGENT_ID = 1000002;
export const WEBHOOK_KEY = 'hook-key-DO-NOT-LEAK-9c1e';
export const OTHER_KEY = 'hook-key-other-2b7d';
export const USERS = ['zhangsan', 'lisi', 'wangwu'];

export type TestClock = ReturnType<typeof fakeClock>;

export async function startEmulator(clock: TestClock = fakeClock('2026-11-22T10:00:00Z')) {
  const emu = await startWecomEmulator({
    corpId: CORP_ID,
    corpSecret: CORP_SECRET,
    agentId: AGENT_ID,
    users: USERS,
    webhookKeys: { [WEBHOOK_KEY]: '杭州仓群', [OTHER_KEY]: '客服群' },
    kf: { openKfid: ['wkKF001'] },
    now: () => clock.now().getTime(),
  });
  return { emu, clock };
}

export type Json = Record<string, unknown>;

export async function call(emu: WecomEmulator, path: string, query: Record<string, string>, body?: unknown) {
  const url = `${emu.url}${path}?${new URLSearchParams(query).toString()}`;
  const init: RequestInit = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) };
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json' } });
  return (await res.json()) as Json;
}

export async function tokenOf(emu: WecomEmulator): Promise<string> {
  const res = await call(emu, '/cgi-bin/gettoken', { corpid: CORP_ID, corpsecret: CORP_SECRET });
  return String(res.access_token);
}

export function buttonCard(taskId: string, extra: Json = {}): Json {
  return {
    card_type: 'button_interaction',
    main_title: { title: '新订单 #A1024' },
    task_id: taskId,
    button_list: [
      { text: '接单', style: 1, key: 'ow1.claim.a1' },
      { text: '拒绝', style: 2, key: 'ow1.reject.a1' },
    ],
    ...extra,
  };
}

export function cardMessage(card: Json, touser = 'zhangsan|lisi'): Json {
  return { touser, msgtype: 'template_card', agentid: AGENT_ID, template_card: card };
}

export function sampleCard(overrides: Partial<CardModel> = {}): CardModel {
  return {
    variant: 'alert',
    alertId: 'al_1',
    severity: 'critical',
    colour: 'red',
    title: '订单 TB20261122001 待拣货超时',
    summary: '已付款 3 小时仍未拣货',
    status: '待处理',
    facts: [
      { label: '仓库', value: 'hz-1' },
      { label: '金额', value: '¥399.00' },
    ],
    buttons: [
      { action: 'claim', label: '认领', style: 'primary', key: 'ow1.claim.al_1' },
      { action: 'snooze', label: '稍后', style: 'default', key: 'ow1.snooze.al_1' },
      { action: 'hold', label: '拦截发货', style: 'danger', key: 'ow1.hold.al_1' },
    ],
    link: { label: '查看订单', url: 'https://ow.example.com/o/tok123' },
    mentions: [{ name: '张三', wecom: 'zhangsan', dingtalk: null }],
    digest: null,
    preview: '订单 TB20261122001 待拣货超时',
    renderedAt: '11-22 18:05',
    ...overrides,
  };
}
