import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCatalogActivities } from '../activities/catalog';
import { requirePayloadKeys, requireTokenKeys, type Config } from '../platform/config';
import { EncryptionCodec } from '../platform/payload-codec';
import { SESSION_LIMITS, createDb } from '../platform/db';
import { createKafka } from '../platform/kafka';
import type { Logger } from '../platform/logger';
import { runProcess } from '../platform/run-process';
import { connectApiClient, installTemporalRuntime } from '../platform/temporal';
import { startSubmissionReconciler } from './submission-reconciler';
import { createApp } from './app';
import { startEagerStarter } from './eager-start';
import { createLiveUpdates } from './live-updates';
import { createMetrics } from './metrics';
import { startOperatorServer } from './operator-server';
import { createOrderService } from './order-service';
import { watchWorkflowBacklog } from './workflow-backlog';

/** Starts the HTTP API; `stop` stops accepting, lets in-flight requests finish, then closes connections. */
export async function startApi({
  config,
  logger,
  port = config.api.port,
  // A caller that takes any free API port (a test) takes any free operator port too.
  operatorPort = port === 0 ? 0 : config.operator.port,
}: {
  config: Config;
  logger: Logger;
  port?: number;
  /** Where /metrics and the payload codec are served; tests pass 0. */
  operatorPort?: number;
}) {
  requireTokenKeys(config);
  // Each order placement holds a connection while its saga starts: room for all of them, and the reads.
  const db = createDb(config.postgres.url, {
    max: config.admission.concurrency + 10,
    limits: SESSION_LIMITS.api,
  });
  const { client, close: closeTemporal } = await connectApiClient(config);
  const eager = config.api.eagerStart ? await startEagerStarter({ config, logger }) : undefined;
  const backlog = watchWorkflowBacklog({ client, taskQueue: config.temporal.taskQueue, logger });
  const reconciler = startSubmissionReconciler({ db, client, logger, reachable: backlog.reachable });
  const kafkaAdmin = createKafka(config.kafka, 'order-api').admin();
  await kafkaAdmin.connect().catch(() => undefined);
  const metrics = createMetrics(db);
  const operator = await startOperatorServer({
    port: operatorPort,
    host: config.operator.host,
    metrics: metrics.endpoint,
    // Shows any payload, older plain ones too; it never feeds a workflow.
    codec: new EncryptionCodec(requirePayloadKeys(config), { acceptPlain: true }),
    uiOrigins: config.operator.uiOrigins,
    hostNames: config.operator.hostNames,
    ...(config.operator.codecOpen ? {} : { operators: config.jwt }),
    logger,
  });
  const live = createLiveUpdates({
    db,
    databaseUrl: config.postgres.url,
    logger,
    limits: config.live,
    registry: metrics.registry,
  });
  let stopping = false;
  const app = createApp({
    config,
    logger,
    db,
    metrics,
    live,
    orders: createOrderService({
      db,
      client,
      ...(eager ? { eagerStarter: eager.client } : {}),
      config,
      backlogAgeMs: backlog.ageMs,
      temporalReachable: backlog.reachable,
      observer: metrics.orders,
    }),
    catalog: createCatalogActivities({ db, productsPerSeller: config.catalog.productsPerSeller }),
    readiness: {
      // Stopping: out of a balancer's rotation first (API_DRAIN_DELAY), then the port closes.
      serving: async () => {
        if (stopping) throw new Error('this API process is stopping');
      },
      postgres: () => db.raw('select 1'),
      temporal: () => client.connection.workflowService.getSystemInfo({}),
      // connect() is a no-op when connected and reconnects after an outage.
      kafka: () => kafkaAdmin.connect().then(() => kafkaAdmin.describeCluster()),
    },
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) =>
    server.once('error', reject).listen(port, config.api.host, resolve),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  logger.info('api listening', { url });
  return {
    url,
    operatorUrl: operator.url,
    async stop() {
      stopping = true;
      if (config.api.drainDelayMs > 0)
        await new Promise((resolve) => setTimeout(resolve, config.api.drainDelayMs));
      await operator.stop();
      // Open event streams would keep the server from closing; their clients reconnect.
      await live.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      backlog.stop();
      await reconciler.stop();
      await eager?.stop();
      await Promise.allSettled([kafkaAdmin.disconnect(), closeTemporal(), db.destroy()]);
    },
  };
}

if (require.main === module)
  runProcess('api', async (config, logger) => {
    // What production needs, checked before anything starts: a missing setting is one line, nothing else.
    requireTokenKeys(config);
    requirePayloadKeys(config);
    // Installed before the first connection: the SDK serves its own worker's metrics on a port of theirs.
    if (config.api.eagerStart)
      installTemporalRuntime(config.logLevel, `${config.metrics.host}:${config.metrics.apiWorker}`);
    return startApi({ config, logger });
  });
