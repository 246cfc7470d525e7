import { useEffect, useRef, useState } from 'react';
import { authHeader } from './api/client';

export type LiveEvent = { type: 'order'; id: string; status: string } | { type: 'catalog' };
export type LiveState = 'connecting' | 'live' | 'offline';

/**
 * Follows `GET /live` (Server-Sent Events) for as long as the component is mounted, reconnecting after
 * a drop. Read with fetch, not EventSource, because EventSource cannot send the bearer token.
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
      try {
        const response = await fetch('/live', {
          headers: { Accept: 'text/event-stream', ...authHeader() },
          signal: stop.signal,
        });
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
      retry = setTimeout(connect, 2000);
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
      else if (event === 'catalog') handler.current({ type: 'catalog' });
    }

    void connect();
    return () => {
      stop.abort();
      clearTimeout(retry);
    };
  }, [enabled]);

  return state;
}
