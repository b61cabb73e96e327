// DingTalk allows an app 20 calls per second per API (standard edition; dingtalk.md §5.3); beyond it the
// call fails with 403 QpsLimitForAppkeyAndApi. Pacing in-process keeps a burst of cards from failing
// and retrying: calls past the limit wait for the next free slot instead. Real time, not the injected
// clock: this is about the wire, not about domain time.

export function createPacer(perSecond: number) {
  const recent = new Map<string, number[]>();
  return async function pace(key: string): Promise<void> {
    if (!Number.isFinite(perSecond) || perSecond <= 0) return;
    for (;;) {
      const now = performance.now();
      const times = (recent.get(key) ?? []).filter((t) => t > now - 1000);
      if (times.length < perSecond) {
        times.push(now);
        recent.set(key, times);
        return;
      }
      recent.set(key, times);
      await new Promise((r) => setTimeout(r, Math.max(1, times[0]! + 1000 - now)));
    }
  };
}
