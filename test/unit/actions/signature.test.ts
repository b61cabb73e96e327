import { describe, expect, it } from 'vitest';
import { signBody } from '../../../src/actions/index.js';

describe('signBody', () => {
  it('does match the RFC 4231 HMAC-SHA256 test vector', () => {
    expect(signBody('Jefe', 'what do ya want for nothing?')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('does sign the raw UTF-8 bytes, so a Chinese body signs as the receiver reads it', () => {
    const body = '{"actor":{"name":"张三"}}';
    expect(signBody('k', body)).not.toBe(signBody('k', body.replace('张三', '李四')));
    expect(signBody('k', body)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});
