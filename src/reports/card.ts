// The daily report as a CardModel: templates/reports/daily.hbs fills title, summary, facts and one line per
// top cause through the card part helpers; the colour and status follow the fulfilment traffic light.
// Sent as a `digest`-variant card (no alert, no buttons); its link, when given, opens the backlog chart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { CardColour, CardModel } from '../notify/card-model.js';
import { emptyParts, PART_HELPERS, registerPartHelpers } from '../notify/render/card-parts.js';
import { formatShanghai } from '../notify/render/format.js';
import { loadLabels, type Labels } from '../notify/render/labels.js';
import { fitParts } from '../notify/render/limits.js';
import { previewText } from '../notify/render/preview.js';
import { loadReportLabels, type ReportLabels } from './labels.js';
import type { DailyReport, TrafficLight } from './model.js';
import { reportView } from './view.js';

export const DEFAULT_REPORTS_DIR = fileURLToPath(new URL('../../templates/reports', import.meta.url));
export const DEFAULT_CARD_LABELS = fileURLToPath(
  new URL('../../templates/cards/labels.yaml', import.meta.url),
);

export const LIGHT_COLOUR: Record<TrafficLight, CardColour> = {
  green: 'green',
  yellow: 'orange',
  red: 'red',
  none: 'grey',
};

export interface ReportRendererOptions {
  /** templates/reports (daily.hbs, labels.yaml) by default. */
  templatesDir?: string;
  /** templates/cards/labels.yaml by default: rule, kind, channel names and units. */
  cardLabels?: string;
  /** When the card was rendered; the system time when absent. */
  now?: () => Date;
}

export interface ReportRenderer {
  /** `chartUrl`: where the card's link points (the signed chart image); no link when absent. */
  renderDailyReport(report: DailyReport, chartUrl?: string | null): CardModel;
}

export function createReportRenderer(opts: ReportRendererOptions = {}): ReportRenderer {
  const dir = opts.templatesDir ?? DEFAULT_REPORTS_DIR;
  const hb = Handlebars.create();
  registerPartHelpers(hb);
  const template = hb.compile(readFileSync(join(dir, 'daily.hbs'), 'utf8'), {
    noEscape: true,
    strict: true,
    knownHelpers: Object.fromEntries(PART_HELPERS.map((h) => [h, true])),
  });
  const labels: Labels = loadLabels(opts.cardLabels ?? DEFAULT_CARD_LABELS);
  const words: ReportLabels = loadReportLabels(join(dir, 'labels.yaml'));
  const now = opts.now ?? (() => new Date());
  return {
    renderDailyReport(report, chartUrl = null) {
      const parts = emptyParts();
      template(reportView(report, labels, words), { data: { card: parts } });
      const fitted = fitParts(parts, labels.words.ellipsis);
      const light = report.cycle.light;
      const card: Omit<CardModel, 'preview'> = {
        variant: 'digest',
        alertId: null,
        severity: null,
        colour: LIGHT_COLOUR[light],
        title: fitted.title,
        summary: fitted.summary,
        status: words.status[light],
        facts: fitted.facts,
        buttons: [],
        link: chartUrl ? { label: words.chartLink, url: chartUrl } : null,
        mentions: [],
        digest: { total: report.alerts.total, lines: fitted.lines },
        renderedAt: formatShanghai(now()),
      };
      return { ...card, preview: previewText(card, null, labels) };
    },
  };
}

let shared: ReportRenderer | null = null;

/** The report card from the default templates (loaded on first use). */
export function renderDailyReport(report: DailyReport, chartUrl: string | null = null): CardModel {
  shared ??= createReportRenderer();
  return shared.renderDailyReport(report, chartUrl);
}
