// The channel mappers behind `POST /api/v1/channels/:channel/orders` (CONTRACT.md §3).

import { douyinMapper } from './douyin.js';
import { jdMapper } from './jd.js';
import { pddMapper } from './pdd.js';
import { shopifyMapper } from './shopify.js';
import { taobaoMapper, tmallMapper } from './taobao.js';
import type { ChannelMapper } from './types.js';

export type { ChannelMapResult, ChannelMapper, ChannelOrderJson, MappedItem } from './types.js';
export { MAX_CHANNEL_BATCH } from './types.js';
export { verifyShopifyHmac } from './shopify-hmac.js';

/** Every channel with a native payload mapping, keyed by route channel. */
export const channelMappers: Readonly<Record<string, ChannelMapper>> = Object.freeze({
  taobao: taobaoMapper,
  tmall: tmallMapper,
  jd: jdMapper,
  pdd: pddMapper,
  douyin: douyinMapper,
  shopify: shopifyMapper,
});

/** The mapper for a route channel, or undefined when the channel has no native mapping. */
export function getChannelMapper(channel: string): ChannelMapper | undefined {
  return Object.hasOwn(channelMappers, channel) ? channelMappers[channel] : undefined;
}
