import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, encodePng, PNG_SIGNATURE } from '../../../src/reports/png.js';
import { decodePng, readChunks } from './png-decode.js';

function image(width: number, height: number) {
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set([x * 10, y * 20, 7, 255], (y * width + x) * 4);
  }
  return { width, height, pixels };
}

describe('encodePng', () => {
  it('computes the CRC-32 zlib computes when given any bytes', () => {
    for (const s of ['', 'IEND', 'The quick brown fox', '订单守望'])
      expect(crc32(Buffer.from(s))).toBe(zlibCrc32(Buffer.from(s)));
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('writes the signature, then IHDR, IDAT and IEND with valid CRCs when given an RGBA image', () => {
    const png = encodePng(image(5, 3));
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const chunks = readChunks(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(chunks.every((c) => c.crcOk)).toBe(true);
    expect(chunks[0]!.data).toHaveLength(13);
    expect(chunks[2]!.data).toHaveLength(0);
  });

  it('decodes back to the same size and pixels when inflated', () => {
    const png = decodePng(encodePng(image(5, 3)));
    expect({ w: png.width, h: png.height, depth: png.bitDepth, type: png.colourType }).toEqual({
      w: 5,
      h: 3,
      depth: 8,
      type: 6,
    });
    expect(png.rawLength).toBe(3 * (5 * 4 + 1));
    expect([...png.filters]).toEqual([0]);
    expect(png.pixel(0, 0)).toEqual([0, 0, 7, 255]);
    expect(png.pixel(4, 2)).toEqual([40, 40, 7, 255]);
  });

  it.each([
    ['a zero width', 0, 1, 0],
    ['a fractional height', 1, 1.5, 6],
    ['a buffer of the wrong length', 2, 2, 15],
  ])('refuses %s', (_name, width, height, bytes) => {
    expect(() => encodePng({ width, height, pixels: new Uint8Array(bytes) })).toThrow();
  });
});
