// What a platform adapter hands the notifier contract (notifier-contract.ts): the real notifier wired to a
// fresh emulator, the destinations to use, and read-backs of what people in the chat would see.
import { Writable } from 'node:stream';
import type { EmulatorControl } from '../../bots/sandbox/emulator.js';
import { createLogger, type Logger } from '../../src/lib/logger.js';
import type { Mention } from '../../src/notify/card-model.js';
import type { Destination, Notifier } from '../../src/notify/notifier.js';

/** One message (or card) as the platform shows it. */
export interface Shown {
  /** Every visible text of it, joined: title, summary, status, facts. */
  text: string;
  /** Platform ids of the people it reaches with a highlight: @-mentions, or the members a 1:1 card reaches. */
  mentions: string[];
}

export interface HarnessCapabilities {
  /** A card can be updated again after an update (DingTalk); false when each update spends a one-time code
   *  (WeCom response_code), so the second update must come back notUpdatable. */
  repeatedUpdates: boolean;
  /** The non-updatable channel recognises a repeated idempotencyKey (DingTalk webhook msgUuid). */
  plainResendDeduplicated: boolean;
}

export interface NotifierHarness {
  notifier: Notifier;
  emulator: EmulatorControl;
  capabilities: HarnessCapabilities;
  /** Updatable: wecom_app to known members / dingtalk_card into a known group. */
  updatable: Destination;
  /** Never updatable: wecom_webhook / dingtalk_webhook. */
  plain: Destination;
  /** A destination the platform refuses (all users unknown / unknown conversation). */
  rejected: Destination;
  /** The path fragment of the API a send to this destination calls, for `emulator.fail({ path })`. */
  sendPath(destination: Destination): string;
  /** A notifier and destination whose robot key / token the platform does not know. */
  unknownWebhook(): { notifier: Notifier; destination: Destination };
  /** A notifier configured with a wrong app secret. */
  wrongAppSecret(): Notifier;
  /** Someone both emulators know, to mention on cards. */
  person: Mention;
  /** The id `person` has on this platform, as `Shown.mentions` lists it. */
  personId: string;
  /** What the platform shows for the send with this idempotency key (one entry per time it is shown). */
  shown(destination: Destination, idempotencyKey: string): Shown[];
  /** Problems the emulator noticed in accepted requests (unknown card keys, dropped messages). */
  problems(): unknown[];
  /** How many access tokens the notifier fetched so far. */
  tokenFetches(): number;
  /** Configured secrets, wrong/unknown ones handed out above, and every access token issued so far. */
  secrets(): string[];
  /** Everything every notifier of this harness logged. */
  logs(): string;
  close(): Promise<void>;
}

export type MakeHarness = () => Promise<NotifierHarness>;

/** A debug logger writing into a string the harness can read back. */
export function capturedLogger(): { log: Logger; text: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { log: createLogger('debug', sink), text: () => text };
}

const TOKEN_FIELD = /"(?:access_token|accessToken)"\s*:\s*"([^"]+)"/g;

/** fetch that notes every access token the platform hands out (the WeCom emulator masks them in its log). */
export function tokenTap(issued: Set<string>): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (/gettoken|oauth2\/accessToken/.test(url)) {
      const body = await res.clone().text();
      for (const m of body.matchAll(TOKEN_FIELD)) if (m[1]) issued.add(m[1]);
    }
    return res;
  };
}
