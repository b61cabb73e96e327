// WXBizMsgCrypt over node:crypto (wecom.md §3.2, path/91144): msg_signature = sha1 of the sorted
// [token, timestamp, nonce, encrypt]; AES-256-CBC with IV = key[0:16] and PKCS#7 padding to a multiple of 32
// bytes (Node's auto-padding knows only 16, so padding is added and checked here); plaintext =
// random(16) | length (4, big-endian) | msg | receiveid. The signature is checked in constant time before
// anything is decrypted, and the receiveid must be ours (corpId for the app, "" for the AI bot).
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BLOCK = 32;
const AES_KEY = /^[A-Za-z0-9]{43}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const SIGNATURE = /^[0-9a-f]{40}$/;

export type CryptoFailure = 'signature' | 'ciphertext' | 'padding' | 'length' | 'receiveid' | 'encoding';

/** Why a message was refused; never carries the message, the key or the token. */
export class CallbackCryptoError extends Error {
  constructor(readonly reason: CryptoFailure) {
    super(`wecom callback refused: ${reason}`);
  }
}

export interface SignedParams {
  signature: string;
  timestamp: string;
  nonce: string;
}

export interface MsgCrypt {
  signature(timestamp: string, nonce: string, encrypt: string): string;
  /** Constant-time comparison of a received msg_signature with ours. */
  verify(params: SignedParams, encrypt: string): boolean;
  /** Verify, then decrypt; throws CallbackCryptoError. */
  open(params: SignedParams, encrypt: string): string;
  decrypt(encrypt: string): string;
  encrypt(message: string, random?: Buffer): string;
}

export interface MsgCryptOptions {
  token: string;
  /** EncodingAESKey: 43 characters of [A-Za-z0-9]. */
  aesKey: string;
  /** corpId for the self-built app, "" for the AI bot. */
  receiveId: string;
}

export function sign(token: string, timestamp: string, nonce: string, encrypt: string): string {
  const joined = [token, timestamp, nonce, encrypt].sort().join('');
  return createHash('sha1').update(joined, 'utf8').digest('hex');
}

export function aesKeyBytes(encodingAesKey: string): Buffer {
  if (!AES_KEY.test(encodingAesKey)) throw new Error('EncodingAESKey must be 43 characters of [A-Za-z0-9]');
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

function pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

/** The plaintext without its padding; any malformed padding is refused (no oracle: one reason for all). */
function unpad(data: Buffer): Buffer {
  const n = data[data.length - 1] ?? 0;
  if (n < 1 || n > BLOCK || n > data.length) throw new CallbackCryptoError('padding');
  for (let i = data.length - n; i < data.length; i++) {
    if (data[i] !== n) throw new CallbackCryptoError('padding');
  }
  return data.subarray(0, data.length - n);
}

function decipher(key: Buffer, encrypt: string): Buffer {
  if (!BASE64.test(encrypt) || encrypt.length % 4 !== 0) throw new CallbackCryptoError('ciphertext');
  const data = Buffer.from(encrypt, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new CallbackCryptoError('ciphertext');
  const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  d.setAutoPadding(false);
  return Buffer.concat([d.update(data), d.final()]);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new CallbackCryptoError('encoding');
  }
}

export function createMsgCrypt(opts: MsgCryptOptions): MsgCrypt {
  const key = aesKeyBytes(opts.aesKey);
  const receiveId = Buffer.from(opts.receiveId, 'utf8');
  const signature = (timestamp: string, nonce: string, encrypt: string) =>
    sign(opts.token, timestamp, nonce, encrypt);

  const verify = (params: SignedParams, encrypt: string): boolean => {
    const expected = Buffer.from(signature(params.timestamp, params.nonce, encrypt), 'utf8');
    const given = SIGNATURE.test(params.signature) ? params.signature : '0'.repeat(40);
    return timingSafeEqual(expected, Buffer.from(given, 'utf8')) && given === params.signature;
  };

  const decrypt = (encrypt: string): string => {
    const plain = unpad(decipher(key, encrypt));
    if (plain.length < 20) throw new CallbackCryptoError('length');
    const length = plain.readUInt32BE(16);
    if (20 + length > plain.length) throw new CallbackCryptoError('length');
    const id = plain.subarray(20 + length);
    if (id.length !== receiveId.length || !id.equals(receiveId)) throw new CallbackCryptoError('receiveid');
    return text(plain.subarray(20, 20 + length));
  };

  const encrypt = (message: string, random: Buffer = randomBytes(16)): string => {
    const msg = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(msg.length);
    const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
    c.setAutoPadding(false);
    const body = pad(Buffer.concat([random.subarray(0, 16), length, msg, receiveId]));
    return Buffer.concat([c.update(body), c.final()]).toString('base64');
  };

  return {
    signature,
    verify,
    decrypt,
    encrypt,
    open(params, encrypted) {
      if (!verify(params, encrypted)) throw new CallbackCryptoError('signature');
      return decrypt(encrypted);
    },
  };
}
