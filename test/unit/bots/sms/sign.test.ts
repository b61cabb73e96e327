import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalQuery,
  percentEncode,
  signRpc,
  signedQuery,
  stringToSign,
} from '../../../../bots/sms/sign.js';

// Aliyun's own SendSms demo (the "HTTP协议及签名" example, quoted by several SDKs' tests): GET, secret testSecret.
const DOC_PARAMS = {
  AccessKeyId: 'testId',
  Action: 'SendSms',
  Format: 'XML',
  OutId: '123',
  PhoneNumbers: '15300000001',
  RegionId: 'cn-hangzhou',
  SignName: '阿里云短信测试专用',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
  SignatureVersion: '1.0',
  TemplateCode: 'SMS_71390007',
  TemplateParam: '{"customer":"test"}',
  Timestamp: '2017-07-12T02:42:19Z',
  Version: '2017-05-25',
};

/** The documented steps, written out independently: java URLEncoder-style, then + → %20, * → %2A, %7E → ~. */
function independentSignature(method: string, params: Record<string, string>, secret: string): string {
  const enc = (v: string) =>
    encodeURIComponent(v)
      .replace(/!/g, '%21')
      .replace(/'/g, '%27')
      .replace(/\(/g, '%28')
      .replace(/\)/g, '%29')
      .replace(/\*/g, '%2A');
  const sorted = Object.keys(params).sort();
  const query = sorted.map((k) => `${enc(k)}=${enc(params[k]!)}`).join('&');
  const toSign = `${method}&${enc('/')}&${enc(query)}`;
  return createHmac('sha1', `${secret}&`).update(toSign).digest('base64');
}

describe('Aliyun RPC signature', () => {
  it('matches the documented SendSms example', () => {
    expect(signRpc('GET', DOC_PARAMS, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
    expect(signedQuery('GET', DOC_PARAMS, 'testSecret')).toMatch(
      /&Signature=zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D$/,
    );
  });

  it('builds the documented canonical query and string to sign', () => {
    expect(canonicalQuery(DOC_PARAMS)).toContain(
      'SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8&SignatureMethod=HMAC-SHA1',
    );
    expect(canonicalQuery(DOC_PARAMS)).toContain(
      'TemplateParam=%7B%22customer%22%3A%22test%22%7D&Timestamp=2017-07-12T02%3A42%3A19Z',
    );
    expect(
      stringToSign('GET', DOC_PARAMS).startsWith('GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms'),
    ).toBe(true);
  });

  it('agrees with an independent computation for a POST with spaces, stars, tildes and Chinese', () => {
    const params = {
      ...DOC_PARAMS,
      Format: 'JSON',
      TemplateParam: JSON.stringify({ orderId: "TB 1*2~3!(x)'", region: '新疆' }),
      Signature: 'ignored',
    };
    const { Signature: _s, ...signed } = params;
    expect(signRpc('POST', params, 'k3y+/=')).toBe(independentSignature('POST', signed, 'k3y+/='));
    expect(signRpc('POST', params, 'k3y+/=')).not.toBe(signRpc('GET', params, 'k3y+/='));
  });

  it.each([
    ['a b', 'a%20b'],
    ['a*b', 'a%2Ab'],
    ['a~b', 'a~b'],
    ['a+b', 'a%2Bb'],
    ["!'()", '%21%27%28%29'],
    ['-_.', '-_.'],
    ['新', '%E6%96%B0'],
  ])('percent-encodes %s as %s', (raw, encoded) => {
    expect(percentEncode(raw)).toBe(encoded);
  });
});
