// Access tokens, new (§5.1 oauth2) and old (oapi gettoken), plus the checks every new API runs first:
// the x-acs-dingtalk-access-token header (§5.2) and the 20 QPS per app per API limit (§5.3).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorContext } from './context.js';
import { ApiError } from './errors.js';

const TOKEN_TTL_S = 7200;
const QPS_LIMIT = 20;

/** Repeat calls within validity return the same token and extend it (§5.1). */
function issueToken(ctx: EmulatorContext): string {
  const now = ctx.now();
  const live = [...ctx.state.tokens].find(([, exp]) => exp > now)?.[0];
  const token = live ?? randomBytes(16).toString('hex');
  ctx.state.tokens.set(token, now + TOKEN_TTL_S * 1000);
  return token;
}

export function registerAuthRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/v1.0/oauth2/accessToken', async (req) => {
    const body = (req.body ?? {}) as { appKey?: unknown; appSecret?: unknown };
    if (body.appKey !== ctx.opts.clientId || body.appSecret !== ctx.opts.clientSecret) {
      throw new ApiError(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    }
    return { accessToken: issueToken(ctx), expireIn: TOKEN_TTL_S };
  });

  app.get('/gettoken', async (req) => {
    const q = req.query as Record<string, string | undefined>;
    if (q.appkey !== ctx.opts.clientId || q.appsecret !== ctx.opts.clientSecret) {
      return { errcode: 40096, errmsg: '不合法的appKey或appSecret' };
    }
    return { errcode: 0, errmsg: 'ok', access_token: issueToken(ctx), expires_in: TOKEN_TTL_S };
  });
}

/** Throws the platform's answer when the header is missing, unknown or expired. */
export function requireToken(ctx: EmulatorContext, req: FastifyRequest): void {
  const token = req.headers['x-acs-dingtalk-access-token'];
  if (typeof token !== 'string' || token === '') {
    throw new ApiError(400, 'AuthenticationFailed.MissingParameter', '缺少参数：x-acs-dingtalk-access-token');
  }
  const exp = ctx.state.tokens.get(token);
  if (exp === undefined || exp <= ctx.now()) {
    throw new ApiError(401, 'InvalidAuthentication', '不合法的access_token');
  }
}

/** One app only, so the key is the API path and the current second of the injected clock. */
export function checkQps(ctx: EmulatorContext, path: string): void {
  const key = `${path}@${Math.floor(ctx.now() / 1000)}`;
  const n = (ctx.state.qps.get(key) ?? 0) + 1;
  ctx.state.qps.set(key, n);
  if (n > QPS_LIMIT) {
    throw new ApiError(403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', '应用调用该接口的频率超过限制');
  }
}

/** The preamble of every token-protected new API. */
export function guardApi(ctx: EmulatorContext, req: FastifyRequest): void {
  requireToken(ctx, req);
  checkQps(ctx, req.url.split('?')[0] ?? '');
}
