// gettoken and the token check every app API does first (wecom.md §2.1): 7200 s lifetime on the injected
// clock, 41001 missing / 40014 unknown / 42001 expired, so clients exercise their refresh-and-retry path.
import { ERR, OK, wxError, type WxError } from './errors.js';
import { newId, type EmulatorState } from './state.js';

export const TOKEN_TTL_S = 7200;

export function getToken(s: EmulatorState, query: Record<string, string>): object {
  if (query.corpid !== s.opts.corpId) return wxError(ERR.badCorpId);
  if (query.corpsecret !== s.opts.corpSecret) return wxError(ERR.badSecret);
  const token = newId('tok', 48);
  s.tokens.set(token, { issuedAt: s.now(), revoked: false });
  return { ...OK, access_token: token, expires_in: TOKEN_TTL_S };
}

/** The error for this access_token, or null when it may be used. */
export function checkToken(s: EmulatorState, token: string | undefined): WxError | null {
  if (!token) return wxError(ERR.missingToken);
  const issued = s.tokens.get(token);
  if (!issued) return wxError(ERR.badToken);
  if (issued.revoked || s.now() - issued.issuedAt >= TOKEN_TTL_S * 1000) return wxError(ERR.tokenExpired);
  return null;
}

export function expireAll(s: EmulatorState): void {
  for (const t of s.tokens.values()) t.revoked = true;
}
