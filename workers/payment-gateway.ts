import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayApp } from '../payment-gateway';
import { loadConfig, requireMerchantKey } from '../platform/config';
import { createDb } from '../platform/db';
import type { Logger } from '../platform/logger';
import { serveMetrics } from '../platform/metrics-server';
import { runProcess } from '../platform/run-process';
import { createGatewayMetrics } from '../payment-gateway/gateway-metrics';

export interface PaymentGatewayOptions {
  /** Where the gateway keeps its books (its own schema); the stack's database by default. */
  databaseUrl?: string;
  /** 0 picks a free port; the returned url carries the real one. */
  port: number;
  /** Loopback by default; a container sets 0.0.0.0. */
  host?: string;
  slowDelayMs?: number;
  logger: Logger;
  /** Serves the gateway's /metrics on this port when set. */
  metricsPort?: number;
  metricsHost?: string;
  /** The merchant key every /v1 call must carry, and the failure drills' key; the configuration's by default. */
  apiKey?: string;
  drillKey?: string;
}

export interface RunningPaymentGateway {
  url: string;
  stop(): Promise<void>;
}

export async function startPaymentGateway({
  port,
  host = '127.0.0.1',
  slowDelayMs,
  logger,
  databaseUrl = loadConfig().postgres.url,
  metricsPort,
  metricsHost,
  apiKey = requireMerchantKey(loadConfig()),
  drillKey = loadConfig().paymentGateway.drillKey,
}: PaymentGatewayOptions): Promise<RunningPaymentGateway> {
  const db = createDb(databaseUrl, { max: 10 });
  const metrics = createGatewayMetrics();
  const metricsServer =
    metricsPort === undefined ? undefined : await serveMetrics(metrics.registry, metricsPort, metricsHost);
  const server = createServer(
    createGatewayApp({ db, logger, slowDelayMs, metrics: metrics.middleware, apiKey, drillKey }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    // close() lets in-flight requests (a slow charge) finish; idle keep-alive sockets are dropped.
    async stop() {
      await metricsServer?.stop();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
      await db.destroy();
    },
  };
}

if (require.main === module) {
  runProcess('payment-gateway', async (config, logger) => {
    const gateway = await startPaymentGateway({
      port: config.paymentGateway.port,
      host: config.paymentGateway.host,
      logger,
      databaseUrl: config.postgres.url,
      metricsPort: config.metrics.paymentGateway,
      metricsHost: config.metrics.host,
      apiKey: requireMerchantKey(config),
      drillKey: config.paymentGateway.drillKey,
    });
    logger.info('payment gateway listening', { url: gateway.url });
    return gateway;
  });
}
