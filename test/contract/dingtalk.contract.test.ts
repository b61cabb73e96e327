// The notifier contract against DingTalk: createDingtalkNotifier on the DingTalk emulator, interactive cards
// into a group and the signed custom-robot webhook.
import { createDingtalkNotifier } from '../../bots/dingtalk/notifier.js';
import type { DingtalkConfig } from '../../src/config/types.js';
import { fakeClock } from '../../src/lib/clock.js';
import type { Destination } from '../../src/notify/notifier.js';
import {
  CID,
  CLIENT_ID,
  CLIENT_SECRET,
  HOOK_SECRET,
  HOOK_TOKEN,
  start,
  TEMPLATE,
} from '../unit/bots/dingtalk/helpers.js';
import { capturedLogger, tokenTap, type NotifierHarness, type Shown } from './harness.js';
import { describeNotifierContract } from './notifier-contract.js';

const UNKNOWN_TOKEN = 'hooktoken-UNKNOWN-5e9f';
const WRONG_SECRET = 'client-secret-WRONG-c41a';

type Emulator = Awaited<ReturnType<typeof start>>;

function shownCard(emu: Emulator, outTrackId: string): Shown[] {
  const card = emu.card(outTrackId);
  if (!card) return [];
  const p = card.cardParamMap;
  const text = [p.title, p.summary, p.status, p.facts, p.digest, p.mentions].filter(Boolean).join('\n');
  return [{ text, mentions: Object.keys(card.atUserIds) }];
}

function shownWebhook(emu: Emulator, msgUuid: string): Shown[] {
  return emu
    .webhookMessages(CID)
    .filter((m) => m.msgUuid === msgUuid)
    .map((m) => {
      const md = (m.body.markdown ?? {}) as { title?: string; text?: string };
      return { text: `${md.title ?? ''}\n${md.text ?? ''}`, mentions: m.highlighted };
    });
}

async function makeDingtalkHarness(): Promise<NotifierHarness> {
  const clock = fakeClock('2026-11-22T10:00:00Z');
  const emu = await start({ now: () => clock.now().getTime() });
  const logger = capturedLogger();
  const issued = new Set<string>();
  const notifierWith = (over: { clientSecret?: string; hookToken?: string }) => {
    const config: DingtalkConfig = {
      apiBase: emu.url,
      oapiBase: emu.url,
      app: {
        clientId: CLIENT_ID,
        clientSecret: over.clientSecret ?? CLIENT_SECRET,
        robotCode: CLIENT_ID,
        cardTemplateId: TEMPLATE,
      },
      webhook: { token: over.hookToken ?? HOOK_TOKEN, secret: HOOK_SECRET },
    };
    return createDingtalkNotifier({
      config,
      clock,
      log: logger.log,
      fetch: tokenTap(issued),
      requestTimeoutMs: 2000, // room for the token call on a loaded machine; faulted calls never answer
    });
  };
  const plain: Destination = { channel: 'dingtalk_webhook' };
  return {
    notifier: notifierWith({}),
    emulator: emu,
    capabilities: { repeatedUpdates: true, plainResendDeduplicated: true },
    updatable: { channel: 'dingtalk_card', conversationId: CID },
    plain,
    rejected: { channel: 'dingtalk_card', conversationId: 'cidUnknownGroup==' },
    sendPath: (d) => (d.channel === 'dingtalk_card' ? '/card/instances/createAndDeliver' : '/robot/send'),
    unknownWebhook: () => ({ notifier: notifierWith({ hookToken: UNKNOWN_TOKEN }), destination: plain }),
    wrongAppSecret: () => notifierWith({ clientSecret: WRONG_SECRET }),
    person: { name: '张三', wecom: 'zhangsan', dingtalk: 'u-zhang' },
    personId: 'u-zhang',
    shown: (d, key) => (d.channel === 'dingtalk_card' ? shownCard(emu, key) : shownWebhook(emu, key)),
    problems: () => emu.validationErrors(),
    tokenFetches: () => emu.requests('/oauth2/accessToken').filter((r) => r.status === 200).length,
    secrets: () => [CLIENT_SECRET, HOOK_TOKEN, HOOK_SECRET, UNKNOWN_TOKEN, WRONG_SECRET, ...issued],
    logs: logger.text,
    close: () => emu.close(),
  };
}

describeNotifierContract('dingtalk', makeDingtalkHarness);
