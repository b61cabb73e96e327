// Per-item answers of the batch endpoints (CONTRACT.md §3).
import type { Issue } from '../lib/errors.js';

export type ItemResult =
  | { index: number; ok: true; id: string; duplicate?: true; unchanged?: true }
  | { index: number; ok: false; errors: Issue[] };

export interface BatchResult {
  results: ItemResult[];
}

export const failed = (index: number, errors: Issue[]): ItemResult => ({ index, ok: false, errors });
