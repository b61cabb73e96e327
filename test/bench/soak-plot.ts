// bench/soak.svg, drawn by hand (no plotting dependency): two panels over the soak's time axis, the
// all-role process's memory (VmRSS, VmHWM, the 300 MB goal) and the queue depth (everything queued, and the
// work backlog without the escalation timers), with the second half — where the trend is fitted — shaded
// and the fitted lines drawn over it.

export interface PlotPoint {
  t_s: number;
  rss_mb: number;
  hwm_mb: number;
  queue_depth: number;
  backlog: number;
}

export interface Line {
  /** Per second. */
  slope: number;
  intercept: number;
}

export interface PlotOptions {
  title: string;
  subtitle: string;
  /** When the ramp ended and the full rate began. */
  rampEndS: number;
  /** When sending stopped (the drain follows). */
  sendEndS: number;
  /** Start of the trend window (its end is sendEndS). */
  trendFromS: number;
  goalRssMb: number;
  rssTrend: Line | null;
  backlogTrend: Line | null;
}

const W = 900;
const PANEL_H = 230;
const M = { left: 78, right: 190, top: 70, gap: 70, bottom: 52 };
const PLOT_W = W - M.left - M.right;
const H = M.top + PANEL_H * 2 + M.gap + M.bottom;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (x: number) => (Math.abs(x) >= 100 || Number.isInteger(x) ? String(Math.round(x)) : x.toFixed(1));

/** A 1-2-5 step giving about `count` ticks over [0, max]. */
export function niceStep(max: number, count = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * pow;
}

interface Series {
  label: string;
  color: string;
  dash?: string;
  values: (p: PlotPoint) => number;
}

