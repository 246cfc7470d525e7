import type { Config } from '../../../platform/config';

/** Every app process of the cluster profile runs this many times; the payment gateway stand-in once. */
export const REPLICAS = 2;

/**
 * The ports of replica `n` (1-based). Replica 1 keeps the ports people and scripts know (the operator
 * port 9101 the Web UI decrypts through, the metrics ports 9102-9107); replica 2 takes the same ports
 * plus 10. The API replicas listen on the public port plus 10 × n (3010, 3020), behind the public port
 * itself (3000, the balancer).
 */
export function replicaPorts(config: Config, n: number) {
  const shift = (port: number) => port + 10 * (n - 1);
  return {
    api: config.api.port + 10 * n,
    operator: shift(config.operator.port),
    orderWorker: shift(config.metrics.orderWorker),
    apiWorker: shift(config.metrics.apiWorker),
    outboxRelay: shift(config.metrics.outboxRelay),
    projector: shift(config.metrics.projector),
    notifier: shift(config.notifier.metricsPort),
  };
}

/** What replica `n` of every app process gets in its environment: its own ports, its own name. */
export function replicaEnv(config: Config, n: number): Record<string, string> {
  const ports = replicaPorts(config, n);
  return {
    PORT: String(ports.api),
    // Told to stop, an API replica leaves the balancer's rotation before its port closes.
    API_DRAIN_DELAY: '2s',
    // Links the API writes (e-mails, the dashboard) name the public port, not the replica's.
    PUBLIC_URL: config.mail.publicUrl,
    API_URL: config.api.url,
    API_METRICS_PORT: String(ports.operator),
    API_WORKER_METRICS_PORT: String(ports.apiWorker),
    ORDER_WORKER_METRICS_PORT: String(ports.orderWorker),
    OUTBOX_RELAY_METRICS_PORT: String(ports.outboxRelay),
    PROJECTOR_METRICS_PORT: String(ports.projector),
    NOTIFIER_METRICS_PORT: String(ports.notifier),
  };
}

/** Where each app process of replica `n` answers when it is up: what a rolling restart waits for. */
export function readinessUrl(config: Config, entry: string, n: number): string {
  const ports = replicaPorts(config, n);
  const port: Record<string, number> = {
    'api/server.ts': ports.api,
    'workers/order-worker.ts': ports.orderWorker,
    'workers/outbox-relay.ts': ports.outboxRelay,
    'workers/projector.ts': ports.projector,
    'workers/notifier.ts': ports.notifier,
  };
  const path = entry === 'api/server.ts' ? '/health/ready' : '/metrics';
  return `http://127.0.0.1:${port[entry]}${path}`;
}
