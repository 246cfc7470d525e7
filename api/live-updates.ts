import type { Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { Client } from 'pg';
import { READ_MODEL_CHANGES, type ReadModelChange } from '../projections';
import type { Logger } from '../platform/logger';
import type { Principal } from './auth';
import { unavailable } from './problem';

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
  seller_ids: string[] | null;
}

/**
 * Server-Sent Events fed by the read models: the projector NOTIFYs in the transaction that applied a
 * batch, so a client told "order X changed" reads the change when it asks. Each subscriber hears only of
 * the orders its principal may see (its own; a seller's, with their products; every order for an ADMIN)
 * and of catalog changes, which are public. One LISTEN connection serves every stream of this process.
 */
export function createLiveUpdates({
  db,
  databaseUrl,
  logger,
}: {
  db: Knex;
  databaseUrl: string;
  logger: Logger;
}) {
  const subscribers = new Set<Subscriber>();
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
    if (change.catalog) for (const s of subscribers) send(s.res, 'catalog', {});
    if (change.orders.length === 0) return;
    const orders: ChangedOrder[] = await db('read_models.order_summaries as s')
      .whereIn('s.order_id', change.orders)
      .whereNotNull('s.customer_id')
      .select(
        's.order_id',
        's.customer_id',
        's.status',
        db.raw(
          '(select array_agg(seller_id) from read_models.order_sellers os where os.order_id = s.order_id) as seller_ids',
        ),
      );
    for (const subscriber of subscribers)
      for (const order of orders)
        if (maySee(subscriber.principal, order))
          send(subscriber.res, 'order', { id: order.order_id, status: order.status });
  }

  const stream: RequestHandler = (req: Request, res: Response) => {
    if (stopped) throw unavailable('this API process is stopping; connect again', 1);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // HEAD (which express routes here too) learns the headers; a stream would never end for it.
    if (req.method === 'HEAD') return void res.end();
    res.write('retry: 2000\n\n');
    send(res, 'ready', { live: listener !== undefined });
    const subscriber = { principal: req.principal!, res };
    subscribers.add(subscriber);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      subscribers.delete(subscriber);
    });
  };

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
  return (order.seller_ids ?? []).includes(principal.subject);
}

function send(res: Response, event: string, data: object) {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export type LiveUpdates = ReturnType<typeof createLiveUpdates>;
