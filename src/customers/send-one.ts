// One leased notice → one call on the CustomerChannel → what to record. Never throws: a channel that throws
// counts as a retryable failure. Logs carry the masked phone only.
import { maskPhone, normalizePhone } from '../domain/phone.js';
import type { Logger } from '../lib/logger.js';
import { backoffMs, type RetryPolicy } from '../notify/backoff.js';
import type { ChosenNotice, NoticeResult } from '../store/customer-store.js';
import { releaseAt, type QuietHours } from './quiet-hours.js';
import { smsParams, type NoticeData, type NoticeTemplates } from './render.js';
import type { ChannelResult, CustomerChannel, NoticeKind } from './types.js';

export interface SendContext {
  channel: CustomerChannel;
  templates: NoticeTemplates;
  templateCodes: Record<NoticeKind, string>;
  retry: RetryPolicy;
  quietHours: QuietHours;
  log: Logger;
  random?: () => number;
}

/** Where SMS can go: a CN mobile (11 digits) or an international number (country code + digits, no '+'). */
export function smsNumber(raw: string | null): string | null {
  if (!raw) return null;
  const n = normalizePhone(raw);
  if (!n.ok) return null;
  if (/^1[3-9]\d{9}$/.test(n.phone)) return n.phone;
  return n.phone.startsWith('+') ? n.phone.slice(1) : null;
}

export function noticeData(n: ChosenNotice): NoticeData {
  return {
    orderId: n.externalId,
    carrier: n.carrier?.trim() || '快递',
    trackingNo: n.trackingNo?.trim() || '暂无',
    region: n.province?.trim() || '',
  };
}

async function call(ctx: SendContext, n: ChosenNotice, phone: string, text: string): Promise<ChannelResult> {
  const kind = n.kind as NoticeKind;
  try {
    if (n.channel === 'kf' && n.kf && ctx.channel.kf) {
      return await ctx.channel.kf(n.kf, text, n.id.replace(/-/g, ''));
    }
    return await ctx.channel.sms(
      phone,
      ctx.templateCodes[kind],
      smsParams(ctx.templates, kind, noticeData(n)),
    );
  } catch (err) {
    return { ok: false, retryable: true, reason: `channel threw ${(err as Error).name ?? 'error'}` };
  }
}

function retryAt(ctx: SendContext, attempt: number, now: Date, minMs: number): Date {
  const wait = Math.max(backoffMs(attempt, ctx.retry, ctx.random), minMs);
  return releaseAt(new Date(now.getTime() + wait), ctx.quietHours);
}

export async function sendOne(ctx: SendContext, n: ChosenNotice, now: () => Date): Promise<NoticeResult> {
  const phone = smsNumber(n.phone);
  const masked = maskPhone(phone ?? n.phone ?? '');
  const log = ctx.log.child({ notice: n.id, kind: n.kind, via: n.channel, phone: masked });
  if (phone === null && n.channel === 'sms') {
    log.warn('customer notice: the number cannot receive SMS');
    return { status: 'failed', reason: 'invalid_number', error: `not a mobile number (${masked})` };
  }
  const text = ctx.templates.render(n.kind as NoticeKind, noticeData(n));
  const r = await call(ctx, n, phone ?? '', text);
  if (r.ok) {
    log.info('customer notice sent');
    return { status: 'sent', ref: { channel: n.channel, ...r.ref }, text };
  }
  log.warn({ reason: r.reason, attempt: n.attempt }, 'customer notice not sent');
  if (r.invalidNumber) return { status: 'failed', reason: 'invalid_number', error: r.reason };
  if (r.kfClosed && n.kf) {
    return { status: 'retry', nextAttemptAt: now(), error: r.reason, closeKf: n.kf };
  }
  if (!r.retryable) return { status: 'failed', reason: 'rejected', error: r.reason };
  if (n.attempt >= ctx.retry.maxAttempts) return { status: 'dead', error: r.reason };
  return {
    status: 'retry',
    nextAttemptAt: retryAt(ctx, n.attempt, now(), r.retryAfterMs ?? 0),
    error: r.reason,
  };
}
