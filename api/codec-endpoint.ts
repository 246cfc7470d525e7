import type { Payload, PayloadCodec } from '@temporalio/common';
import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { authenticate, requireRole, type JwtSettings } from './auth';
import { badRequest, forbidden, unprocessable } from './problem';

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

export interface CodecAccess {
  /** Browser origins of the Web UI allowed to call the codec (CORS); a request of any other origin is refused. */
  uiOrigins: string[];
  /** `Host` values the codec answers (name:port): a page that rebinds some other name to this port gets nothing. */
  allowedHosts: () => ReadonlySet<string>;
  /**
   * How operators' tokens are checked (the API's settings): only an ADMIN token decodes. Unset only in the
   * local development stack, on loopback, where the codec answers anyone on this machine.
   */
  operators?: JwtSettings;
}

/** Host and Origin allow-lists, and the CORS answer for the Web UI (before the token check: a preflight has none). */
function allowListed({ uiOrigins, allowedHosts }: CodecAccess): RequestHandler {
  return (req, res, next) => {
    const host = (req.get('host') ?? '').toLowerCase();
    if (!allowedHosts().has(host))
      return next(forbidden(`the codec does not answer for Host "${host}"; see API_METRICS_HOSTNAMES`));
    const origin = req.get('origin');
    if (origin !== undefined && !uiOrigins.includes(origin))
      return next(forbidden(`the codec does not answer pages of ${origin}; see TEMPORAL_UI_ORIGINS`));
    if (origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'content-type, x-namespace, authorization');
    }
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') return void res.sendStatus(204);
    next();
  };
}

/**
 * Temporal's remote codec protocol, decode only: the Web UI shows operators the payloads the workers store
 * encrypted. There is no /encode: the UI needs it only to send signals, updates or starts of its own, and
 * orders change through the API; an open encoder would let anyone seal payloads the workers take as ours.
 */
export function codecRouter(codec: PayloadCodec, access: CodecAccess): Router {
  const router = Router();
  router.use(allowListed(access));
  if (access.operators) router.use(authenticate(access.operators), requireRole('ADMIN'));
  router.post('/decode', express.json({ limit: '4mb' }), async (req, res) => {
    const body = JsonPayloads.safeParse(req.body);
    if (!body.success) throw badRequest('expected {"payloads": [{metadata, data}]}');
    try {
      res.json(toJson(await codec.decode(fromJson(body.data))));
    } catch (error) {
      throw unprocessable((error as Error).message);
    }
  });
  return router;
}
