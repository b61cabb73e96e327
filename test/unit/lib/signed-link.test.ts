import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../../src/lib/clock.js';
import { createLinkSigner } from '../../../src/lib/signed-link.js';

const DAY = 24 * 3600_000;
const ORDER = '8f0c6a52-3d1e-4b7a-9c44-2e5d1f6a7b01';

function setup(secret: string | Buffer = 'test-secret') {
  const clock = fakeClock('2026-11-22T10:05:00Z');
  return { clock, signer: createLinkSigner({ secret, clock }) };
}

/** Flips one character of the token to another base64url character. */
function flip(token: string, at: number): string {
  const c = token[at] === 'A' ? 'B' : 'A';
  return token.slice(0, at) + c + token.slice(at + 1);
}

describe('createLinkSigner', () => {
  it('gives the order id back when the token is verified before it expires', () => {
    const { signer } = setup();
    expect(signer.verify(signer.sign(ORDER, 7 * DAY))).toEqual({ orderId: ORDER });
  });

  it('accepts a Buffer secret when given one', () => {
    const { signer } = setup(Buffer.from('00112233445566778899aabbccddeeff', 'hex'));
    expect(signer.verify(signer.sign('o-1', DAY))).toEqual({ orderId: 'o-1' });
  });

  it('makes URL-safe tokens when the order id has any characters', () => {
    const { signer } = setup();
    const token = signer.sign('订单/1?x=y&z', DAY);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(signer.verify(token)).toEqual({ orderId: '订单/1?x=y&z' });
  });

  it('answers expired when the clock passes the expiry', () => {
    const { clock, signer } = setup();
    const token = signer.sign(ORDER, DAY);
    clock.advance(DAY - 1000);
    expect(signer.verify(token)).toEqual({ orderId: ORDER });
    clock.advance(1000);
    expect(signer.verify(token)).toEqual({ error: 'expired' });
  });

  it('answers bad_signature when another secret signed the token', () => {
    const a = setup('secret-a').signer;
    const b = setup('secret-b').signer;
    expect(b.verify(a.sign(ORDER, DAY))).toEqual({ error: 'bad_signature' });
  });

  it.each([0, 5, 20, 40])('answers bad_signature when payload character %d is changed', (at) => {
    const { signer } = setup();
    const token = signer.sign(ORDER, DAY);
    expect(signer.verify(flip(token, at))).toEqual({ error: 'bad_signature' });
  });

  it('answers bad_signature when the last signature character is changed', () => {
    const { signer } = setup();
    const token = signer.sign(ORDER, DAY);
    const last = token.length - 1;
    // Every other base64url character in the last place, including ones differing only in spare bits.
    for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
      if (c === token[last]) continue;
      expect(signer.verify(token.slice(0, last) + c)).toEqual({ error: 'bad_signature' });
    }
  });

  it('answers bad_signature when the payload is swapped for a forged one with a later expiry', () => {
    const { signer } = setup();
    const [, signature] = signer.sign(ORDER, DAY).split('.');
    const forged = Buffer.from(JSON.stringify({ o: ORDER, exp: 4_000_000_000 })).toString('base64url');
    expect(signer.verify(`${forged}.${signature}`)).toEqual({ error: 'bad_signature' });
  });

  it.each([
    [''],
    ['abc'],
    ['a.b.c'],
    ['.sig'],
    ['payload.'],
    ['pay load.sig'],
    ['pay+load.sig/'],
    ['x'.repeat(5000)],
  ])('answers malformed when the token is %j', (token) => {
    const { signer } = setup();
    expect(signer.verify(token)).toEqual({ error: 'malformed' });
  });

  it('refuses an empty secret when created', () => {
    const clock = fakeClock('2026-11-22T00:00:00Z');
    expect(() => createLinkSigner({ secret: '', clock })).toThrow(/secret/);
  });

  it('refuses to sign when the order id is empty', () => {
    expect(() => setup().signer.sign('', DAY)).toThrow(/order id/);
  });
});
