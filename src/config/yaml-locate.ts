// Maps a path into the parsed YAML (`['people', 1, 'roles', 0]`) back to a line and column of the source.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import type { Path } from './zod-issues.js';

export interface LineCol {
  line: number;
  column: number;
}

type Range = readonly [number, number, number];

function rangeOf(node: unknown): Range | null {
  const range = (node as { range?: Range | null } | null)?.range;
  return range ?? null;
}

/**
 * The position of the value at `path` (or of its key with at = 'key'). When the path goes further than
 * the document (a missing key), the deepest existing node is used: the mapping that lacks the key.
 */
export function locate(
  doc: Document,
  lines: LineCounter,
  path: Path,
  at: 'key' | 'value' = 'value',
): LineCol {
  let node: unknown = doc.contents;
  let key: unknown = null;
  let reached = 0;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      key = pair.key;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      key = null;
      node = node.items[seg];
    } else break;
    reached += 1;
  }
  const complete = reached === path.length;
  const range = (complete && at === 'key' ? rangeOf(key) : null) ?? rangeOf(node) ?? rangeOf(key);
  const pos = lines.linePos(range?.[0] ?? 0);
  return { line: pos.line, column: pos.col };
}
