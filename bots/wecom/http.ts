// One WeCom call: HTTP 200 does not mean success (wecom.md §1), so every answer is parsed and its errcode read.
// Results are data, never thrown: the classifier turns them into SendOutcomes.

export type ApiResult = { path: string } & (
  | { kind: 'ok'; body: Record<string, unknown> }
  | { kind: 'errcode'; errcode: number; errmsg: string }
  | { kind: 'http'; status: number }
  | { kind: 'bad-body'; status: number }
  | { kind: 'network'; detail: string }
  | { kind: 'timeout'; afterMs: number }
);

export interface WecomHttp {
  call(
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string>,
    body?: unknown,
  ): Promise<ApiResult>;
}

export interface WecomHttpOptions {
  apiBase: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

/** A network error's code (ECONNREFUSED, UND_ERR_SOCKET, …): the message itself may quote the URL. */
function networkDetail(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return err instanceof Error ? err.name : 'error';
}

function parseBody(path: string, status: number, text: string): ApiResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return status >= 200 && status < 300
      ? { path, kind: 'bad-body', status }
      : { path, kind: 'http', status };
  }
  if (status < 200 || status >= 300) return { path, kind: 'http', status };
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { path, kind: 'bad-body', status };
  const record = body as Record<string, unknown>;
  const errcode = Number(record.errcode ?? 0);
  if (errcode === 0) return { path, kind: 'ok', body: record };
  return { path, kind: 'errcode', errcode, errmsg: String(record.errmsg ?? '') };
}

export function createWecomHttp(opts: WecomHttpOptions): WecomHttp {
  const base = opts.apiBase.replace(/\/+$/, '');
  return {
    async call(method, path, query, body) {
      const url = `${base}${path}?${new URLSearchParams(query).toString()}`;
      try {
        const res = await opts.fetch(url, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
        return parseBody(path, res.status, await res.text());
      } catch (err) {
        const name = err instanceof Error ? err.name : '';
        if (name === 'TimeoutError' || name === 'AbortError')
          return { path, kind: 'timeout', afterMs: opts.timeoutMs };
        return { path, kind: 'network', detail: networkDetail(err) };
      }
    },
  };
}
