// How the emulator calls the app back, as WeCom does (wecom.md §3): sign and encrypt a message for the
// configured callback, send it with a 5 s limit (WeCom drops the connection then), and open the encrypted
// passive reply the app answered with (its signature checked, its receiveid ours).
import { randomInt } from 'node:crypto';
import type { BotTarget, CallbackTarget, EmulatorState } from './state.js';
import { wxDecrypt, wxEncrypt, wxSign } from './callback-crypto.js';

/** WeCom waits this long for an answer (wecom.md §3.3). */
export const CALLBACK_TIMEOUT_MS = 5_000;

export type Which = 'callback' | 'bot';

export interface SealOptions {
  /** Seconds since the epoch; default the emulator's clock. */
  timestamp?: number;
  nonce?: string;
  /** Default: the corpId for the app, "" for the AI bot. */
  receiveId?: string;
}

export interface SealedRequest {
  query: Record<string, string>;
  body: string;
}

export interface RawAnswer {
  /** 0 when the app did not answer within 5 s or the connection failed. */
  status: number;
  body: string;
}

export function targetOf(s: EmulatorState, which: Which): CallbackTarget {
  const t = which === 'callback' ? s.opts.callback : s.opts.bot;
  if (!t) throw new Error(`emulator: no ${which} target configured (options.${which} or configureCallbacks)`);
  return t;
}

export function botTargetOf(s: EmulatorState): BotTarget {
  if (!s.opts.bot) throw new Error('emulator: no bot target configured (options.bot or configureCallbacks)');
  return s.opts.bot;
}

export function receiveIdOf(s: EmulatorState, which: Which): string {
  return which === 'callback' ? s.opts.corpId : '';
}

export function nowSeconds(s: EmulatorState): number {
  return Math.floor(s.now() / 1000);
}

/** The signed query and the body (XML envelope for the app, `{encrypt}` for the bot) carrying `plaintext`. */
export function seal(
  s: EmulatorState,
  which: Which,
  plaintext: string,
  opts: SealOptions = {},
): SealedRequest {
  const t = targetOf(s, which);
  const encrypt = wxEncrypt(t.aesKey, plaintext, opts.receiveId ?? receiveIdOf(s, which));
  const timestamp = String(opts.timestamp ?? nowSeconds(s));
  const nonce = opts.nonce ?? String(randomInt(100_000_000, 999_999_999));
  const query = { msg_signature: wxSign(t.token, timestamp, nonce, encrypt), timestamp, nonce };
  const body =
    which === 'bot'
      ? JSON.stringify({ encrypt })
      : `<xml><ToUserName><![CDATA[${s.opts.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt>` +
        `<AgentID><![CDATA[${s.opts.agentId}]]></AgentID></xml>`;
  return { query, body };
}

export interface SendOptions {
  method?: 'GET' | 'POST';
  query?: Record<string, string>;
  body?: string;
  contentType?: string;
}

/** One request to `path` on the target's host; recorded in `callbacks()`. */
export async function sendTo(
  s: EmulatorState,
  which: Which,
  kind: string,
  path: string,
  opts: SendOptions,
): Promise<RawAnswer> {
  const url = new URL(path, targetOf(s, which).url);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const method = opts.method ?? 'POST';
  const contentType = opts.contentType ?? (which === 'bot' ? 'application/json' : 'text/xml');
  let answer: RawAnswer = { status: 0, body: '' };
  try {
    const res = await fetch(url, {
      method,
      headers: method === 'POST' ? { 'content-type': contentType } : {},
      body: method === 'POST' ? (opts.body ?? '') : undefined,
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    });
    answer = { status: res.status, body: await res.text() };
  } catch {
    // no answer in time, or no connection: WeCom counts it as a failure
  }
  s.callbacks.push({ at: s.now(), target: which, method, kind, status: answer.status });
  return answer;
}

export function pathOf(s: EmulatorState, which: Which): string {
  return new URL(targetOf(s, which).url).pathname;
}

export function xmlTag(xml: string, name: string): string | null {
  const m = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  return m ? (m[1] ?? m[2] ?? '') : null;
}

export interface OpenedReply {
  reply: string | null;
  /** Set when the app answered something WeCom would not accept (bad signature, wrong receiveid, …). */
  replyError?: string;
}

function envelopeOf(
  which: Which,
  body: string,
): Record<'encrypt' | 'signature' | 'timestamp' | 'nonce', string | null> {
  if (which === 'callback') {
    const tag = (k: string) => xmlTag(body, k);
    return {
      encrypt: tag('Encrypt'),
      signature: tag('MsgSignature'),
      timestamp: tag('TimeStamp'),
      nonce: tag('Nonce'),
    };
  }
  const json = JSON.parse(body) as Record<string, unknown>;
  const field = (k: string) => (json[k] === undefined || json[k] === null ? null : String(json[k]));
  return {
    encrypt: field('encrypt'),
    signature: field('msgsignature'),
    timestamp: field('timestamp'),
    nonce: field('nonce'),
  };
}

/** The decrypted passive reply of a 200 answer; an empty body is no reply. */
export function openReply(s: EmulatorState, which: Which, answer: RawAnswer): OpenedReply {
  if (answer.status !== 200 || answer.body.trim() === '') return { reply: null };
  const t = targetOf(s, which);
  try {
    const { encrypt, signature, timestamp, nonce } = envelopeOf(which, answer.body);
    if (!encrypt || !signature || timestamp === null || nonce === null) {
      return { reply: null, replyError: 'incomplete envelope' };
    }
    if (wxSign(t.token, timestamp, nonce, encrypt) !== signature)
      return { reply: null, replyError: 'bad signature' };
    const opened = wxDecrypt(t.aesKey, encrypt);
    if (opened.receiveId !== receiveIdOf(s, which)) return { reply: null, replyError: 'wrong receiveid' };
    return { reply: opened.message };
  } catch {
    return { reply: null, replyError: 'unreadable reply' };
  }
}
