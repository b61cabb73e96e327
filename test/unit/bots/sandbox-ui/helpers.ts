// Real WeCom, DingTalk and SMS emulators with small configs, the sandbox UI plugin on a bare fastify app,
// and sends through each emulator's own HTTP API (as the app's adapters would make them).
import Fastify, { type FastifyInstance } from 'fastify';
import { buildCreateAndDeliver } from '../../../../bots/dingtalk/payloads.js';
import { startDingtalkEmulator } from '../../../../bots/sandbox/dingtalk/index.js';
import { startSmsEmulator } from '../../../../bots/sandbox/sms/index.js';
import { sandboxUiRoutes } from '../../../../bots/sandbox/ui/index.js';
import { createAliyunSms } from '../../../../bots/sms/aliyun-sms.js';
import type { Person, Team } from '../../../../src/config/index.js';
import { systemClock } from '../../../../src/lib/clock.js';
import { emulatorOptions, sampleCard, TEMPLATE, CID, CLIENT_ID, token, call } from '../dingtalk/helpers.js';
import { buttonCard, cardMessage, startEmulator, tokenOf, WEBHOOK_KEY } from '../wecom/helpers.js';
import { capturedLogger } from '../../../contract/harness.js';

export const PEOPLE: Person[] = [
  { id: 'zs', name: '张三', roles: ['supervisor'], wecom: 'zhangsan', dingtalk: 'u-zhang', mobile: null },
  { id: 'ls', name: '李四', roles: ['cs'], wecom: 'lisi', dingtalk: 'u-li', mobile: null },
];
export const TEAMS: Team[] = [
  {
    id: 'hz',
    wecomWebhookKey: WEBHOOK_KEY,
    wecomUsers: ['zhangsan', 'lisi'],
    dingtalkConversation: CID,
    onDuty: [],
  },
];
const SMS = { accessKeyId: 'LTAIsandbox', accessKeySecret: 'sandbox-sms-secret', signName: '订单守望' };

export async function startAll() {
  const { emu: wecom } = await startEmulator();
  const dingtalk = await startDingtalkEmulator(
    emulatorOptions({ cardAckWaitMs: 100, cardCallbackDeadlineMs: 50 }),
  );
  const sms = await startSmsEmulator({
    ...SMS,
    templates: { SMS_1: { params: ['orderId'], content: '订单${orderId}已发货' } },
  });
  const sandbox = { wecom, dingtalk, sms };
  const log = capturedLogger();
  const app: FastifyInstance = Fastify({ logger: false });
  await app.register(sandboxUiRoutes({ sandbox, people: PEOPLE, teams: TEAMS, log: log.log, pollMs: 20 }));
  await app.ready();
  const stop = async () => {
    await app.close();
    await Promise.allSettled([wecom.close(), dingtalk.close(), sms.close()]);
  };
  return { app, wecom, dingtalk, sms, stop };
}
export type All = Awaited<ReturnType<typeof startAll>>;

export async function wecomRobot(all: All, body: unknown) {
  const res = await fetch(`${all.wecom.url}/cgi-bin/webhook/send?key=${WEBHOOK_KEY}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

export async function wecomAppCard(all: All, taskId: string, extra: Record<string, unknown> = {}) {
  const tok = await tokenOf(all.wecom);
  const res = await fetch(`${all.wecom.url}/cgi-bin/message/send?access_token=${tok}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(cardMessage(buttonCard(taskId, extra))),
  });
  return (await res.json()) as Record<string, unknown>;
}

export async function dingtalkCard(all: All, outTrackId: string, title: string) {
  const tok = await token(all.dingtalk.url);
  const body = buildCreateAndDeliver(sampleCard({ title }), {
    outTrackId,
    cardTemplateId: TEMPLATE,
    conversationId: CID,
    robotCode: CLIENT_ID,
  });
  const r = await call(all.dingtalk.url, 'POST', '/v1.0/card/instances/createAndDeliver', body, {
    'x-acs-dingtalk-access-token': tok,
  });
  if (r.status !== 200) throw new Error(`createAndDeliver: ${JSON.stringify(r.body)}`);
}

export async function smsTo(all: All, phone: string, orderId: string) {
  const client = createAliyunSms({
    config: { provider: 'aliyun', apiBase: all.sms.url, ...SMS },
    clock: systemClock,
    log: capturedLogger().log,
    timeoutMs: 2000,
  });
  return client.sms(phone, 'SMS_1', { orderId });
}
