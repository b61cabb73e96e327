// The hourly backlog chart of a daily report: 24 bars (unresolved alerts at 00:00 … 23:00 Beijing time)
// over a light grid, with the y-axis maximum and the hours 0/6/12/18/23 written in a built-in digit font.
import { createCanvas, GLYPH_H, textWidth, type Rgb } from './canvas.js';
import type { DailyReport } from './model.js';
import { encodePng } from './png.js';

export const CHART = { width: 720, height: 320, left: 44, right: 16, top: 16, bottom: 32 } as const;
export const COLOURS = {
  background: [255, 255, 255],
  axis: [51, 51, 51],
  grid: [229, 231, 235],
  bar: [59, 130, 246],
  label: [75, 85, 99],
} as const satisfies Record<string, Rgb>;

const SCALE = 2;
const GRID_LINES = 4;

/** The y-axis top: the smallest of 1, 2, 5 × 10^n (multiplied by the grid count) holding `max`. */
export function axisMax(max: number): number {
  if (max <= GRID_LINES) return GRID_LINES;
  const step = max / GRID_LINES;
  const pow = 10 ** Math.floor(Math.log10(step));
  const nice = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= step) ?? 10 * pow;
  return nice * GRID_LINES;
}

/** Where bar `hour` is drawn (its pixel box), for the drawing and for tests. */
export function barBox(hour: number, value: number, top: number) {
  const plotW = CHART.width - CHART.left - CHART.right;
  const plotH = CHART.height - CHART.top - CHART.bottom;
  const slot = plotW / 24;
  const h = top === 0 ? 0 : Math.round((value / top) * plotH);
  return { x: CHART.left + hour * slot + slot * 0.15, w: slot * 0.7, y: CHART.top + plotH - h, h, slot };
}

export function renderBacklogChart(report: Pick<DailyReport, 'backlog'>): Buffer {
  const { width, height, left, top, bottom, right } = CHART;
  const c = createCanvas(width, height, COLOURS.background);
  const plotH = height - top - bottom;
  const yTop = axisMax(Math.max(0, ...report.backlog));
  for (let g = 1; g <= GRID_LINES; g++) {
    const y = top + plotH - Math.round((g / GRID_LINES) * plotH);
    c.fillRect(left, y, width - left - right, 1, COLOURS.grid);
  }
  report.backlog.slice(0, 24).forEach((v, hour) => {
    const b = barBox(hour, v, yTop);
    if (b.h > 0) c.fillRect(b.x, b.y, b.w, b.h, COLOURS.bar);
  });
  c.fillRect(left - 2, top, 2, plotH + 2, COLOURS.axis);
  c.fillRect(left - 2, top + plotH, width - left - right + 2, 2, COLOURS.axis);
  const yLabel = (n: number, y: number) =>
    c.text(
      left - 6 - textWidth(String(n), SCALE),
      y - (GLYPH_H * SCALE) / 2,
      String(n),
      SCALE,
      COLOURS.label,
    );
  yLabel(yTop, top);
  yLabel(0, top + plotH);
  for (const hour of [0, 6, 12, 18, 23]) {
    const b = barBox(hour, 0, yTop);
    const x = b.x + b.w / 2 - textWidth(String(hour), SCALE) / 2;
    c.text(x, top + plotH + 8, String(hour), SCALE, COLOURS.label);
  }
  return encodePng(c);
}
