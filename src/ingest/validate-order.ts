// CONTRACT §3 Order → OrderInput. Hand-written (no schema library) because ingest must validate
// > 5000 orders/s; every problem is collected, each with a JSON pointer into the request body.
import { addressHash, normalizeAddress } from '../domain/address.js';
import { parseYuanToFen } from '../domain/money.js';
import { ORDER_STATUSES, type Address, type OrderInput, type OrderItem } from '../domain/order.js';
import { normalizePhone, phoneHash } from '../domain/phone.js';
import { parseInstant } from '../domain/time.js';
import { pointer, type Issue } from '../lib/errors.js';
import { readChannel, readEnum, readText } from './text-rules.js';

export type OrderResult = { ok: true; order: OrderInput } | { ok: false; issues: Issue[] };
type Rec = Record<string, unknown>;

export const MAX_ITEMS = 1000;
export const MAX_QTY = 100_000;
const CURRENCY = /^[A-Z]{3}$/;

export function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads an object-valued field; absent/null → null, anything else but an object → issue. */
export function readRecord(
  obj: Rec,
  key: string,
  path: string,
  issues: Issue[],
  required = false,
): Rec | null {
  const v = obj[key];
  if (isRecord(v)) return v;
  if (v === undefined || v === null) {
    if (required) issues.push({ path: pointer(path, key), message: '必填 / required' });
  } else {
    issues.push({ path: pointer(path, key), message: '必须是 JSON 对象 / must be an object' });
  }
  return null;
}

/** Money in yuan (string or number) → integer fen. */
export function readAmount(
  obj: Rec,
  key: string,
  path: string,
  issues: Issue[],
  required = true,
): number | null {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (required) issues.push({ path: pointer(path, key), message: '必填 / required' });
    return null;
  }
  const r = parseYuanToFen(v);
  if (r.ok) return r.fen;
  issues.push({ path: pointer(path, key), message: r.message });
  return null;
}

/** ISO-8601 time with offset → Date. */
export function readTime(
  obj: Rec,
  key: string,
  path: string,
  issues: Issue[],
  required = false,
): Date | null {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (required) issues.push({ path: pointer(path, key), message: '必填 / required' });
    return null;
  }
  const r = parseInstant(v);
  if (r.ok) return r.date;
  issues.push({ path: pointer(path, key), message: r.message });
  return null;
}

/** province, city, detail required; district may be empty (东莞、中山、儋州 have no districts). */
export function readAddress(a: Rec, path: string, issues: Issue[]): Address | null {
  const before = issues.length;
  const province = readText(a, 'province', 'addressPart', path, issues, { required: true });
  const city = readText(a, 'city', 'addressPart', path, issues, { required: true });
  const district = readText(a, 'district', 'addressPart', path, issues) ?? '';
  const detail = readText(a, 'detail', 'detail', path, issues, { required: true });
  if (issues.length > before || province === null || city === null || detail === null) return null;
  return normalizeAddress({ province, city, district, detail });
}

type Parties = Pick<OrderInput, 'buyerName' | 'buyerPhone' | 'phoneHash' | 'address' | 'addressHash'>;

/** Buyer and ship-to, with the hashes that match the same customer across channels. */
function readParties(o: Rec, path: string, issues: Issue[]): Parties {
  const buyer = readRecord(o, 'buyer', path, issues) ?? {};
  const buyerName = readText(buyer, 'name', 'name', pointer(path, 'buyer'), issues);
  const buyerPhone = readPhone(buyer, pointer(path, 'buyer'), issues);
  const addressRec = readRecord(o, 'address', path, issues);
  const address = addressRec && readAddress(addressRec, pointer(path, 'address'), issues);
  const hashes = {
    phoneHash: buyerPhone && phoneHash(buyerPhone),
    addressHash: address && addressHash(address),
  };
  return { buyerName, buyerPhone, address, ...hashes };
}

const PHONE_TYPE = { ok: false, message: '手机号必须是字符串 / phone must be a string' } as const;

function readPhone(buyer: Rec, path: string, issues: Issue[]): string | null {
  const v = buyer.phone;
  if (v === undefined || v === null) return null;
  // Some exports carry mobiles as JSON numbers (13800138000); read those as their digits.
  const readable = typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v));
  const r = readable ? normalizePhone(String(v)) : PHONE_TYPE;
  if (r.ok) return r.phone;
  issues.push({ path: pointer(path, 'phone'), message: r.message });
  return null;
}

