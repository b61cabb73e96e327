// Signed, expiring order links for cards (DESIGN.md §3.5): GET /o/:token shows the full order only to
// whoever holds a token we issued, and only until it expires.
//
// token = base64url(JSON {o: orderId, exp: unix seconds}) "." base64url(HMAC-SHA256(key, payload))[:16 bytes]
// The MAC covers the encoded payload under a fixed domain prefix, so a MAC made for anything else with the
// same secret is never a valid link. The payload is parsed only after its signature checks out.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from './clock.js';

export type VerifyResult = { orderId: string } | { error: 'malformed' | 'bad_signature' | 'expired' };

export interface LinkSigner {
  /** A URL-safe token for `orderId`, valid for `ttlMs` from the clock's now. */
  sign(orderId: string, ttlMs: number): string;
  verify(token: string): VerifyResult;
}

const DOMAIN = 'orderwatch/order-link/v1:';
const SIGNATURE_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Tokens longer than this are not ours: refuse before doing any work. */
const MAX_TOKEN_LENGTH = 1024;

function parsePayload(encoded: string): { o: string; exp: number } | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (typeof v !== 'object' || v === null) return null;
    const { o, exp } = v as Record<string, unknown>;
    if (typeof o !== 'string' || o === '' || typeof exp !== 'number' || !Number.isInteger(exp)) return null;
    return { o, exp };
  } catch {
    return null;
  }
}

export function createLinkSigner(opts: { secret: string | Buffer; clock: Clock }): LinkSigner {
  const secret = typeof opts.secret === 'string' ? Buffer.from(opts.secret, 'utf8') : opts.secret;
  if (secret.length === 0) throw new Error('link signing secret must not be empty');
  const mac = (payload: string): Buffer =>
    createHmac('sha256', secret)
      .update(DOMAIN + payload)
      .digest()
      .subarray(0, SIGNATURE_BYTES);

  return {
    sign(orderId, ttlMs) {
      if (orderId === '') throw new Error('cannot sign a link for an empty order id');
      const exp = Math.floor((opts.clock.now().getTime() + ttlMs) / 1000);
      const payload = Buffer.from(JSON.stringify({ o: orderId, exp }), 'utf8').toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },

    verify(token) {
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { error: 'malformed' };
      const [payload, signature, ...rest] = token.split('.');
      if (payload === undefined || signature === undefined || rest.length > 0) return { error: 'malformed' };
      if (!BASE64URL.test(payload) || !BASE64URL.test(signature)) return { error: 'malformed' };
      // Compared as text: base64url has spare bits, so two spellings can decode to the same bytes.
      const given = Buffer.from(signature, 'utf8');
      const expected = Buffer.from(mac(payload).toString('base64url'), 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { error: 'bad_signature' };
      }
      const body = parsePayload(payload);
      if (body === null) return { error: 'malformed' };
      if (opts.clock.now().getTime() >= body.exp * 1000) return { error: 'expired' };
      return { orderId: body.o };
    },
  };
}
