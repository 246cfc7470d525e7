import { randomUUID } from 'node:crypto';
import { startApi } from '../../api/server';
import { parseConfig, type Config } from '../../platform/config';
import { createDb, type Db } from '../../platform/db';
import { createKafka } from '../../platform/kafka';
import { createLogger } from '../../platform/logger';
import { TOPICS } from '../../contracts/events';
import { startOutboxRelay } from '../../outbox';
import { createRelayMetrics } from '../../outbox/relay-metrics';
import { createConsumerMetrics } from '../../platform/event-consumer';
import { serveMetrics } from '../../platform/metrics-server';
import { startProjector } from '../../projections';
import { startOrderWorker } from '../../workers/order-worker';
import { startPaymentGateway, type RunningPaymentGateway } from '../../workers/payment-gateway';

export interface AppHarness {
  config: Config;
  db: Db;
  apiUrl: string;
  /** The API's operator port: /metrics and the payload codec. */
  operatorUrl: string;
  gatewayUrl: string;
  /** Stops the payment gateway, as a crash would; its books stay in the database. */
  stopGateway(): Promise<void>;
  /** Starts it again on the same port and the same books. */
  startGateway(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole application in this test process, on the real stack from the global setup: gateway mock,
 * order worker (on a task queue of its own), outbox relay, projector and API on free ports.
 */
export async function startAppHarness(
  env: Record<string, string> = {},
  {
    codecForWebUi = false,
    pipelineMetrics = false,
  }: {
    /** Serve the payload codec on the port the stack's Web UI calls (one harness at a time may). */
    codecForWebUi?: boolean;
    /** Serve the relay's and projector's metrics on free ports, for the API's pipeline view. */
    pipelineMetrics?: boolean;
  } = {},
): Promise<AppHarness> {
  const logger = createLogger('warn');
  let gateway: RunningPaymentGateway | undefined = await startPaymentGateway({
    port: 0,
    slowDelayMs: 300,
    logger,
  });
  const gatewayPort = Number(new URL(gateway.url).port);
  const settings = {
    ...process.env,
    TEMPORAL_TASK_QUEUE: `orders-${randomUUID()}`,
    PAYMENT_GATEWAY_URL: gateway.url,
    // Tests share two cores with other suites (one runs a whole second stack): a burst of orders there
    // is not overload, and must not be shed. Shedding has tests of its own.
    ORDER_ADMISSION_MAX_WAIT: '60s',
    ORDER_ADMISSION_MAX_BACKLOG_AGE: '10m',
    // Tests place and poll orders of one customer far faster than a shopper would; the per-caller limits
    // have tests of their own (fair-admission), which set them.
    ORDER_RATE_PER_CALLER: '1000000/1m',
    ORDER_CARD_ATTEMPTS_PER_CALLER: '1000000/1m',
    ORDER_QUERY_RATE_PER_CALLER: '1000000/1m',
    ORDER_IN_FLIGHT_PER_CALLER: '10000',
    ...env,
  };
  let config = parseConfig(settings);
  const db = createDb(config.postgres.url, { max: 20 });
  const kafka = createKafka(config.kafka, `test-${randomUUID()}`);
  const projectorGroup = `read-models-${randomUUID()}`;
  const metrics = pipelineMetrics ? await servePipelineMetrics(db, kafka, projectorGroup) : undefined;
  if (metrics) config = parseConfig({ ...settings, ...metrics.env });
  const worker = await startOrderWorker({ config, logger });
  const relay = await startOutboxRelay({
    db,
    kafka,
    logger,
    topics: { partitions: config.kafka.topicPartitions },
    ...(metrics ? { observer: metrics.relay } : {}),
  });
  metrics?.setOwnedShards(() => relay.stats().ownedShards);
  const projector = await startProjector({
    db,
    kafka,
    logger,
    groupId: projectorGroup,
    ...(metrics ? { observer: metrics.projector } : {}),
  });
  await projector.joined;
  const api = await startApi({
    config,
    logger,
    port: 0,
    ...(codecForWebUi ? { operatorPort: config.operator.port } : {}),
  });
  return {
    config,
    db,
    apiUrl: api.url,
    operatorUrl: api.operatorUrl,
    gatewayUrl: gateway.url,
    async stopGateway() {
      await gateway?.stop();
      gateway = undefined;
    },
    async startGateway() {
      gateway ??= await startPaymentGateway({ port: gatewayPort, slowDelayMs: 300, logger });
    },
    async stop() {
      await api.stop();
      await worker.stop();
      await Promise.all([relay.stop(), projector.stop()]);
      await metrics?.stop();
      await gateway?.stop();
      await db.destroy();
    },
  };
}

/** The relay's and the projector's metrics, as their processes serve them, on free ports. */
async function servePipelineMetrics(db: Db, kafka: ReturnType<typeof createKafka>, groupId: string) {
  let ownedShards = () => 0;
  const relay = createRelayMetrics(db, () => ownedShards());
  const admin = kafka.admin();
  await admin.connect();
  const projector = createConsumerMetrics({
    prefix: 'projector',
    groupId,
    topics: Object.values(TOPICS),
    admin,
  });
  const servers = [await serveMetrics(relay.registry, 0), await serveMetrics(projector.registry, 0)];
  const [relayPort, projectorPort] = servers.map((server) => new URL(server.url).port);
  return {
    relay,
    projector: projector.observer,
    env: { OUTBOX_RELAY_METRICS_PORT: relayPort!, PROJECTOR_METRICS_PORT: projectorPort! },
    setOwnedShards: (count: () => number) => (ownedShards = count),
    async stop() {
      await Promise.all(servers.map((server) => server.stop()));
      await admin.disconnect();
    },
  };
}
