import { useEffect, useRef, useState } from 'react';
import { authHeader, sessionExpired } from './api/client';

/** A `catalog` event names the products that changed; without `productIds` any may have. */
export type LiveEvent =
  { type: 'order'; id: string; status: string } | { type: 'catalog'; productIds?: string[] };
export type LiveState = 'connecting' | 'live' | 'offline';

const RETRY_MS = 2000;
/** Longest pause a refusal's Retry-After may ask for; the stream matters more than the exact figure. */
const MAX_RETRY_MS = 60_000;

/**
 * Follows `GET /live` (Server-Sent Events) for as long as the component is mounted, reconnecting after
 * a drop. Read with fetch, not EventSource, because EventSource cannot send the bearer token. The
 * server ends a stream when its token expires: the reconnect then answers 401, which ends the session.
 */
export function useLive(onEvent: (event: LiveEvent) => void, enabled = true): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    if (!enabled) return;
    const stop = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;

    async function connect() {
      let wait = RETRY_MS;
      try {
        const response = await fetch('/live', {
          headers: { Accept: 'text/event-stream', ...authHeader() },
          signal: stop.signal,
        });
        if (response.status === 401) return sessionExpired();
        // Refused for now (too many streams of this caller, or of everyone): come back when told.
        const retryAfterS = Number(response.headers.get('Retry-After'));
        if (retryAfterS > 0) wait = Math.min(retryAfterS * 1000, MAX_RETRY_MS);
        if (!response.ok || !response.body) throw new Error(`live updates answered ${response.status}`);
        setState('live');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        if (stop.signal.aborted) return;
      }
      setState('offline');
      retry = setTimeout(connect, wait);
    }

    function dispatch(block: string) {
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trim();
      }
      if (event === 'order')
        handler.current({ type: 'order', ...(JSON.parse(data) as { id: string; status: string }) });
      else if (event === 'catalog')
        handler.current({ type: 'catalog', ...(JSON.parse(data) as { productIds?: string[] }) });
    }

    void connect();
    return () => {
      stop.abort();
      clearTimeout(retry);
    };
  }, [enabled]);

  return state;
}
