// The Notifier port: how the delivery pipeline reaches a chat platform. bots/wecom and bots/dingtalk
// implement it; the pipeline never sees an HTTP call, a token or a payload shape.
import type { CardModel } from './card-model.js';

export type Platform = 'wecom' | 'dingtalk';

/**
 * How a card reaches a chat:
 * - wecom_app: self-built app `message/send` template_card (button_interaction) to the team's members;
 *   updatable with `update_template_card` while a response_code is fresh.
 * - wecom_webhook: the group robot webhook (markdown with <@userid> mentions); never updatable.
 * - dingtalk_card: interactive card `createAndDeliver` into the team's group; updatable with PUT.
 * - dingtalk_group: app robot `groupMessages/send` (markdown, no @); never updatable.
 * - dingtalk_webhook: the signed custom robot webhook (markdown with at); never updatable.
 * - dingtalk_direct: the app robot's 1:1 chat with each listed user (oToMessages/batchSend); never updatable.
 */
export type ChannelKind =
  'wecom_app' | 'wecom_webhook' | 'dingtalk_card' | 'dingtalk_group' | 'dingtalk_webhook' | 'dingtalk_direct';

export const CHANNEL_PLATFORM: Record<ChannelKind, Platform> = {
  wecom_app: 'wecom',
  wecom_webhook: 'wecom',
  dingtalk_card: 'dingtalk',
  dingtalk_group: 'dingtalk',
  dingtalk_webhook: 'dingtalk',
  dingtalk_direct: 'dingtalk',
};

/** The channels whose cards can be changed in place once shown (the others post a new message). */
export const UPDATABLE_CHANNELS: ReadonlySet<ChannelKind> = new Set<ChannelKind>([
  'wecom_app',
  'dingtalk_card',
]);

/** Where to deliver. Secrets (a webhook key) stay inside; adapters must never echo them. */
export interface Destination {
  channel: ChannelKind;
  /** wecom_app: member userids; dingtalk_direct: DingTalk userIds (staffIds). */
  users?: string[];
  /** dingtalk_card / dingtalk_group: the group's openConversationId. */
  conversationId?: string;
  /** wecom_webhook: the group robot key (secret). dingtalk_webhook uses the configured robot. */
  webhookKey?: string;
}

/** What the platform gave back, kept in `deliveries.platform_ref` and needed to update the card later. */
export type PlatformRef = Record<string, string | number | null>;

export interface SendRequest {
  destination: Destination;
  card: CardModel;
  /**
   * Stable for this card at this destination: used as WeCom `task_id` / DingTalk `outTrackId` /
   * DingTalk webhook `msgUuid`, so a send repeated after a crash is recognised by the platform, not shown
   * twice. The WeCom group robot has no such key: a resend there after a crash mid-send can show twice.
   * Charset [0-9A-Za-z_-], ≤ 64 characters.
   */
  idempotencyKey: string;
}

export interface UpdateRequest {
  destination: Destination;
  card: CardModel;
  /** The ref returned when the card was sent (or last updated). */
  ref: PlatformRef;
}

export type SendOutcome =
  | { ok: true; ref: PlatformRef }
  | {
      ok: false;
      /** Worth trying again later (5xx, timeouts, throttling, busy); false = permanent (bad key, bad payload). */
      retryable: boolean;
      /** Why, without secrets; stored in `deliveries.last_error` and shown to operators. */
      reason: string;
      /** The platform said "too fast": hold every send through this robot/member for this long. */
      throttledForMs?: number;
      /** Update only: this card cannot be changed in place (no fresh response_code, or the channel has no
       *  update); the pipeline sends a new card instead. */
      notUpdatable?: boolean;
      /** Update only, with `notUpdatable`: the platform refused the update's single-use credential (a WeCom
       *  response_code) as already spent. If an earlier try of this same update got no answer, that try is
       *  what spent it: the card shows this change already. */
      credentialSpent?: boolean;
      /** Send only: the platform already has this idempotency key (a repeat after a crash): treat as sent. */
      duplicate?: boolean;
      /** With `duplicate`: what is known of the existing message (its id is the key), to update it later. */
      ref?: PlatformRef;
    };

export interface Notifier {
  readonly platform: Platform;
  /** The channel kinds this notifier can serve with its configuration. */
  readonly channels: readonly ChannelKind[];
  send(req: SendRequest): Promise<SendOutcome>;
  update(req: UpdateRequest): Promise<SendOutcome>;
  /**
   * Whether `update` with this ref would change the shown card in place (posting no new message, so
   * spending none of the chat's message budget). Absent: never (every change counts as a message).
   */
  updatesInPlace?(channel: ChannelKind, ref: PlatformRef): boolean;
  /** The loudest nudge a platform has (DingTalk DING, in-app); absent where there is none. */
  ding?(req: { userIds: string[]; text: string }): Promise<SendOutcome>;
}
