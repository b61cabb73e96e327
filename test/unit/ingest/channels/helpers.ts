// Shared by the channel mapper tests: fixture loading and small accessors for loosely typed JSON.

import { readFileSync } from 'node:fs';

import type { ChannelOrderJson, MappedItem } from '../../../../src/ingest/channels/types.js';

/** The raw text of test/fixtures/channels/<name>. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`../../../fixtures/channels/${name}`, import.meta.url), 'utf8');
}

/** A fresh parse of test/fixtures/channels/<name>, as a request body would be parsed. */
export function fixture(name: string): unknown {
  return JSON.parse(fixtureText(name));
}

/** The object at `path` inside `value`, for editing a fixture in place. */
export function dig(value: unknown, ...path: (string | number)[]): Record<string, unknown> {
  let cur = value;
  for (const key of path) cur = (cur as Record<string | number, unknown>)[key];
  return cur as Record<string, unknown>;
}

/** The order of a successful item; fails the test with the issues otherwise. */
export function orderOf(item: MappedItem | undefined): ChannelOrderJson {
  if (item === undefined) throw new Error('no such item');
  if (!item.ok) throw new Error(`expected a mapped order, got issues ${JSON.stringify(item.issues)}`);
  return item.order;
}

/** The issues of a failed item; fails the test when the item mapped. */
export function issuesOf(item: MappedItem | undefined): { path: string; message: string }[] {
  if (item === undefined) throw new Error('no such item');
  if (item.ok) throw new Error(`expected issues, got order ${JSON.stringify(item.order)}`);
  return item.issues;
}
