import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CallbackCryptoError, createMsgCrypt, sign } from '../../../../../bots/wecom/callback/crypto.js';
import { wxDecrypt, wxEncrypt } from '../../../../../bots/sandbox/wecom/callback-crypto.js';

const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const CORP_ID = 'wx5823bf96d3bd56c7';
const app = createMsgCrypt({ token: 'tok', aesKey: AES_KEY, receiveId: CORP_ID });
const bot = createMsgCrypt({ token: 'tok', aesKey: AES_KEY, receiveId: '' });
const key = Buffer.from(`${AES_KEY}=`, 'base64');

/** AES-256-CBC over bytes we lay out ourselves (no padding added), to build malformed messages. */
function rawEncrypt(plain: Buffer): string {
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}

function layout(msg: string, receiveId: string, lengthOverride?: number): Buffer {
  const body = Buffer.from(msg);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(lengthOverride ?? body.length);
  return Buffer.concat([Buffer.alloc(16, 7), len, body, Buffer.from(receiveId)]);
}

function padded(plain: Buffer, padByte?: number): Buffer {
  const n = 32 - (plain.length % 32);
  return Buffer.concat([plain, Buffer.alloc(n, padByte ?? n)]);
}

function reason(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof CallbackCryptoError) return err.reason;
    throw err;
  }
  return 'accepted';
}

describe('WXBizMsgCrypt', () => {
  it('computes the signature as sha1 of the sorted, joined parts', () => {
    // python: sha1(''.join(sorted(['tok', '1700000000', '123456', 'abc']))).hexdigest()
    expect(sign('tok', '1700000000', '123456', 'abc')).toBe('7cc6133def8d3749d3639f0fa0f2586cfc3a0b78');
  });

  it('decrypts a vector encrypted by openssl with 32-byte PKCS#7 padding', () => {
    // random = "0123456789abcdef", receiveid = CORP_ID, pad byte 10 (openssl enc -aes-256-cbc -nopad)
    const vector =
      'sKqRbbiSUnDhFHOvPjtUMUEzloWPcaYNMsicnqLJL3iI+01AYWwMhwhsbWcmXPZpVcrcG+btVni9ei4Csvb3fNLgbN3fZ326ti6/QEJNgQAGf4V6LskOfIRT3lvm5cKY';
    expect(app.decrypt(vector)).toBe('<xml><Content><![CDATA[你好]]></Content></xml>');
    expect(
      app.encrypt('<xml><Content><![CDATA[你好]]></Content></xml>', Buffer.from('0123456789abcdef')),
    ).toBe(vector);
  });

  it.each([
    ['the app (receiveid = corpId)', app, CORP_ID],
    ['the AI bot (receiveid = "")', bot, ''],
  ])('round-trips text, emoji and every padding length for %s', (_name, crypt, receiveId) => {
    for (let n = 0; n < 40; n++) {
      const msg = `订单 ✅ ${'x'.repeat(n)}`;
      expect(crypt.decrypt(crypt.encrypt(msg))).toBe(msg);
      expect(wxDecrypt(AES_KEY, crypt.encrypt(msg))).toEqual({ message: msg, receiveId });
      expect(crypt.decrypt(wxEncrypt(AES_KEY, msg, receiveId))).toBe(msg);
    }
  });

  it('accepts a full 32-byte block of padding', () => {
    const plain = layout('x'.repeat(12), CORP_ID);
    expect(plain.length % 32).toBe(18);
    const exact = layout('x'.repeat(26), CORP_ID);
    expect(exact.length % 32).toBe(0);
    expect(app.decrypt(rawEncrypt(padded(exact)))).toBe('x'.repeat(26));
  });

  it('verifies a signature in constant time and refuses any other', () => {
    const params = {
      timestamp: '1700000000',
      nonce: '123456',
      signature: sign('tok', '1700000000', '123456', 'abc'),
    };
    expect(app.verify(params, 'abc')).toBe(true);
    expect(app.verify(params, 'abd')).toBe(false);
    expect(app.verify({ ...params, signature: params.signature.toUpperCase() }, 'abc')).toBe(false);
    expect(app.verify({ ...params, signature: params.signature.slice(1) }, 'abc')).toBe(false);
    expect(app.verify({ ...params, signature: '' }, 'abc')).toBe(false);
  });

  it('refuses to decrypt when the signature is wrong', () => {
    const encrypt = app.encrypt('hello');
    const params = { timestamp: '1', nonce: '2', signature: '0'.repeat(40) };
    expect(reason(() => app.open(params, encrypt))).toBe('signature');
    expect(app.open({ ...params, signature: app.signature('1', '2', encrypt) }, encrypt)).toBe('hello');
  });

  it.each([
    ['a wrong receiveid', () => rawEncrypt(padded(layout('hi', 'wxOTHERCORP'))), 'receiveid'],
    ['the bot receiveid on the app', () => rawEncrypt(padded(layout('hi', ''))), 'receiveid'],
    ['a pad byte of 0', () => rawEncrypt(padded(layout('hi', CORP_ID), 0)), 'padding'],
    ['a pad byte over 32', () => rawEncrypt(padded(layout('hi', CORP_ID), 33)), 'padding'],
    [
      'inconsistent pad bytes',
      () => rawEncrypt(Buffer.concat([layout('hi', CORP_ID), Buffer.from([1, 1, 1, 1, 1, 1, 1, 8])])),
      'padding',
    ],
    ['a length past the end', () => rawEncrypt(padded(layout('hi', CORP_ID, 4096))), 'length'],
    ['too short a plaintext', () => rawEncrypt(padded(Buffer.alloc(8, 1))), 'length'],
    [
      'invalid UTF-8',
      () =>
        rawEncrypt(
          padded(
            Buffer.concat([
              layout('', CORP_ID).subarray(0, 16),
              Buffer.from([0, 0, 0, 2, 0xff, 0xfe]),
              Buffer.from(CORP_ID),
            ]),
          ),
        ),
      'encoding',
    ],
    ['non-base64 text', () => 'not*base64', 'ciphertext'],
    ['a ciphertext that is not whole blocks', () => Buffer.alloc(20, 1).toString('base64'), 'ciphertext'],
  ])('refuses %s', (_name, build, expected) => {
    expect(reason(() => app.decrypt(build()))).toBe(expected);
  });

  it('refuses a tampered ciphertext', () => {
    const bytes = Buffer.from(app.encrypt('{"msgid":"1"}'), 'base64');
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 0x01;
    expect(reason(() => app.decrypt(bytes.toString('base64')))).not.toBe('accepted');
  });

  it('refuses an EncodingAESKey that is not 43 characters', () => {
    expect(() => createMsgCrypt({ token: 't', aesKey: 'short', receiveId: '' })).toThrow(/43 characters/);
  });
});
