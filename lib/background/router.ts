import { parseRequest, type AnyRequest, type Reply, type ReplyOf, type RequestType } from '../messaging/contract';

type Handlers = { [K in RequestType]: (request: Extract<AnyRequest, { type: K }>) => Promise<ReplyOf<K>> };

/** Answers a validated request; unknown or malformed messages get an `invalid-message` reply. */
export async function routeMessage(raw: unknown, handlers: Handlers): Promise<Reply<object>> {
  const parsed = parseRequest(raw);
  if ('error' in parsed) return { ok: false, error: parsed.error };
  const { request } = parsed;
  try {
    const handler = handlers[request.type] as (r: AnyRequest) => Promise<Reply<object>>;
    return await handler(request);
  } catch (error) {
    console.error(`[sfsd] handler "${request.type}" failed`, error);
    return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}

/** The background's handlers. Stateless: whatever must survive a worker restart lives in storage. */
export function createHandlers(): Handlers {
  return {
    getStatus: async () => ({
      ok: true,
      connection: { state: 'disconnected' },
      version: browser.runtime.getManifest().version,
    }),
  };
}
