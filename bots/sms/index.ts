// Public surface of the SMS adapter: the CustomerChannel src/customers sends through.
import type { CustomerChannel } from '../../src/customers/types.js';
import type { AliyunSms } from './aliyun-sms.js';

export { createAliyunSms, aliyunTimestamp, sendSmsParams, ALIYUN_SMS_ENDPOINT } from './aliyun-sms.js';
export type { AliyunSms, AliyunSmsOptions } from './aliyun-sms.js';
export { createKfSender, KF_LIMIT_ERRCODE, type KfSenderOptions } from './kf-send.js';
export { classify, INVALID_NUMBER, RETRY_AFTER_MS, type SmsAnswer } from './classify.js';
export { signRpc, signedQuery, stringToSign, canonicalQuery, percentEncode } from './sign.js';

/** SMS always; 微信客服 when a KF sender is given. */
export function createCustomerChannel(parts: {
  sms: AliyunSms;
  kf?: NonNullable<CustomerChannel['kf']>;
}): CustomerChannel {
  return parts.kf ? { sms: parts.sms.sms, kf: parts.kf } : { sms: parts.sms.sms };
}
