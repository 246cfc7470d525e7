import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import type { Logger } from '../platform/logger';

/** A payload as the Temporal Web UI sends it to a codec server: proto3 JSON, bytes in base64. */
const JsonPayloads = z.object({
  payloads: z.array(
    z.object({
      metadata: z.record(z.string(), z.string()).optional(),
      data: z.string().optional(),
    }),
  ),
});
type JsonPayloads = z.infer<typeof JsonPayloads>;

const fromJson = ({ payloads }: JsonPayloads): Payload[] =>
  payloads.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    ),
    data: Buffer.from(p.data ?? '', 'base64'),
  }));
const toJson = (payloads: Payload[]): JsonPayloads => ({
  payloads: payloads.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? []).toString('base64'),
  })),
});

/**
 * The API's operator port, kept off the public one: Prometheus scrapes `/metrics` here, and the Temporal
 * Web UI calls `/codec/decode` (Temporal's remote codec protocol) to show operators the workflow payloads
 * that the worker stores encrypted. Whoever reaches this port can read payloads: bind it to loopback or
 * an internal network only.
 */
export async function startOperatorServer({
  port,
  host,
  metrics,
  codec,
  uiOrigins,
  logger,
}: {
  port: number;
  host: string;
  metrics: RequestHandler;
  codec: PayloadCodec;
  /** Browser origins of the Web UI allowed to call the codec (CORS). */
  uiOrigins: string[];
  logger: Logger;
}) {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metrics);
  app.use('/codec', (req, res, next) => {
    const origin = req.get('origin');
    if (origin && uiOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'content-type, x-namespace, authorization');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') return void res.sendStatus(204);
    next();
  });
  app.use('/codec', express.json({ limit: '4mb' }));
  for (const direction of ['encode', 'decode'] as const) {
    app.post(`/codec/${direction}`, async (req, res) => {
      const body = JsonPayloads.safeParse(req.body);
      if (!body.success)
        return void res
          .status(400)
          .type('application/problem+json')
          .json({ title: 'Bad Request', status: 400, detail: 'expected {"payloads": [{metadata, data}]}' });
      try {
        res.json(toJson(await codec[direction](fromJson(body.data))));
      } catch (error) {
        res
          .status(422)
          .type('application/problem+json')
          .json({ title: 'Unprocessable Content', status: 422, detail: (error as Error).message });
      }
    });
  }
  app.use((_req, res) => void res.status(404).type('text/plain').send('not found; try GET /metrics\n'));
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  logger.info('operator endpoints listening', { metrics: `${url}/metrics`, codec: `${url}/codec` });
  return {
    url,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
