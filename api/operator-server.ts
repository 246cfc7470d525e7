import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PayloadCodec } from '@temporalio/common';
import express, { type RequestHandler } from 'express';
import type { Logger } from '../platform/logger';
import type { JwtSettings } from './auth';
import { codecRouter } from './codec-endpoint';
import { errorHandler, notFound } from './problem';

/**
 * The API's operator port, kept off the public one: Prometheus scrapes `/metrics` here, and the Temporal
 * Web UI calls `/codec/decode` (Temporal's remote codec protocol) to show operators the workflow payloads
 * that the worker stores encrypted. Outside the local development stack the codec decodes for ADMIN tokens
 * only; bind the port to loopback or an internal network all the same.
 */
export async function startOperatorServer({
  port,
  host,
  metrics,
  codec,
  uiOrigins,
  hostNames,
  operators,
  logger,
}: {
  port: number;
  host: string;
  metrics: RequestHandler;
  codec: PayloadCodec;
  /** Browser origins of the Web UI allowed to call the codec (CORS). */
  uiOrigins: string[];
  /** Names the browser reaches this port by; with the port they are the codec's Host allow-list. */
  hostNames: string[];
  /** The API's token settings: the codec then answers ADMIN tokens only. Unset: open (local development). */
  operators?: JwtSettings;
  logger: Logger;
}) {
  let allowedHosts = new Set<string>();
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metrics);
  app.use(
    '/codec',
    codecRouter(codec, { uiOrigins, allowedHosts: () => allowedHosts, ...(operators ? { operators } : {}) }),
  );
  app.use((req, _res, next) => next(notFound(`no route for ${req.method} ${req.path}; try GET /metrics`)));
  app.use(errorHandler(logger));
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const bound = (server.address() as AddressInfo).port;
  allowedHosts = new Set(hostNames.map((name) => `${name}:${bound}`));
  const url = `http://127.0.0.1:${bound}`;
  logger.info('operator endpoints listening', {
    metrics: `${url}/metrics`,
    codec: `${url}/codec`,
    codecAccess: operators ? 'ADMIN tokens' : 'open (local development)',
  });
  return {
    url,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
