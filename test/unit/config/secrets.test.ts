import { describe, expect, it } from 'vitest';
import { isSecretName, redactUrl, scrub, urlPasswords } from '../../../src/config/secrets.js';

describe('isSecretName', () => {
  it.each([
    ['API_TOKEN', true],
    ['WECOM_SECRET', true],
    ['WECOM_AES_KEY', true],
    ['WECOM_BOT_AES_KEY', true],
    ['WECOM_WEBHOOK_KEY', true],
    ['SMS_ACCESS_KEY_ID', true],
    ['SHOPIFY_WEBHOOK_SECRET', true],
    ['wecom_webhook_key', true],
    ['WECOM_CORP_ID', false],
    ['DINGTALK_CLIENT_ID', false],
    ['PORT', false],
  ])('says %s is secret: %s', (name, secret) => {
    expect(isSecretName(name)).toBe(secret);
  });
});

describe('redactUrl', () => {
  it.each([
    [
      'postgresql://postgres:postgres@127.0.0.1:5432/orderwatch',
      'postgresql://postgres:***@127.0.0.1:5432/orderwatch',
    ],
    ['redis://:pw@cache:6379/0', 'redis://:***@cache:6379/0'],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
    ['postgres://user@db/ow', 'postgres://user@db/ow'],
    [
      'https://erp.example.com/hook?access_token=abc&page=2',
      'https://erp.example.com/hook?access_token=***&page=2',
    ],
    ['postgres://u:p@ss@db/ow', 'postgres://u:***@db/ow'],
    ['mysql//u:pw@db', '***@db'],
    ['not a url', 'not a url'],
  ])('masks the secret parts of %j', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});

describe('urlPasswords', () => {
  it('returns the password as written and decoded when it is percent-encoded', () => {
    expect(urlPasswords('postgres://u:p%40ss@db/ow').sort()).toEqual(['p%40ss', 'p@ss'].sort());
  });

  it('returns nothing when the URL has no password', () => {
    expect(urlPasswords('redis://127.0.0.1:6379')).toEqual([]);
  });
});

describe('scrub', () => {
  it('replaces every known secret when it appears in a text', () => {
    expect(scrub('token abcd1234 and abcd1234x', ['abcd1234'])).toBe('token *** and ***x');
  });

  it('leaves very short values alone when they would mangle the message', () => {
    expect(scrub('PORT: 1 problem', ['1'])).toBe('PORT: 1 problem');
  });
});
