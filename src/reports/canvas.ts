// A tiny RGBA raster: filled rectangles and a 3×5 digit font, enough for a bar chart with axis numbers.
import type { RgbaImage } from './png.js';

export type Rgb = readonly [number, number, number];

/** 3×5 glyphs for 0-9, one row per string, '#' = ink. */
const DIGITS: Record<string, string[]> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '###', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '.#.', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
};
export const GLYPH_W = 3;
export const GLYPH_H = 5;

export interface Canvas extends RgbaImage {
  fillRect(x: number, y: number, w: number, h: number, c: Rgb): void;
  /** Digits with their top-left corner at (x, y), each pixel `scale`×`scale`, one column of space between. */
  text(x: number, y: number, digits: string, scale: number, c: Rgb): void;
}

/** The width `text` takes for `digits` at `scale`. */
export const textWidth = (digits: string, scale: number) => (digits.length * (GLYPH_W + 1) - 1) * scale;

export function createCanvas(width: number, height: number, background: Rgb): Canvas {
  const pixels = new Uint8Array(width * height * 4);
  const fillRect = (x: number, y: number, w: number, h: number, c: Rgb) => {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(width, Math.round(x + w));
    const y1 = Math.min(height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) {
      for (let xx = x0; xx < x1; xx++) {
        const i = (yy * width + xx) * 4;
        pixels[i] = c[0];
        pixels[i + 1] = c[1];
        pixels[i + 2] = c[2];
        pixels[i + 3] = 255;
      }
    }
  };
  const text = (x: number, y: number, digits: string, scale: number, c: Rgb) => {
    [...digits].forEach((d, n) => {
      const rows = DIGITS[d];
      if (!rows) return;
      const left = x + n * (GLYPH_W + 1) * scale;
      rows.forEach((row, ry) => {
        [...row].forEach((cell, rx) => {
          if (cell === '#') fillRect(left + rx * scale, y + ry * scale, scale, scale, c);
        });
      });
    });
  };
  fillRect(0, 0, width, height, background);
  return { width, height, pixels, fillRect, text };
}
