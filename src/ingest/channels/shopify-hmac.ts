// Shopify webhook authenticity: the `X-Shopify-Hmac-Sha256` header is the base64 HMAC-SHA256 of the raw
// request body, keyed with the app's client secret (shopify.dev "Deliver webhooks through HTTPS" →
// verify). It must be computed over the exact bytes received, before any JSON parsing.

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * True when `headerValue` is the base64 HMAC-SHA256 of `rawBody` under `secret`. A missing header, an
 * empty secret or a value of the wrong length is false, never an exception; the comparison itself is
 * constant-time.
 */
export function verifyShopifyHmac(rawBody: Buffer, headerValue: string | undefined, secret: string): boolean {
  if (headerValue === undefined || headerValue === '' || secret === '') return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('base64'), 'utf8');
  const received = Buffer.from(headerValue.trim(), 'utf8');
  if (received.length !== expected.length) return false;
  return timingSafeEqual(received, expected);
}
