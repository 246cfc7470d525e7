import { Router } from 'express';
import type { Knex } from 'knex';
import { StartDrill, type Overview, type Pipeline } from '../../contracts/admin';
import { ORDER_STATUSES, type OrderStatus } from '../../contracts/order';
import type { Config } from '../../platform/config';
import { histogramMean, parsePrometheusText, total, type Sample } from '../../platform/prometheus-text';
import { workflowIdFor } from '../../workflows/definitions';
import { requireRole } from '../auth';
import { unavailable } from '../problem';
import { parse } from '../validate';

const CHART_MINUTES = 30;
const SCRAPE_TIMEOUT_MS = 2_000;

/** ADMIN only: the order flow, the event pipeline's health, and the payment gateway's failure drill. */
export function adminRouter({ db, config }: { db: Knex; config: Config }): Router {
  const router = Router();
  router.use(requireRole('ADMIN'));

  router.get('/overview', async (_req, res) => {
    const overview: Overview = {
      countsByStatus: await countsByStatus(db),
      placedPerMinute: await placedPerMinute(db, CHART_MINUTES),
      temporalUi: {
        url: config.temporal.uiUrl,
        namespace: config.temporal.namespace,
        workflowIdPrefix: workflowIdFor(''),
      },
    };
    res.json(overview);
  });

  const recentMean = createRecentMean();
  router.get('/pipeline', async (_req, res) => {
    res.json(await readPipeline(config, recentMean));
  });

  // The drill lives in the payment gateway mock, behind a key of its own that only the API holds: the
  // API has checked the ADMIN's token above, and the token's keys never leave the API.
  // Reads the drill's state, or with `start` changes it.
  const drill = async (start?: object) => {
    const { drillKey } = config.paymentGateway;
    if (!drillKey) throw unavailable('failure drills are off here: PAYMENT_DRILL_KEY is not set');
    const authorization = `Bearer ${drillKey}`;
    const response = await fetch(`${config.paymentGateway.url}/admin/drill`, {
      ...(start
        ? {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/json' },
            body: JSON.stringify(start),
          }
        : { headers: { authorization } }),
      signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS),
    }).catch(() => {
      throw unavailable('the payment gateway does not answer; no drill was changed');
    });
    const body = (await response.json()) as { detail?: string };
    if (!response.ok) throw unavailable(`the payment gateway refused the drill: ${String(body.detail)}`);
    return body;
  };
  router.get('/payment-drill', async (_req, res) => {
    res.json(await drill());
  });
  router.post('/payment-drill', async (req, res) => {
    res.json(await drill(parse(StartDrill, req.body)));
  });

  return router;
}

async function countsByStatus(db: Knex): Promise<Record<OrderStatus, number>> {
  const rows: Array<{ status: OrderStatus; n: string }> = await db('read_models.order_summaries')
    .whereNotNull('customer_id')
    .groupBy('status')
    .select('status', db.raw('count(*) as n'));
  const counts = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0])) as Record<
    OrderStatus,
    number
  >;
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

async function placedPerMinute(db: Knex, minutes: number): Promise<Overview['placedPerMinute']> {
  const { rows } = await db.raw<{ rows: Array<{ minute: Date; placed: string }> }>(
    `select m.minute, count(s.order_id) as placed
       from generate_series(date_trunc('minute', now()) - make_interval(mins => ?), date_trunc('minute', now()), '1 minute') as m(minute)
       left join read_models.order_summaries s
         on s.customer_id is not null and date_trunc('minute', s.created_at) = m.minute
      group by m.minute order by m.minute`,
    [minutes - 1],
  );
  return rows.map((row) => ({ minute: row.minute.toISOString(), placed: Number(row.placed) }));
}

/** Scrapes the relay, projector and notifier: the figures are theirs, not computed again here. */
/**
 * A histogram's mean over the time since the previous read (the admin page reads every few seconds),
 * from the differences of its cumulative sum and count; the mean over the process's life on a first
 * read, or when nothing was observed since. A lifetime mean would be ruled by whatever backlog the
 * process found when it started.
 */
function createRecentMean(windowMs = 60_000) {
  const previous = new Map<string, { at: number; sum: number; count: number }>();
  return (samples: Sample[], name: string): number | undefined => {
    const sum = total(samples, `${name}_sum`);
    const count = total(samples, `${name}_count`);
    if (sum === undefined || !count) return undefined;
    const before = previous.get(name);
    previous.set(name, { at: Date.now(), sum, count });
    if (before && Date.now() - before.at < windowMs && count > before.count)
      return (sum - before.sum) / (count - before.count);
    return histogramMean(samples, name);
  };
}

async function readPipeline(
  config: Config,
  recentMean: ReturnType<typeof createRecentMean>,
): Promise<Pipeline> {
  const host = config.metrics.host === '0.0.0.0' ? '127.0.0.1' : config.metrics.host;
  const targets = [
    ['outbox-relay', config.metrics.outboxRelay],
    ['projector', config.metrics.projector],
    ['notifier', config.notifier.metricsPort],
  ] as const;
  const scraped = await Promise.all(
    targets.map(async ([process, port]) => {
      const url = `http://${host}:${port}/metrics`;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
        if (!response.ok) throw new Error(`answered ${response.status}`);
        return { process, url, up: true, samples: parsePrometheusText(await response.text()) };
      } catch (error) {
        return { process, url, up: false, error: (error as Error).message, samples: [] as Sample[] };
      }
    }),
  );
  const [relay, projector, notifier] = scraped.map((s) => s.samples) as [Sample[], Sample[], Sample[]];
  // A labelled counter has no sample before its first increment: zero, when its process answered.
  const counted = (up: boolean | undefined, value: number | undefined) => value ?? (up ? 0 : undefined);
  const ms = (seconds: number | undefined) =>
    seconds === undefined ? undefined : Math.round(seconds * 10_000) / 10;
  const defined = <T extends object>(value: T) =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
  return {
    sources: scraped.map(({ samples: _, ...source }) => source),
    outboxBacklog: relay
      .filter((s) => s.name === 'outbox_backlog')
      .map((s) => ({ table: s.labels.table ?? '', rows: s.value })),
    ...defined({
      publishLagMs: ms(recentMean(relay, 'outbox_publish_lag_seconds')),
      publishErrors: total(relay, 'outbox_publish_errors_total'),
      projectorLagMessages: total(projector, 'projector_consumer_lag'),
      projectorEventLagMs: ms(recentMean(projector, 'projector_event_lag_seconds')),
      deadLettered: counted(scraped[1]?.up, total(projector, 'projector_events_dead_lettered_total')),
      emailsFailed: counted(scraped[2]?.up, total(notifier, 'notifier_emails_failed_total')),
    }),
  };
}
