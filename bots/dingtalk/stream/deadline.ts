// Platform deadlines (card callbacks 2 s, HTTP robot replies): the handler keeps running after the
// deadline; the caller just stops waiting for it and answers with what it has.
export type Timed<T> = { kind: 'done'; value: T } | { kind: 'failed'; error: unknown } | { kind: 'late' };

export function withDeadline<T>(work: Promise<T>, ms: number): Promise<Timed<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'late' }), ms);
    work.then(
      (value) => (clearTimeout(timer), resolve({ kind: 'done', value })),
      (error: unknown) => (clearTimeout(timer), resolve({ kind: 'failed', error })),
    );
  });
}
