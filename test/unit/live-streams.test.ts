import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { atExpiry, streamSlots, writeOrDrop } from '../../api/live-streams';
import { HttpProblem } from '../../api/problem';

const refusal = (admit: () => unknown) => {
  try {
    admit();
  } catch (error) {
    return error as HttpProblem;
  }
  throw new Error('admitted');
};

test('a caller past its own cap gets 429 while other callers are still admitted', () => {
  const slots = streamSlots({ streamsPerCaller: 2, streamsTotal: 10 });
  slots.admit('alice');
  const release = slots.admit('alice');
  const refused = refusal(() => slots.admit('alice'));
  expect(refused).toBeInstanceOf(HttpProblem);
  expect(refused.status).toBe(429);
  expect(refused.headers['Retry-After']).toMatch(/^\d+$/);
  expect(refused.extra).toMatchObject({ limit: 'LIVE_STREAMS_PER_CALLER', max: 2 });
  expect(() => slots.admit('bob')).not.toThrow();

  release();
  release(); // a second release gives back nothing more
  expect(() => slots.admit('alice')).not.toThrow();
  expect(refusal(() => slots.admit('alice')).status).toBe(429);
});

test('the process past its total cap answers 503 with Retry-After to everyone', () => {
  const slots = streamSlots({ streamsPerCaller: 5, streamsTotal: 2 });
  slots.admit('alice');
  const release = slots.admit('bob');
  const refused = refusal(() => slots.admit('carol'));
  expect(refused.status).toBe(503);
  expect(refused.headers['Retry-After']).toMatch(/^\d+$/);
  expect(refused.extra).toMatchObject({ limit: 'LIVE_STREAMS_TOTAL', max: 2 });
  release();
  expect(() => slots.admit('carol')).not.toThrow();
  expect(slots.open).toBe(2);
});

test('a reader that stops reading is dropped once its unread bytes pass the bound', async () => {
  let response: ServerResponse | undefined;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    response = res;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A raw client that sends its request and then never reads a byte.
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  socket.pause();
  socket.write('GET /live HTTP/1.1\r\nHost: test\r\n\r\n');
  try {
    await until(() => response !== undefined);
    const event = `event: order\ndata: ${JSON.stringify({ pad: 'x'.repeat(1000) })}\n\n`;
    let written = 0;
    // Far more than any kernel socket buffer holds: the stream must give up long before the end.
    while (written < 100_000 && writeOrDrop(response!, event, 64 * 1024)) written += 1;
    expect(written).toBeLessThan(100_000);
    expect(response!.destroyed).toBe(true);
    expect(writeOrDrop(response!, event, 64 * 1024)).toBe(false);
  } finally {
    socket.destroy();
    server.close();
    await once(server, 'close');
  }
});

test('a reader that keeps up is never dropped', async () => {
  let response: ServerResponse | undefined;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' }).flushHeaders();
    response = res;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const body = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/live`);
  const reading = (async () => {
    let bytes = 0;
    for await (const chunk of body.body!) bytes += (chunk as Uint8Array).length;
    return bytes;
  })();
  try {
    await until(() => response !== undefined);
    for (let i = 0; i < 200; i++) {
      expect(writeOrDrop(response!, `event: order\ndata: {"n":${i}}\n\n`, 64 * 1024)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
    }
    response!.end();
    expect(await reading).toBeGreaterThan(200 * 20);
  } finally {
    server.close();
  }
});

test('the expiry callback runs when the token expires, and not once cancelled', async () => {
  const expired = jest.fn();
  atExpiry(Date.now() + 50, expired);
  const cancelled = jest.fn();
  atExpiry(Date.now() + 50, cancelled)();
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(expired).toHaveBeenCalledTimes(1);
  expect(cancelled).not.toHaveBeenCalled();
});

async function until(condition: () => boolean) {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!condition()) throw new Error('condition never held');
}
