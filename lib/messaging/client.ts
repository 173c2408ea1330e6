import type { Send } from './contract';

/** A background that has not answered in this long is reported, never waited on forever. */
export const REPLY_TIMEOUT_MS = 30_000;

/**
 * Sends a request to the background and returns its reply. A background that cannot be reached
 * (extension reloaded, worker failing) or that does not answer becomes an `internal` error reply
 * rather than a throw.
 */
export const sendRequest: Send = async (request) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), REPLY_TIMEOUT_MS);
    });
    // The background is ours and answers by the contract; `ok` tells a reply from no answer.
    const reply = await Promise.race([browser.runtime.sendMessage(request), timeout]);
    if (reply && typeof reply === 'object' && 'ok' in reply) return reply;
    return { ok: false, error: { code: 'internal', message: 'The background sent no reply.' } };
  } catch (error) {
    return { ok: false, error: { code: 'internal', message: String(error) } };
  } finally {
    clearTimeout(timer);
  }
};
