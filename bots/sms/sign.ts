// Aliyun RPC signature v1 (help.aliyun.com/document_detail/28839.html, 签名机制):
// Signature = Base64(HMAC-SHA1(AccessKeySecret + "&", Method + "&" + percentEncode("/") + "&" +
//   percentEncode(canonicalised query))), the query being every parameter but Signature sorted by name, names and
// values percent-encoded as RFC 3986 unreserved (A–Z a–z 0–9 - _ . ~ stay, space → %20, never '+').
import { createHmac } from 'node:crypto';

/** encodeURIComponent leaves !'()* alone; Aliyun encodes them (java URLEncoder + '*'→%2A, '+'→%20, %7E→'~'). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Byte-order sort of names (the doc's 字典顺序; every parameter name is ASCII). */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
    .join('&');
}

export function stringToSign(method: 'GET' | 'POST', params: Record<string, string>): string {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

export function signRpc(
  method: 'GET' | 'POST',
  params: Record<string, string>,
  accessKeySecret: string,
): string {
  return createHmac('sha1', `${accessKeySecret}&`)
    .update(stringToSign(method, params), 'utf8')
    .digest('base64');
}

/** The signed request as a query string / form body (Signature included), encoded the same way. */
export function signedQuery(
  method: 'GET' | 'POST',
  params: Record<string, string>,
  accessKeySecret: string,
): string {
  const signature = signRpc(method, params, accessKeySecret);
  return `${canonicalQuery(params)}&Signature=${percentEncode(signature)}`;
}