function panel(
  points: readonly PlotPoint[],
  top: number,
  yLabel: string,
  series: Series[],
  xMax: number,
  opts: PlotOptions,
  extra: { goal?: number; trend?: Line | null; trendColor?: string; unit?: string; log?: boolean },
): string {
  const yData = Math.max(1, ...points.flatMap((p) => series.map((s) => s.values(p))), extra.goal ?? 0);
  // Linear: a 1-2-5 grid. Log (for counts from 0 to tens of thousands): log10(1 + v), ticks 0, 1, 10, 100, …
  const yStep = niceStep(yData * 1.08);
  const yMax = extra.log ? 10 ** Math.ceil(Math.log10(yData + 1)) : Math.ceil((yData * 1.08) / yStep) * yStep;
  const yTicks = extra.log
    ? [0, ...Array.from({ length: Math.round(Math.log10(yMax)) + 1 }, (_, i) => 10 ** i)]
    : Array.from({ length: Math.round(yMax / yStep) + 1 }, (_, i) => i * yStep);
  const scale = (v: number) => (extra.log ? Math.log10(1 + Math.max(0, v)) / Math.log10(1 + yMax) : v / yMax);
  const xStep = niceStep(xMax, 8);
  const x = (t: number) => M.left + (t / xMax) * PLOT_W;
  const y = (v: number) => top + PANEL_H - scale(v) * PANEL_H;
  const out: string[] = [];
  // Ramp, trend window and drain.
  if (opts.rampEndS > 0)
    out.push(
      `<rect x="${M.left}" y="${top}" width="${(x(opts.rampEndS) - M.left).toFixed(1)}" height="${PANEL_H}" fill="#eef7ee"/>`,
    );
  out.push(
    `<rect x="${x(opts.trendFromS).toFixed(1)}" y="${top}" width="${(x(opts.sendEndS) - x(opts.trendFromS)).toFixed(1)}" height="${PANEL_H}" fill="#f1f3f7"/>`,
  );
  if (xMax > opts.sendEndS)
    out.push(
      `<rect x="${x(opts.sendEndS).toFixed(1)}" y="${top}" width="${(x(xMax) - x(opts.sendEndS)).toFixed(1)}" height="${PANEL_H}" fill="#fbf6ea"/>`,
    );
  // Grid and ticks.
  for (const v of yTicks) {
    out.push(
      `<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#dde1e8" stroke-width="1"/>`,
      `<text x="${M.left - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`,
    );
  }
  for (let t = 0; t <= xMax + 1e-9; t += xStep) {
    out.push(
      `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${top + PANEL_H}" y2="${top + PANEL_H + 5}" stroke="#555"/>`,
      `<text x="${x(t).toFixed(1)}" y="${top + PANEL_H + 19}" text-anchor="middle">${fmt(t)}</text>`,
    );
  }
  out.push(
    `<rect x="${M.left}" y="${top}" width="${PLOT_W}" height="${PANEL_H}" fill="none" stroke="#555"/>`,
    `<text x="${M.left + PLOT_W / 2}" y="${top + PANEL_H + 38}" text-anchor="middle">time since the first item was sent (s)</text>`,
    `<text transform="translate(${M.left - 52} ${top + PANEL_H / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
  );
  if (extra.goal !== undefined)
    out.push(
      `<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${y(extra.goal).toFixed(1)}" y2="${y(extra.goal).toFixed(1)}" stroke="#c0392b" stroke-dasharray="6 4"/>`,
      `<text x="${M.left + 6}" y="${(y(extra.goal) - 6).toFixed(1)}" fill="#c0392b">goal ≤ ${fmt(extra.goal)} MB (peak)</text>`,
    );
  for (const s of series) {
    const d = points
      .map((p, i) => `${i ? 'L' : 'M'}${x(p.t_s).toFixed(1)},${y(s.values(p)).toFixed(1)}`)
      .join(' ');
    out.push(
      `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
    );
  }
  if (extra.trend) {
    // Drawn as a path of points, so it is straight on a linear axis and follows the log one.
    const at = (t: number) => Math.max(0, extra.trend!.intercept + extra.trend!.slope * t);
    const from = opts.trendFromS;
    const d = Array.from({ length: 21 }, (_, i) => from + ((opts.sendEndS - from) * i) / 20)
      .map((t, i) => `${i ? 'L' : 'M'}${x(t).toFixed(1)},${y(at(t)).toFixed(1)}`)
      .join(' ');
    out.push(
      `<path d="${d}" fill="none" stroke="${extra.trendColor ?? '#000'}" stroke-width="1.5" stroke-dasharray="2 3"/>`,
    );
  }
  // Legend, right of the panel.
  const lx = M.left + PLOT_W + 16;
  const legend = [
    ...series.map((s) => ({ label: s.label, color: s.color, dash: s.dash })),
    ...(extra.trend
      ? [
          {
            label: `trend ${fmt(extra.trend.slope * 60)}${extra.unit ? ` ${extra.unit}` : ''}/min`,
            color: extra.trendColor ?? '#000',
            dash: '2 3',
          },
        ]
      : []),
  ];
  legend.forEach((l, i) => {
    const ly = top + 14 + i * 20;
    out.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${l.color}" stroke-width="2"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}/>`,
      `<text x="${lx + 28}" y="${ly + 4}">${esc(l.label)}</text>`,
    );
  });
  return out.join('\n');
}

export function renderSoakSvg(points: readonly PlotPoint[], opts: PlotOptions): string {
  const xMax = Math.max(1, ...points.map((p) => p.t_s));
  const top2 = M.top + PANEL_H + M.gap;
  const body = [
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(opts.title)}</text>`,
    `<text x="${W / 2}" y="40" text-anchor="middle">${esc(opts.subtitle)}</text>`,
    `<text x="${W / 2}" y="58" text-anchor="middle" fill="#555">green tint: ramp (orders arriving, their events not yet due); grey: trend window (second half at the full rate); warm: draining</text>`,
    panel(
      points,
      M.top,
      'memory of the all-role process (MB)',
      [
        { label: 'VmRSS', color: '#2c6fbb', values: (p) => p.rss_mb },
        { label: 'VmHWM (peak)', color: '#7f8c8d', dash: '5 3', values: (p) => p.hwm_mb },
      ],
      xMax,
      opts,
      { goal: opts.goalRssMb, trend: opts.rssTrend, trendColor: '#1b3f6b', unit: 'MB' },
    ),
    panel(
      points,
      top2,
      'queue depth (items, log scale)',
      [
        { label: 'all (incl. timers)', color: '#d35400', values: (p) => p.queue_depth },
        { label: 'backlog (no timers)', color: '#27ae60', values: (p) => p.backlog },
      ],
      xMax,
      opts,
      { trend: opts.backlogTrend, trendColor: '#145a32', log: true },
    ),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