function readItem(v: unknown, path: string, issues: Issue[]): OrderItem | null {
  if (!isRecord(v)) {
    issues.push({ path, message: '商品行必须是 JSON 对象 / item must be an object' });
    return null;
  }
  const sku = readText(v, 'sku', 'sku', path, issues, { required: true });
  const name = readText(v, 'name', 'itemName', path, issues, { required: true });
  const priceFen = readAmount(v, 'price', path, issues);
  const qty = v.qty;
  if (!(typeof qty === 'number' && Number.isInteger(qty) && qty >= 1 && qty <= MAX_QTY)) {
    const message = `数量须为 1–${MAX_QTY} 的整数 / qty must be an integer from 1 to ${MAX_QTY}`;
    issues.push({ path: pointer(path, 'qty'), message: qty === undefined ? '必填 / required' : message });
    return null;
  }
  if (sku === null || name === null || priceFen === null) return null;
  return { sku, name, qty, priceFen };
}

function readItems(o: Rec, path: string, issues: Issue[]): OrderItem[] {
  const v = o.items;
  const at = pointer(path, 'items');
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    issues.push({ path: at, message: '商品列表必须是数组 / items must be an array' });
    return [];
  }
  if (v.length > MAX_ITEMS) {
    issues.push({ path: at, message: `商品行最多 ${MAX_ITEMS} 条 / at most ${MAX_ITEMS} items` });
    return [];
  }
  const items: OrderItem[] = [];
  v.forEach((item, i) => {
    const read = readItem(item, pointer(at, i), issues);
    if (read) items.push(read);
  });
  return items;
}

function readCurrency(o: Rec, path: string, issues: Issue[]): string {
  const v = o.currency;
  if (v === undefined || v === null) return 'CNY';
  if (typeof v === 'string' && CURRENCY.test(v)) return v;
  const message = '币种须为 3 位大写字母，例如 CNY / currency must be 3 upper-case letters, e.g. CNY';
  issues.push({ path: pointer(path, 'currency'), message });
  return 'CNY';
}

/** Validates one order of a batch; `path` locates it in the body (e.g. "/orders/3"). Never throws. */
/** Optional extension: `presale: true` marks an order that ships on a later date by design. */
function readPresale(v: Record<string, unknown>, path: string, issues: Issue[]): boolean {
  const p = v.presale;
  if (p === undefined || p === null) return false;
  if (typeof p === 'boolean') return p;
  issues.push({
    path: pointer(path, 'presale'),
    message: '预售标记必须是 true 或 false / presale must be true or false',
  });
  return false;
}

export function validateOrder(v: unknown, path: string): OrderResult {
  if (!isRecord(v)) {
    return { ok: false, issues: [{ path, message: '订单必须是 JSON 对象 / order must be an object' }] };
  }
  const issues: Issue[] = [];
  const channel = readChannel(v, path, issues);
  const externalId = readText(v, 'externalId', 'externalId', path, issues, { required: true });
  const status = readEnum(v, 'status', ORDER_STATUSES, { zh: '订单状态', en: 'status' }, path, issues);
  const amountFen = readAmount(v, 'amount', path, issues);
  const currency = readCurrency(v, path, issues);
  const shopId = readText(v, 'shopId', 'shopId', path, issues);
  const parties = readParties(v, path, issues);
  const items = readItems(v, path, issues);
  const warehouse = readText(v, 'warehouse', 'warehouse', path, issues);
  const createdAt = readTime(v, 'createdAt', path, issues, true);
  const paidAt = readTime(v, 'paidAt', path, issues);
  const promisedShipAt = readTime(v, 'promisedShipAt', path, issues);
  const updatedAt = readTime(v, 'updatedAt', path, issues);
  const remark = readText(v, 'remark', 'remark', path, issues) ?? '';
  const presale = readPresale(v, path, issues);
  if (issues.length > 0 || !channel || !externalId || !status || amountFen === null || !createdAt) {
    return { ok: false, issues };
  }
  // The snapshot's status is as of its newest known time; promisedShipAt is a deadline, not a fact.
  const statusAt = updatedAt ?? (paidAt && paidAt > createdAt ? paidAt : createdAt);
  const order: OrderInput = {
    channel,
    externalId,
    shopId,
    status,
    amountFen,
    currency,
    ...parties,
    items,
    warehouse,
    createdAt,
    paidAt,
    promisedShipAt,
    remark,
    presale,
    statusAt,
    raw: v,
  };
  return { ok: true, order };
}
