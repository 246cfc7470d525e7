export interface LiveStream {
  events: Array<{ event: string; data: Record<string, unknown> }>;
  close(): void;
}

/** Follows GET /live as a client does, collecting its events until closed. */
export async function followLive(apiUrl: string, token: string): Promise<LiveStream> {
  const stop = new AbortController();
  const response = await fetch(`${apiUrl}/live`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: stop.signal,
  });
  if (response.status !== 200) throw new Error(`GET /live answered ${response.status}`);
  const events: LiveStream['events'] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted
    }
  })();
  return { events, close: () => stop.abort() };
}
