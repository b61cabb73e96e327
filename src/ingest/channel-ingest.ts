// POST /api/v1/channels/:channel/orders: native payload → contract Order JSON → the common validator →
// the same store path as /api/v1/orders. The native order is what we keep as `raw`.
import type { IncomingHttpHeaders } from 'node:http';
import type { OrderInput } from '../domain/order.js';
import { BadRequestError, UnauthorizedError } from '../lib/errors.js';
import { getChannelMapper, verifyShopifyHmac } from './channels/index.js';
import type { IngestService } from './ingest-service.js';
import { resolvePointer } from './json-pointer.js';
import { failed, type BatchResult, type ItemResult } from './results.js';
import { validateOrder } from './validate-order.js';

export interface ChannelIngest {
  ingest(
    channel: string,
    body: unknown,
    req: { rawBody: Buffer; headers: IncomingHttpHeaders },
  ): Promise<BatchResult>;
  /** True when this request authenticates by its own signature (Shopify's HMAC) instead of the bearer token. */
  authenticates(url: string, headers: IncomingHttpHeaders): boolean;
}

const SHOPIFY_PATH = /^\/api\/v1\/channels\/shopify\/orders\/?(\?.*)?$/;
const HMAC_HEADER = 'x-shopify-hmac-sha256';

export function createChannelIngest(deps: {
  ingest: IngestService;
  shopifySecret: string | null;
}): ChannelIngest {
  const verifyShopify = (req: { rawBody: Buffer; headers: IncomingHttpHeaders }) => {
    const header = req.headers[HMAC_HEADER];
    if (header === undefined) return; // came with the bearer token instead
    if (!deps.shopifySecret)
      throw new UnauthorizedError(
        '未配置 SHOPIFY_WEBHOOK_SECRET，无法校验签名 / SHOPIFY_WEBHOOK_SECRET is not set',
      );
    const value = Array.isArray(header) ? header[0] : header;
    if (!verifyShopifyHmac(req.rawBody, value, deps.shopifySecret)) {
      throw new UnauthorizedError('X-Shopify-Hmac-Sha256 签名不匹配 / HMAC signature mismatch');
    }
  };

  return {
    authenticates: (url, headers) => SHOPIFY_PATH.test(url) && headers[HMAC_HEADER] !== undefined,
    async ingest(channel, body, req) {
      const mapper = getChannelMapper(channel);
      if (!mapper) {
        throw new BadRequestError(
          'unknown_channel',
          `渠道 "${channel.slice(0, 40)}" 没有原生格式映射，请用 /api/v1/orders / no native mapping for this channel; use /api/v1/orders`,
        );
      }
      if (channel === 'shopify') verifyShopify(req);
      const mapped = mapper.map(body);
      const valid: { index: number; order: OrderInput }[] = [];
      const invalid: ItemResult[] = [];
      mapped.items.forEach((item, index) => {
        if (!item.ok) return invalid.push(failed(index, item.issues));
        // Issues in the mapped order are located under the native order's pointer.
        const base = mapped.basePath(index);
        const r = validateOrder(item.order, base);
        if (!r.ok) return invalid.push(failed(index, r.issues));
        valid.push({ index, order: { ...r.order, raw: resolvePointer(body, base) ?? item.order } });
      });
      return deps.ingest.storeOrders(valid, invalid);
    },
  };
}
