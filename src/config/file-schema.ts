// The shape of orderwatch.yaml (CONTRACT.md §5), as zod schemas over the parsed YAML (snake_case keys).
// Every refinement carries its own message; zod's generic type messages are rewritten in zod-issues.ts.
import * as z from 'zod';
import { CHANNEL_PATTERN } from '../domain/order.js';
import { parseDuration } from './duration.js';
import { parseMoneyToFen } from './money.js';
import { ALERT_KINDS, ROLES } from './types.js';

/** Rule setting keys holding a duration; their values become milliseconds. */
export const DURATION_KEY = /(^|_)(after|window|within)$/;
export const RULE_ID = /^[a-z][a-z0-9_]*$/;

const show = (v: unknown): string => JSON.stringify(v)?.slice(0, 60) ?? String(v);
const numberToText = (v: unknown): unknown => (typeof v === 'number' ? String(v) : v);

/** Wraps a parser that throws with a helpful message (durations, money) as a zod schema. */
function parsed<T>(parse: (v: unknown) => T) {
  return z.unknown().transform((v, ctx): T => {
    if (v === undefined) ctx.addIssue({ code: 'custom', message: 'is required' });
    else {
      try {
        return parse(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
      }
    }
    return z.NEVER;
  });
}

function strict<S extends z.ZodRawShape>(shape: S) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `is not a known key (expected ${known})` : undefined),
  });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, { error: (iss) => `${show(iss.input)} is not ${what} (${values.join(', ')})` });
}

const text = z.preprocess(numberToText, z.string().trim().min(1, { error: 'must not be empty' }));
const handle = z.preprocess(
  numberToText,
  z.string().regex(/^\S{1,64}$/, { error: 'must be 1 to 64 characters without spaces' }),
);
const mobile = z.preprocess(
  numberToText,
  z.string().regex(/^\+?\d{6,15}$/, { error: 'must be a phone number: digits, optionally starting with +' }),
);
const ruleId = z
  .string()
  .regex(RULE_ID, { error: 'must be lower-case letters, digits and _ (like stuck_unpicked)' });
const duration = parsed((v) => parseDuration(v));
const money = parsed(parseMoneyToFen);

const person = strict({
  id: handle,
  name: text,
  roles: z.array(oneOf(ROLES, 'a role')).default([]),
  wecom: handle.optional(),
  dingtalk: handle.optional(),
  mobile: mobile.optional(),
});

const team = strict({
  id: handle,
  wecom_webhook_key: text.optional(),
  wecom_users: z.array(handle).default([]),
  dingtalk_conversation: handle.optional(),
  on_duty: z.array(handle).default([]),
});

const route = strict({
  match: strict({
    kind: oneOf(ALERT_KINDS, 'an alert kind').optional(),
    rule: ruleId.optional(),
    channel: z.string().regex(CHANNEL_PATTERN, { error: 'must be a channel like taobao or jd' }).optional(),
    warehouse: text.optional(),
    severity: text.optional(),
  }).default({}),
  team: handle,
});

/** One rule's settings: `enabled` must be a boolean, duration keys become milliseconds, the rest is kept. */
export const ruleSettingsSchema = z
  .preprocess((v) => (v === null ? {} : v), z.record(z.string(), z.unknown()))
  .transform((settings, ctx) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(settings)) {
      if (key === 'enabled' && typeof value !== 'boolean') {
        ctx.addIssue({ code: 'custom', path: [key], message: `must be true or false, got ${show(value)}` });
      } else if (DURATION_KEY.test(key)) {
        try {
          out[key] = parseDuration(value);
        } catch (e) {
          ctx.addIssue({ code: 'custom', path: [key], message: e instanceof Error ? e.message : String(e) });
        }
      } else out[key] = value;
    }
    return out as { enabled?: boolean } & Record<string, unknown>;
  });

/** The `rules` section; also the body of the rules dry-run API. */
export const rulesSchema = z.record(ruleId, ruleSettingsSchema);

const level = strict({
  after: duration,
  notify: z.array(handle).min(1, { error: 'must name at least one role, person or team' }),
  customer_notice: z.boolean().default(false),
  ding: z.boolean().default(false),
});

/** `09:00` → 540 (minutes after midnight); `24:00` is allowed as an end. */
const timeOfDay = z.preprocess(
  numberToText,
  z
    .string()
    .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, {
      error: 'must be a time of day like 09:00 (00:00 to 24:00)',
    })
    .transform((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3))),
);

const businessHours = strict({ start: timeOfDay, end: timeOfDay }).refine((h) => h.end > h.start, {
  error: 'end must be later than start (00:00 to 24:00 means around the clock)',
  path: ['end'],
});

const POLICY_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Policy name → levels, plus an optional `business_hours`. A policy named after a rule id or an alert
 * kind is used for those alerts; `default` for the rest.
 */
const escalation = z
  .object({ business_hours: businessHours.optional() })
  .catchall(z.array(level).min(1, { error: 'must have at least one level' }))
  .superRefine((v, ctx) => {
    for (const key of Object.keys(v)) {
      if (key !== 'business_hours' && !POLICY_NAME.test(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'must be lower-case letters, digits, - and _' });
      }
    }
  });

const refunds = strict({ approval_required_from: money.optional(), second_approver_from: money.optional() });

export const fileSchema = strict({
  people: z.array(person).optional(),
  teams: z.array(team).min(1, { error: 'must list at least one team' }).optional(),
  routes: z.array(route).optional(),
  rules: rulesSchema.optional(),
  escalation: escalation.optional(),
  refunds: refunds.optional(),
});

export type FileInput = z.output<typeof fileSchema>;
