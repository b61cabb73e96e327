// GET /api/v1/reports/daily?date=YYYY-MM-DD&team= (the daily health report as JSON; yesterday in
// Asia/Shanghai by default), GET /api/v1/reports/daily/chart.png (its hourly backlog chart), both behind the
// /api bearer token; and, when a link signer is given, GET /r/:token: the chart behind a signed, expiring
// link, for the card's link (a chat client cannot send a bearer token).
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import { BadRequestError, NotFoundError } from '../../lib/errors.js';
import type { LinkSigner } from '../../lib/signed-link.js';
import { renderBacklogChart } from '../../reports/chart.js';
import { isReportDate, shanghaiYesterday, type DailyReport } from '../../reports/model.js';
import type { DailyReportQuery } from '../../store/report-read.js';

export interface ReportRouteDeps {
  reports: { compute(q: DailyReportQuery): Promise<DailyReport> };
  clock: Clock;
  /** Serves GET /r/:token when given (the same signer as the card links). */
  links?: Pick<LinkSigner, 'verify'>;
}

/** A chart link stays valid a week, like the order links in cards. */
export const REPORT_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const PREFIX = 'report:';
const TEAM = /^[0-9A-Za-z_.-]{1,64}$/;
const PNG_HEADERS = {
  'content-type': 'image/png',
  'cache-control': 'private, max-age=300',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The public chart URL for the card's link: `${publicUrl}/r/<token>`. */
export function reportChartUrl(
  links: Pick<LinkSigner, 'sign'>,
  publicUrl: string,
  date: string,
  team: string | null,
): string {
  const token = links.sign(`${PREFIX}${date}:${team ?? ''}`, REPORT_LINK_TTL_MS);
  return `${publicUrl.replace(/\/+$/, '')}/r/${token}`;
}

type Query = Partial<Record<'date' | 'team', string>>;

function parseQuery(q: Query, clock: Clock): DailyReportQuery {
  const date = q.date ?? shanghaiYesterday(clock.now());
  if (!isReportDate(date))
    throw new BadRequestError('invalid_query', 'date 必须是 YYYY-MM-DD 日期 / date must be YYYY-MM-DD');
  if (q.team !== undefined && !TEAM.test(q.team))
    throw new BadRequestError('invalid_query', 'team 不是有效的团队 id / team is not a valid team id');
  return { date, team: q.team ?? null };
}

export function reportRoutes(app: FastifyInstance, deps: ReportRouteDeps): void {
  app.get<{ Querystring: Query }>('/api/v1/reports/daily', async (req) =>
    deps.reports.compute(parseQuery(req.query, deps.clock)),
  );
  app.get<{ Querystring: Query }>('/api/v1/reports/daily/chart.png', async (req, reply) => {
    const report = await deps.reports.compute(parseQuery(req.query, deps.clock));
    return reply.headers(PNG_HEADERS).send(renderBacklogChart(report));
  });
  const links = deps.links;
  if (!links) return;
  app.get<{ Params: { token: string } }>('/r/:token', async (req, reply) => {
    const r = links.verify(req.params.token);
    const id = 'error' in r || !r.orderId.startsWith(PREFIX) ? null : r.orderId.slice(PREFIX.length);
    const date = id?.slice(0, 10) ?? '';
    const team = id?.slice(11) ?? '';
    if (id === null || !isReportDate(date) || id[10] !== ':')
      throw new NotFoundError('链接无效或已过期 / invalid or expired link');
    const report = await deps.reports.compute({ date, team: team === '' ? null : team });
    return reply.headers(PNG_HEADERS).send(renderBacklogChart(report));
  });
}
