// Silences: POST /api/v1/silences, GET /api/v1/silences?active=true, DELETE /api/v1/silences/:id.
import type { FastifyInstance } from 'fastify';
import { parseDuration } from '../../config/index.js';
import { parseInstant } from '../../domain/time.js';
import type { Clock } from '../../lib/clock.js';
import { BadRequestError, NotFoundError, type Issue } from '../../lib/errors.js';
import { readText } from '../../ingest/text-rules.js';
import { isRecord } from '../../ingest/validate-order.js';
import type { AlertStore } from '../../store/alert-store.js';
import { SILENCE_FIELDS, type SilenceMatchers } from '../../store/silences-repo.js';

/** Required text, checked by the same rules as ingested text (length, no control characters). */
function text(body: Record<string, unknown>, key: 'reason' | 'createdBy', issues: Issue[]): string {
  const value = readText(body, key, key === 'reason' ? 'reason' : 'name', '', issues, { required: true });
  if (value !== null && value.trim() === '')
    issues.push({ path: `/${key}`, message: '不能为空 / must not be blank' });
  return value?.trim() ?? '';
}

function matchersOf(v: unknown, issues: Issue[]): SilenceMatchers {
  const out: SilenceMatchers = {};
  if (!isRecord(v) || Object.keys(v).length === 0) {
    issues.push({
      path: '/matchers',
      message: `至少一个条件：${SILENCE_FIELDS.join(', ')} / at least one matcher`,
    });
    return out;
  }
  for (const [k, val] of Object.entries(v)) {
    if (!(SILENCE_FIELDS as readonly string[]).includes(k)) {
      issues.push({
        path: `/matchers/${k}`,
        message: `未知条件，可选 ${SILENCE_FIELDS.join(', ')} / unknown matcher`,
      });
    } else if (typeof val !== 'string' || val === '' || val.length > 64) {
      issues.push({ path: `/matchers/${k}`, message: '必须是 1–64 个字符 / must be 1–64 characters' });
    } else out[k as keyof SilenceMatchers] = val;
  }
  return out;
}

function window(body: Record<string, unknown>, now: Date, issues: Issue[]): [Date, Date] {
  const starts = body.startsAt === undefined ? { ok: true as const, date: now } : parseInstant(body.startsAt);
  if (!starts.ok) issues.push({ path: '/startsAt', message: starts.message });
  const from = starts.ok ? starts.date : now;
  if (body.duration !== undefined) {
    try {
      return [from, new Date(from.getTime() + parseDuration(String(body.duration)))];
    } catch (err) {
      issues.push({ path: '/duration', message: (err as Error).message });
      return [from, from];
    }
  }
  const ends = parseInstant(body.endsAt);
  if (!ends.ok)
    issues.push({
      path: '/endsAt',
      message: `endsAt 或 duration 必填 / give endsAt or duration: ${ends.message}`,
    });
  else if (ends.date <= from)
    issues.push({ path: '/endsAt', message: '结束时间必须晚于开始 / endsAt must be after startsAt' });
  return [from, ends.ok ? ends.date : from];
}

export function silenceRoutes(
  app: FastifyInstance,
  deps: { alerts: Pick<AlertStore, 'createSilence' | 'listSilences' | 'expireSilence'>; clock: Clock },
): void {
  app.post('/api/v1/silences', async (req, reply) => {
    const body = req.body;
    if (!isRecord(body))
      throw new BadRequestError('invalid_silence', '请求体必须是 JSON 对象 / body must be an object');
    const now = deps.clock.now();
    const issues: Issue[] = [];
    const matchers = matchersOf(body.matchers, issues);
    const [startsAt, endsAt] = window(body, now, issues);
    const reason = text(body, 'reason', issues);
    const createdBy = text(body, 'createdBy', issues);
    if (issues.length) {
      return reply
        .status(400)
        .send({ error: 'invalid_silence', message: '静默设置有误 / invalid silence', errors: issues });
    }
    const silence = await deps.alerts.createSilence({ matchers, startsAt, endsAt, reason, createdBy }, now);
    return reply.status(201).send({ silence });
  });
  app.get<{ Querystring: { active?: string } }>('/api/v1/silences', async (req) => ({
    silences: await deps.alerts.listSilences(deps.clock.now(), req.query.active === 'true'),
  }));
  app.delete<{ Params: { id: string } }>('/api/v1/silences/:id', async (req) => {
    const id = req.params.id;
    const silence = /^[0-9a-f-]{36}$/.test(id) ? await deps.alerts.expireSilence(id, deps.clock.now()) : null;
    if (!silence) throw new NotFoundError(`没有这个静默 / no silence ${id.slice(0, 40)}`);
    return { silence };
  });
}
