// The notifier contract against WeCom: createWecomNotifier on the WeCom emulator, app cards to two members and
// the group robot webhook.
import type { WecomEmulator } from '../../bots/sandbox/wecom/index.js';
import { createWecomNotifier } from '../../bots/wecom/notifier.js';
import type { WecomConfig } from '../../src/config/types.js';
import type { Destination } from '../../src/notify/notifier.js';
import { AGENT_ID, CORP_ID, CORP_SECRET, startEmulator, WEBHOOK_KEY } from '../unit/bots/wecom/helpers.js';
import { capturedLogger, tokenTap, type NotifierHarness, type Shown } from './harness.js';
import { describeNotifierContract } from './notifier-contract.js';

const UNKNOWN_KEY = 'hook-key-UNKNOWN-4d2a';
const WRONG_SECRET = 'corp-secret-WRONG-81bd';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});

/** What a member sees on a button_interaction card: titles, subtitle (summary and status), facts, buttons. */
function cardText(card: Json): string {
  const main = obj(card.main_title);
  const facts = Array.isArray(card.horizontal_content_list) ? card.horizontal_content_list.map(obj) : [];
  const buttons = Array.isArray(card.button_list) ? card.button_list.map(obj) : [];
  return [
    main.title,
    main.desc,
    card.sub_title_text,
    ...facts.map((f) => `${String(f.keyname)}：${String(f.value)}`),
    ...buttons.map((b) => b.text),
  ]
    .filter((t) => typeof t === 'string')
    .join('\n');
}

/** One entry per time the first recipient got a message with this task_id, showing the card's current state. */
function shownApp(emu: WecomEmulator, taskId: string): Shown[] {
  const view = emu.card(taskId);
  const messages = emu.appMessages().filter((m) => m.taskId === taskId);
  const first = messages[0]?.userid;
  const state = first === undefined ? undefined : view?.recipients[first];
  if (!view || !state) return [];
  const shown = { text: cardText(state.card), mentions: Object.keys(view.recipients) };
  return messages.filter((m) => m.userid === first).map(() => shown);
}

async function makeWecomHarness(): Promise<NotifierHarness> {
  const { emu, clock } = await startEmulator();
  const logger = capturedLogger();
  const issued = new Set<string>();
  const notifierWith = (secret: string) => {
    const config: WecomConfig = {
      apiBase: emu.url,
      app: { corpId: CORP_ID, agentId: AGENT_ID, secret },
      callback: null,
      bot: null,
      webhookKey: null,
    };
    return createWecomNotifier({
      config,
      clock,
      log: logger.log,
      fetch: tokenTap(issued),
      requestTimeoutMs: 2000, // room for the token call on a loaded machine; faulted calls never answer
    });
  };
  const updatable: Destination = { channel: 'wecom_app', users: ['zhangsan', 'lisi'] };
  const plain: Destination = { channel: 'wecom_webhook', webhookKey: WEBHOOK_KEY };
  const notifier = notifierWith(CORP_SECRET);
  return {
    notifier,
    emulator: emu,
    capabilities: { repeatedUpdates: false, plainResendDeduplicated: false },
    updatable,
    plain,
    rejected: { channel: 'wecom_app', users: ['nobody-1', 'nobody-2'] },
    sendPath: (d) => (d.channel === 'wecom_app' ? '/cgi-bin/message/send' : '/cgi-bin/webhook/send'),
    unknownWebhook: () => ({ notifier, destination: { ...plain, webhookKey: UNKNOWN_KEY } }),
    wrongAppSecret: () => notifierWith(WRONG_SECRET),
    person: { name: '张三', wecom: 'zhangsan', dingtalk: 'u-zhang' },
    personId: 'zhangsan',
    shown: (d, key) =>
      d.channel === 'wecom_app'
        ? shownApp(emu, key)
        : emu.groupMessages(d.webhookKey).map((m) => ({ text: m.text, mentions: m.mentions })),
    problems: () => emu.dropped(),
    tokenFetches: () => emu.requests('/cgi-bin/gettoken').filter((r) => obj(r.response).errcode === 0).length,
    secrets: () => [CORP_SECRET, WEBHOOK_KEY, UNKNOWN_KEY, WRONG_SECRET, ...issued],
    logs: logger.text,
    close: () => emu.close(),
  };
}

describeNotifierContract('wecom', makeWecomHarness);
