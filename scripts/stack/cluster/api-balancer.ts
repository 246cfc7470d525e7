import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertPortFree } from '../port';

/** Largest request body passed on; the API itself refuses more than 64 kB. */
const MAX_BODY_BYTES = 1 << 20;
/** A replica that refused a connection is passed over for this long. */
const DOWN_FOR_MS = 1000;
/** How often each replica's readiness is asked: a stopping one says no before it closes its port. */
const CHECK_EVERY_MS = 500;

/**
 * The API's one public port in front of its replicas, as a load balancer in front of a deployment.
 * Round robin over the replicas that answer /health/ready (a replica told to stop says no at once and
 * serves on for API_DRAIN_DELAY, so it leaves the rotation before its port closes); a replica that
 * refuses the connection (stopped, restarting) is skipped and the request goes to the next, so a
 * rolling restart loses nothing. When no replica is ready (a dependency away), all of them are tried.
 *
 * Each request gets a fresh connection to its replica (no keep-alive on that side): a request is then
 * never written into a connection the replica is just closing, and a refused connection proves that
 * nothing was sent. A replica that dies with the request in flight cannot be retried safely; the client
 * gets a 503 problem with Retry-After, and its Idempotency-Key makes the retry safe.
 *
 * Written here rather than taken from a library: what matters is exactly when a request may be sent
 * again (connection refused, nothing sent), which the proxies on npm leave to their callers anyway.
 */
export async function startApiBalancer({ port, replicaPorts }: { port: number; replicaPorts: number[] }) {
  await assertPortFree(port, 'the API');
  const downUntil = new Map<number, number>();
  const ready = new Set<number>(replicaPorts);
  const checks = setInterval(() => {
    for (const replica of replicaPorts)
      void fetch(`http://127.0.0.1:${replica}/health/ready`, {
        signal: AbortSignal.timeout(CHECK_EVERY_MS * 2),
      })
        .then((answer) => answer.ok)
        .catch(() => false)
        .then((ok) => (ok ? ready.add(replica) : ready.delete(replica)));
  }, CHECK_EVERY_MS);
  let next = 0;
  const stats = { requests: 0, retried: 0, failedInFlight: 0 };

  /** Replicas in the order to try them: round robin, the ready ones first, the ones just refused last. */
  const order = () => {
    const start = next++ % replicaPorts.length;
    const rotated = [...replicaPorts.slice(start), ...replicaPorts.slice(0, start)];
    const now = Date.now();
    const rank = (p: number) => (ready.has(p) ? 0 : 1) + ((downUntil.get(p) ?? 0) > now ? 2 : 0);
    return rotated.sort((a, b) => rank(a) - rank(b));
  };

  const server = http.createServer(async (req, res) => {
    stats.requests += 1;
    const body = await readBody(req).catch(() => undefined);
    if (body === undefined) return problem(res, 413, 'Content Too Large', 'the body is larger than 1 MB');
    for (const target of order()) {
      const outcome = await forward(req, res, body, target);
      if (outcome === 'done') return;
      if (outcome === 'refused') {
        downUntil.set(target, Date.now() + DOWN_FOR_MS);
        stats.retried += 1;
        continue;
      }
      stats.failedInFlight += 1;
      if (!res.headersSent)
        problem(
          res,
          503,
          'Service Unavailable',
          'the API replica stopped while handling this request; whether it took effect is unknown: send it again (with the same Idempotency-Key for an order)',
        );
      else res.destroy();
      return;
    }
    problem(res, 503, 'Service Unavailable', 'no API replica is up; nothing was sent to one, retry shortly');
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stats,
    async stop() {
      clearInterval(checks);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return reject(new Error('too large'));
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Sends one request to one replica: 'refused' when nothing reached it, 'lost' when it died mid-way. */
function forward(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: Buffer,
  target: number,
): Promise<'done' | 'refused' | 'lost'> {
  return new Promise((resolve) => {
    let connected = false;
    const upstream = http.request({
      host: '127.0.0.1',
      port: target,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, connection: 'close' },
      agent: false,
    });
    upstream.on('socket', (socket) => socket.once('connect', () => (connected = true)));
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.rawHeaders));
      answer.pipe(res);
      answer.on('end', () => resolve('done'));
      answer.on('error', () => resolve('lost'));
      // The client went away (an event stream closed): let the replica know.
      res.on('close', () => {
        upstream.destroy();
        resolve('done');
      });
    });
    upstream.on('error', () => resolve(connected ? 'lost' : 'refused'));
    upstream.end(body);
  });
}

/** The replica's `Connection: close` (asked for above) is about its own hop, not the client's. */
function withoutHopByHop(raw: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2)
    if (!/^(connection|keep-alive)$/i.test(raw[i]!)) kept.push(raw[i]!, raw[i + 1]!);
  return kept;
}

function problem(res: http.ServerResponse, status: number, title: string, detail: string) {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, {
    'content-type': 'application/problem+json',
    ...(status === 503 ? { 'retry-after': '1' } : {}),
  });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}
