// createDailyReporter: at or after 09:00 Asia/Shanghai, each team's report for yesterday goes to the team's
// chats once. tick() is called every minute by the relay; a team is claimed (reports_sent) before anything is
// sent, so concurrent ticks in any number of processes send it once; targets already reached are not sent
// again when a retryable failure makes a later tick try the rest.
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { ChannelKind, Destination, Notifier, SendOutcome } from '../notify/notifier.js';
import type { Target, TargetResolver } from '../notify/targets.js';
import type { ReportOutcome } from '../store/report-sent.js';
import type { ReportStore } from '../store/report-store.js';
import { renderDailyReport as renderDefault } from './card.js';
import { renderBacklogChart } from './chart.js';
import { shanghaiHour, shanghaiYesterday, type DailyReport } from './model.js';

export const REPORT_HOUR = 9;

/** A notifier that can also post a picture (the WeCom group robot's `image` message: base64 + md5, ≤ 2 MB). */
export interface ImageNotifier extends Notifier {
  sendImage(req: { destination: Destination; png: Buffer }): Promise<SendOutcome>;
}

const canSendImage = (n: Notifier): n is ImageNotifier =>
  typeof (n as Partial<ImageNotifier>).sendImage === 'function';

/** Channels whose chats get the chart as a picture (others get the card's link to it). */
export const IMAGE_CHANNELS: readonly ChannelKind[] = ['wecom_webhook'];

export interface DailyReporterDeps {
  store: ReportStore;
  notifiers: readonly Notifier[];
  targets: Pick<TargetResolver, 'resolve'>;
  clock: Clock;
  log: Logger;
  /** Team ids to report to (config.teams, and 'default' when alerts may be routed nowhere). */
  teams: readonly string[];
  render?: (report: DailyReport, chartUrl: string | null) => ReturnType<typeof renderDefault>;
  /** The signed, public chart URL for the card's link (see reportRoutes); no link when absent. */
  chartUrl?: (date: string, team: string) => string | null;
}

export interface TickResult {
  date: string | null;
  /** Teams whose report this tick claimed (and sent, or tried to). */
  teams: string[];
}

/** `owr_<team>_<date>`: WeCom task_id / DingTalk outTrackId charset, ≤ 64 characters. */
export function reportIdempotencyKey(team: string, date: string): string {
  return `owr_${team.replace(/[^0-9A-Za-z_-]/g, '_').slice(0, 48)}_${date}`;
}

export function createDailyReporter(deps: DailyReporterDeps) {
  const byChannel = new Map<ChannelKind, Notifier>();
  for (const n of deps.notifiers) for (const c of n.channels) byChannel.set(c, n);
  const render = deps.render ?? renderDefault;

  async function sendImage(n: Notifier, target: Target, report: DailyReport): Promise<void> {
    if (!IMAGE_CHANNELS.includes(target.channel) || !canSendImage(n)) return;
    const out = await n.sendImage({ destination: target.destination, png: renderBacklogChart(report) });
    // The chart is an extra: the card (with its link to the chart) has gone; a failed picture is logged.
    if (!out.ok) deps.log.warn({ target: target.id, reason: out.reason }, 'report chart not sent');
  }

  async function deliver(team: string, date: string, done: string[]): Promise<ReportOutcome> {
    const report = await deps.store.compute({ date, team });
    const card = render(report, deps.chartUrl?.(date, team) ?? null);
    const sent = [...done];
    let retry = false;
    let lastError: string | null = null;
    for (const target of deps.targets.resolve(team)) {
      const n = byChannel.get(target.channel);
      if (!n || sent.includes(target.id)) continue;
      const key = reportIdempotencyKey(team, date);
      const out = await n.send({ destination: target.destination, card, idempotencyKey: key });
      if (out.ok || out.duplicate) {
        sent.push(target.id);
        await sendImage(n, target, report);
        continue;
      }
      retry ||= out.retryable;
      lastError = `${target.id}: ${out.reason}`;
      deps.log.warn({ team, date, target: target.id, reason: out.reason }, 'daily report not sent');
    }
    return { sentTargets: sent, retry, lastError };
  }

  async function reportTeam(team: string, date: string): Promise<boolean> {
    const claim = await deps.store.claim(team, date, deps.clock.now());
    if (!claim) return false;
    let outcome: ReportOutcome;
    try {
      outcome = await deliver(team, date, claim.sentTargets);
    } catch (err) {
      deps.log.error({ err, team, date }, 'daily report failed');
      outcome = { sentTargets: claim.sentTargets, retry: true, lastError: (err as Error).message };
    }
    await deps.store.record(claim, outcome, deps.clock.now());
    return true;
  }

  return {
    async tick(): Promise<TickResult> {
      const now = deps.clock.now();
      if (shanghaiHour(now) < REPORT_HOUR) return { date: null, teams: [] };
      const date = shanghaiYesterday(now);
      const teams: string[] = [];
      for (const team of deps.teams) if (await reportTeam(team, date)) teams.push(team);
      return { date, teams };
    },
  };
}
export type DailyReporter = ReturnType<typeof createDailyReporter>;
