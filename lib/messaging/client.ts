import type { AnyRequest, Reply, ReplyOf, RequestOf, RequestType } from './contract';

/**
 * Sends a request to the background and returns its reply. A background that cannot be reached
 * (extension reloaded, worker failing) becomes an `internal` error reply rather than a throw.
 */
/** A background that has not answered in this long is reported, never waited on forever. */
export const REPLY_TIMEOUT_MS = 30_000;

export async function sendRequest<K extends RequestType>(request: RequestOf<K>): Promise<ReplyOf<K>> {
  try {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), REPLY_TIMEOUT_MS);
    });
    const reply = (await Promise.race([browser.runtime.sendMessage(request) as Promise<ReplyOf<K>>, timeout]).finally(() => clearTimeout(timer))) as ReplyOf<K> | undefined;
    if (reply && typeof reply === 'object' && 'ok' in reply) return reply;
    return { ok: false, error: { code: 'internal', message: 'The background sent no reply.' } };
  } catch (error) {
    return { ok: false, error: { code: 'internal', message: String(error) } };
  }
}

/** For callers that pass requests of several types through one function (models' `send`). */
export function sendAnyRequest(request: AnyRequest): Promise<Reply<object>> {
  return sendRequest(request as RequestOf<RequestType>) as Promise<Reply<object>>;
}
