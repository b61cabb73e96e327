// What daily.hbs sees: every figure already worded (durations 2小时5分, channel names, the light), so the
// template holds text only.
import { formatDurationZh } from '../notify/render/format.js';
import { fill, wordFor, type Labels } from '../notify/render/labels.js';
import type { ReportLabels } from './labels.js';
import type { DailyReport } from './model.js';

const minutesText = (m: number | null, labels: Labels, words: ReportLabels) =>
  m === null ? words.noData : formatDurationZh(Math.round(m * 60_000), labels.units);

function channelsText(report: DailyReport, labels: Labels, words: ReportLabels): string {
  if (report.orders.byChannel.length === 0) return words.noOrders;
  return report.orders.byChannel
    .map((c) => fill(words.channelCount, { channel: wordFor(labels.channel, c.channel), count: c.count }))
    .join(words.channelSeparator);
}

/** The busiest hour of the backlog (the earliest when tied). */
function peak(backlog: number[]): { count: number; hour: number } {
  let best = { count: 0, hour: 0 };
  backlog.forEach((count, hour) => {
    if (count > best.count) best = { count, hour };
  });
  return best;
}

export function reportView(report: DailyReport, labels: Labels, words: ReportLabels) {
  const [, month, day] = report.date.split('-');
  return {
    day: `${month}-${day}`,
    scope: report.team === null ? '' : fill(labels.words.team, { team: report.team }),
    orders: { total: report.orders.total, channels: channelsText(report, labels, words) },
    cycle: {
      p50: minutesText(report.cycle.p50Minutes, labels, words),
      p90: minutesText(report.cycle.p90Minutes, labels, words),
      orders: report.cycle.orders,
      light: words.light[report.cycle.light],
    },
    alerts: { total: report.alerts.total, ...report.alerts.byKind },
    response: {
      median: minutesText(report.response.medianMinutes, labels, words),
      claimed: report.response.claimed,
    },
    refunds: report.refunds,
    peak: peak(report.backlog),
    causes: report.topCauses.map((c) => ({
      ruleName: labels.rules[c.rule]?.name ?? c.rule,
      kindName: wordFor(labels.kind, c.kind),
      count: c.count,
    })),
  };
}
