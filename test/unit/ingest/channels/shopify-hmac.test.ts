import { createHmac } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { verifyShopifyHmac } from '../../../../src/ingest/channels/shopify-hmac.js';
import { fixtureText } from './helpers.js';

const SECRET = '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';
const body = Buffer.from(fixtureText('shopify-orders-create.json'), 'utf8');
const sign = (raw: Buffer, secret = SECRET): string =>
  createHmac('sha256', secret).update(raw).digest('base64');

describe('verifyShopifyHmac', () => {
  it('returns true for the base64 HMAC-SHA256 of the raw body', () => {
    expect(verifyShopifyHmac(body, sign(body), SECRET)).toBe(true);
  });

  it('returns true for a known vector', () => {
    // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), base64.
    const raw = Buffer.from('The quick brown fox jumps over the lazy dog');

    expect(verifyShopifyHmac(raw, '97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=', 'key')).toBe(true);
  });

  it('returns false when one byte of the body changed', () => {
    const tampered = Buffer.from(body);
    tampered[10] = (tampered[10] ?? 0) ^ 1;

    expect(verifyShopifyHmac(tampered, sign(body), SECRET)).toBe(false);
  });

  it('returns false for a signature made with another secret', () => {
    expect(verifyShopifyHmac(body, sign(body, 'another-secret'), SECRET)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
  ])('returns false when the header is %s', (_name, header) => {
    expect(verifyShopifyHmac(body, header, SECRET)).toBe(false);
  });

  it.each([
    ['truncated', (s: string) => s.slice(0, 20)],
    ['too long', (s: string) => `${s}AAAA`],
    ['the hex digest', () => createHmac('sha256', SECRET).update(body).digest('hex')],
    ['unpadded', (s: string) => s.replace(/=+$/, '')],
  ])('returns false, without throwing, for a header of the wrong length (%s)', (_name, mangle) => {
    expect(verifyShopifyHmac(body, mangle(sign(body)), SECRET)).toBe(false);
  });

  it('returns false when no secret is configured', () => {
    expect(verifyShopifyHmac(body, sign(body, ''), '')).toBe(false);
  });
});
