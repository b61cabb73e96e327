// What a Stream connection does with each frame (§1.4, §1.5, §2, §3.3): SYSTEM ping is echoed, SYSTEM
// disconnect asks for a fresh connection, EVENT frames are acked SUCCESS, robot messages are acked at once
// and handled afterwards, card callbacks are acked WITH the answer within the 2 s budget (or an interim
// one, the pipeline's card update bringing the final state to everyone). Nothing here throws.
import type { InteractionHandler } from '../../../src/actions/types.js';
import type { Clock } from '../../../src/lib/clock.js';
import type { Logger } from '../../../src/lib/logger.js';
import { withDeadline } from './deadline.js';
import { CARD_TOPIC, ROBOT_TOPIC, ack, callbackAck, eventAck, jsonObject, type Frame } from './frames.js';
import { cardCallbackEvent, robotMessageEvent } from './normalise.js';
import type { RobotReplier } from './replier.js';
import { INTERIM_STATUS, cardAnswer, shortStatus } from './reply-text.js';

export const ERROR_STATUS = '处理失败，请稍后重试';
const SEEN_TTL_MS = 10 * 60_000;
const SEEN_MAX = 5_000;

export interface DispatchDeps {
  handler: InteractionHandler;
  replier: RobotReplier;
  log: Logger;
  clock: Clock;
  /** How long a card callback waits for the handler before answering with the interim status. */
  cardAnswerMs: number;
}

export type Send = (text: string) => void;

export function createDispatcher(deps: DispatchDeps) {
  const { handler, replier, log, clock } = deps;
  const seen = new Map<string, number>();
  const inflight = new Set<Promise<unknown>>();

  const track = (p: Promise<unknown>) => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };

  /** True when this robot message was already taken by this process (a redelivery of a lost ack). */
  function alreadySeen(eventId: string): boolean {
    const now = clock.now().getTime();
    for (const [id, at] of seen) if (now - at > SEEN_TTL_MS || seen.size > SEEN_MAX) seen.delete(id);
    if (seen.has(eventId)) return true;
    seen.set(eventId, now);
    return false;
  }

  async function answerRobot(data: Record<string, unknown>, messageId: string): Promise<void> {
    const n = robotMessageEvent(data, clock.now());
    if (!n) return log.debug({ messageId }, 'dingtalk robot message without text ignored');
    if (alreadySeen(n.event.eventId)) return log.debug({ messageId }, 'dingtalk robot message seen before');
    try {
      const reply = await handler.handle(n.event);
      if (reply.duplicate) return log.debug({ messageId }, 'dingtalk robot message answered before');
      const outcome = await replier.send(n.origin, reply);
      log.info({ messageId, result: reply.result, outcome }, 'dingtalk robot message answered');
    } catch (err) {
      log.error({ messageId, error: (err as Error).name }, 'dingtalk robot message handler failed');
    }
  }

  async function answerCard(frame: Frame, send: Send): Promise<void> {
    const { messageId } = frame.headers;
    const data = jsonObject(frame.data);
    const event = data && cardCallbackEvent(data, messageId, clock.now());
    if (!event) return void send(callbackAck(messageId, null));
    const work = handler.handle(event);
    const t = await withDeadline(work, deps.cardAnswerMs);
    if (t.kind === 'done') return void send(callbackAck(messageId, cardAnswer(shortStatus(t.value.text))));
    send(callbackAck(messageId, cardAnswer(t.kind === 'late' ? INTERIM_STATUS : ERROR_STATUS)));
    if (t.kind === 'failed') {
      return log.error({ messageId, error: (t.error as Error).name }, 'dingtalk card handler failed');
    }
    log.warn({ messageId }, 'dingtalk card callback answered with the interim status');
    track(
      work.catch((err: unknown) =>
        log.error({ messageId, error: (err as Error).name }, 'card handler failed'),
      ),
    );
  }

  function onCallback(frame: Frame, send: Send): void {
    const { messageId, topic } = frame.headers;
    if (topic === CARD_TOPIC) return track(answerCard(frame, send));
    send(callbackAck(messageId, null)); // robot messages: ack first, so the gateway does not redeliver
    const data = jsonObject(frame.data);
    if (topic === ROBOT_TOPIC && data) track(answerRobot(data, messageId));
  }

  /** One downstream frame; `disconnect` is called for SYSTEM disconnect. */
  function onFrame(frame: Frame, send: Send, disconnect: () => void): void {
    const { messageId, topic } = frame.headers;
    log.debug({ type: frame.type, topic, messageId }, 'dingtalk stream frame');
    if (frame.type === 'EVENT') return send(eventAck(messageId));
    if (frame.type === 'CALLBACK') return onCallback(frame, send);
    if (topic === 'ping') return send(ack(messageId, frame.data));
    if (topic === 'disconnect') return disconnect();
  }

  /** Waits (at most `ms`) for answers still being worked on. */
  async function drain(ms: number): Promise<void> {
    await withDeadline(Promise.allSettled([...inflight]), ms);
  }

  return { onFrame, drain };
}
