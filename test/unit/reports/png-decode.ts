// A test-side PNG reader (8-bit RGBA, filter 0 only, what encodePng writes): chunks with their CRCs checked
// against node:zlib's crc32, IDAT inflated, pixels returned.
import { crc32, inflateSync } from 'node:zlib';

export interface Chunk {
  type: string;
  data: Buffer;
  crcOk: boolean;
}

export function readChunks(png: Buffer): Chunk[] {
  const chunks: Chunk[] = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    const crc = png.readUInt32BE(at + 8 + len);
    chunks.push({ type, data, crcOk: crc32(png.subarray(at + 4, at + 8 + len)) === crc });
    at += 12 + len;
  }
  return chunks;
}

export function decodePng(png: Buffer) {
  const chunks = readChunks(png);
  const ihdr = chunks.find((c) => c.type === 'IHDR')!.data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * 4 + 1;
  const filters = new Set<number>();
  const pixel = (x: number, y: number): [number, number, number, number] => {
    const i = y * stride + 1 + x * 4;
    return [raw[i]!, raw[i + 1]!, raw[i + 2]!, raw[i + 3]!];
  };
  for (let y = 0; y < height; y++) filters.add(raw[y * stride]!);
  return { width, height, bitDepth: ihdr[8], colourType: ihdr[9], rawLength: raw.length, filters, pixel };
}
