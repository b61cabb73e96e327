// WeCom answers HTTP 200 with {errcode, errmsg} for every API error (shared/protocols/wecom.md §1, §7); the codes
// here are the platform's own so that clients are tested against what production returns.

export const ERR = {
  busy: -1,
  badSecret: 40001,
  badUserid: 40003,
  badMedia: 40007,
  badMsgtype: 40008,
  badCorpId: 40013,
  badToken: 40014,
  badParam: 40035,
  badAgentId: 40056,
  missingToken: 41001,
  missingAgentId: 41011,
  tokenExpired: 42001,
  taskId: 42014,
  emptyContent: 44004,
  tooLarge: 45002,
  newsCount: 45008,
  freq: 45009,
  allInvalid: 81013,
  badWebhook: 93000,
  /**
   * UNCONFIRMED: path/94888 and path/94945 say a response_code is single-use and valid 72 h but name no errcode
   * for an unknown, used or expired one; 40035 (不合法的参数) is the plausible global code.
   */
  responseCode: 40035,
  /** UNCONFIRMED: 95000 is recalled as 不合法的open_kfid; no stored source confirms it. */
  kfBadOpenKfid: 95000,
  /**
   * 95001: "给该客户发送的消息数量已达上限" (≤5 messages per customer message; public source idx 26052245228).
   * UNCONFIRMED that the same code answers a send outside the 48 h window.
   */
  kfLimit: 95001,
} as const;

const MESSAGES: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40003: 'invalid userid',
  40007: 'invalid media_id',
  40008: 'invalid message type',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40035: 'invalid parameter',
  40056: 'invalid agentid',
  41001: 'access_token missing',
  41011: 'agentid missing',
  42001: 'access_token expired',
  42014: 'taskid has existed or empty or exceed max len',
  44004: 'empty content',
  45002: 'content size out of limit',
  45008: 'article count out of limit',
  45009: 'api freq out of limit',
  81013: 'user & party & tag all invalid',
  93000: 'invalid webhook url',
  95000: 'invalid open_kfid',
  95001: 'send msg count limit',
};

export interface WxError {
  errcode: number;
  errmsg: string;
}

let hintSeq = 0;

/** The error body, with a `hint` like the real one (a request id, useful when reading recorded requests). */
export function wxError(errcode: number, detail?: string): WxError {
  hintSeq += 1;
  const base = MESSAGES[errcode] ?? 'error';
  const text = detail ? `${base}: ${detail}` : base;
  return { errcode, errmsg: `${text}, hint: [emu${hintSeq.toString(36)}]` };
}

export function isWxError(value: unknown): value is WxError {
  return typeof value === 'object' && value !== null && 'errcode' in value && 'errmsg' in value;
}

export const OK = { errcode: 0, errmsg: 'ok' } as const;
