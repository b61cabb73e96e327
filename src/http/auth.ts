// Bearer-token check for /api/*, in constant time; the token never appears in a reply or a log.
import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../lib/errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function createBearerCheck(token: string | null): (header: string | undefined) => void {
  const expected = token ? digest(token) : null;
  return (header) => {
    if (!expected)
      throw new UnauthorizedError('API_TOKEN 未配置，接口已关闭 / API_TOKEN is not set; /api is closed');
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!m) throw new UnauthorizedError('缺少 Authorization: Bearer 令牌 / missing bearer token');
    // Compare digests: equal length always, so timing reveals neither content nor length.
    if (!timingSafeEqual(digest(m[1]!), expected)) throw new UnauthorizedError('令牌无效 / invalid token');
  };
}
