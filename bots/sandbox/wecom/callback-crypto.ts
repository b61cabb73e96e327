// WeCom's side of the callback encryption (path/91144), written apart from bots/wecom/callback/crypto.ts so
// that the emulator checks the adapter instead of agreeing with it: sign, encrypt (PKCS#7 to 32 bytes), and
// open the passive replies the app sends back.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface CallbackKeys {
  token: string;
  aesKey: string;
}

function keyOf(aesKey: string): Buffer {
  const key = Buffer.from(aesKey + '=', 'base64');
  if (key.length !== 32) throw new Error('emulator: EncodingAESKey must decode to 32 bytes');
  return key;
}

export function wxSign(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

export function wxEncrypt(aesKey: string, message: string, receiveId: string): string {
  const key = keyOf(aesKey);
  const msg = Buffer.from(message);
  const header = Buffer.alloc(20);
  randomBytes(16).copy(header);
  header.writeUInt32BE(msg.length, 16);
  const plain = Buffer.concat([header, msg, Buffer.from(receiveId)]);
  const padLength = 32 - (plain.length % 32);
  const padded = Buffer.concat([plain, Buffer.alloc(padLength, padLength)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/** The message and the receiveid it was sealed for; throws on anything malformed. */
export function wxDecrypt(aesKey: string, encrypt: string): { message: string; receiveId: string } {
  const key = keyOf(aesKey);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
  const padLength = plain[plain.length - 1] ?? 0;
  if (padLength < 1 || padLength > 32) throw new Error('emulator: bad padding in the reply');
  const content = plain.subarray(0, plain.length - padLength);
  const length = content.readUInt32BE(16);
  if (20 + length > content.length) throw new Error('emulator: bad length in the reply');
  return {
    message: content.subarray(20, 20 + length).toString('utf8'),
    receiveId: content.subarray(20 + length).toString('utf8'),
  };
}
