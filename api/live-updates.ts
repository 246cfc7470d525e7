import type { Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { Client } from 'pg';
import { Counter, Gauge, type Registry } from 'prom-client';
import { READ_MODEL_CHANGES, type ReadModelChange } from '../projections';
import type { Logger } from '../platform/logger';
import type { Principal } from './auth';
import { SellerNotices } from './seller-view';
import { atExpiry, streamSlots, writeOrDrop, type StreamLimits } from './live-streams';
import { unauthorized, unavailable } from './problem';

/** A comment line this often keeps proxies from closing an idle stream, and finds dead clients. */
const HEARTBEAT_MS = 15_000;
const RELISTEN_AFTER_MS = 1_000;

interface Subscriber {
  principal: Principal;
  res: Response;
}

interface ChangedOrder {
  order_id: string;
  customer_id: string;
  status: string;
  /** Each seller with lines in the order, and whether those lines have shipped. */
  sellers: Record<string, boolean> | null;
}

/**
 * Server-Sent Events fed by the read models: the projector NOTIFYs in the transaction that applied a
 * batch, so a client told "order X changed" reads the change when it asks. Each subscriber hears only of
 * the orders its principal may see (its own; a seller's, with their products; every order for an ADMIN)
 * and of catalog changes, which are public. One LISTEN connection serves every stream of this process.
 * Streams are bounded: so many per caller and in total, so many unread bytes each, and no longer than
 * the token they were opened with.
 */
export function createLiveUpdates({
  db,
  databaseUrl,
  logger,
  limits,
  registry,
}: {
  db: Knex;
  databaseUrl: string;
  logger: Logger;
  limits: StreamLimits;
  registry?: Registry;
}) {
  const subscribers = new Set<Subscriber>();
  const sellerNotices = new WeakMap<Response, SellerNotices>();
  const slots = streamSlots(limits);
  const metrics = liveMetrics(registry, () => slots.open);
  let listener: Client | undefined;
  let stopped = false;
  let relisten: NodeJS.Timeout | undefined;

  async function listen() {
    if (stopped) return;
    const client = new Client({ connectionString: databaseUrl, application_name: 'api-live-updates' });
    client.on('notification', (message) => {
      if (!message.payload) return;
      fanOut(JSON.parse(message.payload) as ReadModelChange).catch((error) =>
        logger.warn('live update not delivered', { error: (error as Error).message }),
      );
    });
    // A lost connection (PostgreSQL restarted) is opened again; streams stay open meanwhile.
    client.on('error', () => scheduleRelisten(client));
    client.on('end', () => scheduleRelisten(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${READ_MODEL_CHANGES}`);
      listener = client;
    } catch (error) {
      logger.warn('live updates cannot listen yet', { error: (error as Error).message });
      scheduleRelisten(client);
    }
  }

  function scheduleRelisten(client: Client) {
    if (stopped || relisten) return;
    if (listener === client) listener = undefined;
    client.end().catch(() => undefined);
    relisten = setTimeout(() => {
      relisten = undefined;
      void listen();
    }, RELISTEN_AFTER_MS);
  }

  async function fanOut(change: ReadModelChange) {
    if (subscribers.size === 0) return;
    // Which products changed, so that a dashboard fetches those only; without the list, all of them.
    const catalog = change.products ? { productIds: change.products } : {};
    if (change.catalog) for (const s of subscribers) send(s.res, 'catalog', catalog);
    if (change.orders.length === 0) return;
    const orders: ChangedOrder[] = await db('read_models.order_summaries as s')
      .whereIn('s.order_id', change.orders)
      .whereNotNull('s.customer_id')
      .select(
        's.order_id',
        's.customer_id',
        's.status',
        db.raw(
          '(select json_object_agg(seller_id, shipped_at is not null) from read_models.order_sellers os where os.order_id = s.order_id) as sellers',
        ),
      );
    for (const subscriber of subscribers)
      for (const order of orders)
        if (maySee(subscriber.principal, order) && partChanged(subscriber, order))
          send(subscriber.res, 'order', { id: order.order_id, status: order.status });
  }

  /** A seller hears of an order only when its own part changed; the other roles of every change. */
  function partChanged({ principal, res }: Subscriber, order: ChangedOrder): boolean {
    if (principal.role !== 'SELLER') return true;
    const notices = sellerNotices.get(res) ?? new SellerNotices();
    sellerNotices.set(res, notices);
    return notices.changed(order.order_id, order.status, order.sellers![principal.subject]!);
  }

  const stream: RequestHandler = (req: Request, res: Response) => {
    if (stopped) throw unavailable('this API process is stopping; connect again', 1);
    const principal = req.principal!;
    // The verifier allows for clock skew; a stream, which ends at `exp`, must not restart past it.
    if (principal.expiresAt !== undefined && principal.expiresAt <= Date.now())
      throw unauthorized('the bearer token has expired; sign in again');
    let release: () => void;
    try {
      release = slots.admit(principal.subject);
    } catch (refusal) {
      metrics.refused.inc({ status: String((refusal as { status?: number }).status) });
      throw refusal;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // HEAD (which express routes here too) learns the headers; a stream would never end for it.
    if (req.method === 'HEAD') return void (release(), res.end());
    res.write('retry: 2000\n\n');
    send(res, 'ready', { live: listener !== undefined });
    const subscriber = { principal, res };
    subscribers.add(subscriber);
    const heartbeat = setInterval(() => send(res, undefined), HEARTBEAT_MS);
    // The client reconnects with the token it has then: a fresh one, or an expired one that gets 401.
    const cancelExpiry = atExpiry(principal.expiresAt, () => {
      metrics.ended.inc({ reason: 'token_expired' });
      res.end();
    });
    res.on('close', () => {
      clearInterval(heartbeat);
      cancelExpiry();
      release();
      subscribers.delete(subscriber);
    });
  };

  /** An event, or a heartbeat comment without one; a reader that stopped reading is dropped. */
  function send(res: Response, event: string | undefined, data: object = {}) {
    const chunk = event ? `event: ${event}\ndata: ${JSON.stringify(data)}\n\n` : ': keep-alive\n\n';
    const wasOpen = !res.destroyed && !res.writableEnded;
    if (!writeOrDrop(res, chunk, limits.bufferBytes) && wasOpen) metrics.ended.inc({ reason: 'slow_reader' });
  }

  void listen();
  return {
    stream,
    /** Ends every open stream (clients reconnect elsewhere) so the server can close. */
    async stop() {
      stopped = true;
      clearTimeout(relisten);
      for (const { res } of subscribers) res.end();
      subscribers.clear();
      await listener?.end().catch(() => undefined);
    },
  };
}

function maySee(principal: Principal, order: ChangedOrder): boolean {
  if (principal.role === 'ADMIN') return true;
  if (principal.role === 'USER') return order.customer_id === principal.subject;
  return Object.hasOwn(order.sellers ?? {}, principal.subject);
}

function liveMetrics(registry: Registry | undefined, open: () => number) {
  const registers = registry ? [registry] : [];
  new Gauge({
    name: 'live_streams_open',
    help: 'Open GET /live streams of this API process',
    registers,
    collect() {
      this.set(open());
    },
  });
  return {
    refused: new Counter({
      name: 'live_streams_refused_total',
      help: 'GET /live streams refused by status: 429 a caller over its cap, 503 the process at its cap',
      labelNames: ['status'],
      registers,
    }),
    ended: new Counter({
      name: 'live_streams_ended_total',
      help: 'GET /live streams the server ended, by reason (token_expired, slow_reader)',
      labelNames: ['reason'],
      registers,
    }),
  };
}

export type LiveUpdates = ReturnType<typeof createLiveUpdates>;
