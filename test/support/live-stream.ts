export interface LiveStream {
  events: Array<{ event: string; data: Record<string, unknown> }>;
  /** The server ended the stream. */
  ended: boolean;
  close(): void;
}

/** Follows GET /live as a client does, collecting its events until it ends or is closed. */
export async function followLive(apiUrl: string, token: string): Promise<LiveStream> {
  const stop = new AbortController();
  const response = await fetch(`${apiUrl}/live`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: stop.signal,
  });
  const type = response.headers.get('content-type') ?? '';
  if (response.status !== 200 || !type.startsWith('text/event-stream'))
    throw new Error(`GET /live answered ${response.status} ${type}`);
  const stream: LiveStream = { events: [], ended: false, close: () => stop.abort() };
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
          if (event && data) stream.events.push({ event, data: JSON.parse(data) });
        }
      }
      stream.ended = true;
    } catch {
      // aborted
    }
  })();
  return stream;
}
