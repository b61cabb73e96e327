import { describe, expect, it } from 'vitest';
import { axisMax, barBox, CHART, COLOURS, renderBacklogChart } from '../../../src/reports/chart.js';
import { sampleReport } from './fixtures.js';
import { decodePng, readChunks } from './png-decode.js';

const rgba = (c: readonly number[]) => [...c, 255];

describe('renderBacklogChart', () => {
  const report = sampleReport();
  const png = renderBacklogChart(report);
  const img = decodePng(png);
  const top = axisMax(Math.max(...report.backlog));

  it('draws a valid PNG of the chart size, well under 2 MB, when given a report', () => {
    expect(readChunks(png).every((c) => c.crcOk)).toBe(true);
    expect([img.width, img.height]).toEqual([CHART.width, CHART.height]);
    expect(png.length).toBeLessThan(2 * 1024 * 1024);
  });

  it('fills the busiest hour up to its height and leaves an empty hour blank', () => {
    const busy = barBox(12, 12, top);
    const cx = Math.round(busy.x + busy.w / 2);
    expect(img.pixel(cx, Math.round(busy.y) + 1)).toEqual(rgba(COLOURS.bar));
    expect(img.pixel(cx, Math.round(busy.y) - 3)).not.toEqual(rgba(COLOURS.bar));
    const empty = barBox(0, 0, top);
    expect(img.pixel(Math.round(empty.x + empty.w / 2), empty.y - 5)).toEqual(rgba(COLOURS.background));
  });

  it('draws the axes', () => {
    const axisY = CHART.height - CHART.bottom;
    expect(img.pixel(CHART.left - 1, CHART.top + 10)).toEqual(rgba(COLOURS.axis));
    expect(img.pixel(CHART.width - CHART.right - 1, axisY)).toEqual(rgba(COLOURS.axis));
  });

  it('draws an empty chart when nothing was open all day', () => {
    const flat = decodePng(renderBacklogChart({ backlog: new Array<number>(24).fill(0) }));
    const b = barBox(12, 0, axisMax(0));
    expect(flat.pixel(Math.round(b.x + b.w / 2), b.y - 5)).toEqual(rgba(COLOURS.background));
  });
});

describe('axisMax', () => {
  it.each([
    [0, 4],
    [3, 4],
    [5, 8],
    [12, 20],
    [41, 80],
    [399, 400],
    [401, 800],
  ])('tops the axis of a maximum %i at %i', (max, expected) => {
    expect(axisMax(max)).toBe(expected);
  });
});
