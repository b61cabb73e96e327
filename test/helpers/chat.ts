// Talking to orderwatch the way people do, through the emulated platforms: a 1:1 text to the WeCom
// app, an @-mention of the WeCom AI bot in a group, an @-message to the DingTalk robot over Stream or
// over HTTP mode. Each returns the text orderwatch answered with.
import type { DeliveryStack, PersonSpec } from './delivery-stack.js';
import { waitUntil } from './delivery-stack.js';

export const SURFACES = ['wecom-app', 'wecom-bot', 'dingtalk-stream', 'dingtalk-http'] as const;
export type Surface = (typeof SURFACES)[number];

const GROUP_CHAT = 'wrkSGroupOps';

const contentOf = (xml: string | null) =>
  /<Content><!\[CDATA\[([\s\S]*?)\]\]><\/Content>/.exec(xml ?? '')?.[1] ?? null;

/** What orderwatch answers to `text` from `person` on `surface` (waits for a late answer too). */
export async function say(
  s: DeliveryStack,
  surface: Surface,
  person: PersonSpec,
  text: string,
): Promise<string> {
  if (surface === 'wecom-app') {
    const before = s.wecom.appMessages(person.wecom).length;
    const r = await s.wecom.sendText({ userid: person.wecom, content: text });
    const passive = contentOf(r.reply);
    if (passive !== null) return passive;
    const later = await waitUntil(
      () =>
        s.wecom
          .appMessages(person.wecom)
          .slice(before)
          .find((m) => m.msgtype === 'text'),
      'the app answer',
    );
    return String((later.body.text as { content: string }).content);
  }
  if (surface === 'wecom-bot') {
    const before = s.wecom.botMessages(GROUP_CHAT).filter((m) => m.via !== 'passive').length;
    const r = await s.wecom.mentionBot({
      chatid: GROUP_CHAT,
      userid: person.wecom,
      text: `@订单守望 ${text}`,
    });
    const stream = (r.reply?.stream as { content?: string } | undefined)?.content;
    if (stream) return stream;
    const later = await waitUntil(
      () => s.wecom.botMessages(GROUP_CHAT).filter((m) => m.via !== 'passive')[before],
      'the bot answer',
    );
    return JSON.stringify(later.body);
  }
  const cid = 'cidOPS==';
  const before = s.dingtalk.webhookMessages(cid).length;
  const message = { conversationId: cid, senderStaffId: person.dingtalk, senderNick: person.name, text };
  if (surface === 'dingtalk-stream') s.dingtalk.pushRobotMessage(message);
  else await s.dingtalk.postRobotMessage(`${s.url}/dingtalk/robot`, message);
  const m = await waitUntil(() => s.dingtalk.webhookMessages(cid)[before], 'the DingTalk answer');
  const body = m.body as { markdown?: { text: string }; text?: { content: string } };
  return body.markdown?.text ?? body.text?.content ?? JSON.stringify(body);
}
