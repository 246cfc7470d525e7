import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { EncryptionCodec, parsePayloadKeys } from '../../platform/payload-codec';
import { submitPayment, workflowIdFor } from '../../workflows/definitions';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { eventually } from '../support/eventually';
import { createProduct, tokenFor } from '../support/fixtures';
import { httpClient } from '../support/http';

let app: AppHarness;
let request: ReturnType<typeof httpClient>;

beforeAll(async () => {
  app = await startAppHarness();
  request = httpClient(app.apiUrl);
}, 120_000);
afterAll(() => app?.stop());

/** The order's history as anyone with access to Temporal (the Web UI, the CLI) reads it: no codec. */
async function rawHistory(orderId: string) {
  const connection = await Connection.connect({ address: app.config.temporal.address });
  try {
    return await new Client({ connection }).workflow.getHandle(workflowIdFor(orderId)).fetchHistory();
  } finally {
    await connection.close();
  }
}
const toJson = (payloads: temporal.api.common.v1.IPayload[]) => ({
  payloads: payloads.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? []).toString('base64'),
  })),
});

test('the card token is unreadable in the workflow history, and readable through the codec endpoint the Web UI calls', async () => {
  const seller = await tokenFor(app.config, 'SELLER', `codec-seller-${randomUUID()}`);
  const productId = await createProduct(request, seller, 5);
  const card = 'tok_visa';
  const placed = await request('POST', '/orders', {
    token: await tokenFor(app.config, 'USER', `codec-${randomUUID()}`),
    body: { items: [{ productId, quantity: 1 }], payment: { token: card } },
  });
  expect(placed.status).toBe(201);
  await eventually(
    () => app.db('orders.orders').where({ id: placed.body.id }).first('status'),
    (row) => row?.status === 'PAID',
    30_000,
  );

  const history = await rawHistory(placed.body.id);
  const everything = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('latin1');
  expect(everything).not.toContain(card);
  const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
  expect(Buffer.from(input[0]!.metadata!.encoding!).toString()).toBe('binary/encrypted');

  // The Web UI's call: proto3 JSON in, proto3 JSON out, from its own origin.
  const uiOrigin = app.config.operator.uiOrigins[0]!;
  const preflight = await fetch(`${app.operatorUrl}/codec/decode`, {
    method: 'OPTIONS',
    headers: { origin: uiOrigin, 'access-control-request-method': 'POST' },
  });
  expect(preflight.headers.get('access-control-allow-origin')).toBe(uiOrigin);
  const decoded = await fetch(`${app.operatorUrl}/codec/decode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: uiOrigin, 'x-namespace': 'default' },
    body: JSON.stringify(toJson(input)),
  });
  expect(decoded.status).toBe(200);
  const { payloads } = (await decoded.json()) as {
    payloads: Array<{ metadata: Record<string, string>; data: string }>;
  };
  const sagaInput = defaultPayloadConverter.fromPayload<{ payment: { token: string } }>({
    metadata: Object.fromEntries(
      Object.entries(payloads[0]!.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    ),
    data: Buffer.from(payloads[0]!.data, 'base64'),
  });
  expect(sagaInput.payment.token).toBe(card);
  expect((await fetch(`${app.apiUrl}/metrics`)).status).toBe(404);
  expect((await fetch(`${app.operatorUrl}/metrics`)).status).toBe(200);
}, 90_000);

test('keys rotate: the first key encrypts, every listed key decrypts, and a payload of a key no longer listed is refused', async () => {
  const key = () => randomBytes(32).toString('base64');
  const [old, current] = [`old:${key()}`, `current:${key()}`];
  const payload = defaultPayloadConverter.toPayload({ token: 'tok_visa' });
  const [sealedByOld] = await new EncryptionCodec(parsePayloadKeys(old)).encode([payload]);
  const rotated = new EncryptionCodec(parsePayloadKeys(`${current},${old}`));
  const [sealedByCurrent] = await rotated.encode([payload]);
  expect(Buffer.from(sealedByCurrent!.metadata!['encryption-key-id']!).toString()).toBe('current');
  const values = (payloads: Awaited<ReturnType<EncryptionCodec['decode']>>) =>
    payloads.map((p) => defaultPayloadConverter.fromPayload(p));
  expect(values(await rotated.decode([sealedByOld!, sealedByCurrent!]))).toEqual([
    { token: 'tok_visa' },
    { token: 'tok_visa' },
  ]);
  await expect(new EncryptionCodec(parsePayloadKeys(current)).decode([sealedByOld!])).rejects.toThrow(
    /key "old", which is not among PAYLOAD_ENCRYPTION_KEYS/,
  );
  // A payload that arrives unencrypted is refused by workers and clients; only a replayer of histories
  // written before encryption lets it through.
  await expect(rotated.decode([payload])).rejects.toThrow(
    /a payload arrived unencrypted \(encoding "json\/plain"\)/,
  );
  const replayer = new EncryptionCodec(parsePayloadKeys(current), { acceptPlain: true });
  expect(await replayer.decode([payload])).toEqual([payload]);
  expect(JSON.stringify(sealedByCurrent)).not.toContain('tok_visa');
});

test('a message sent around the API in clear is refused by the worker: the order does not change', async () => {
  const seller = await tokenFor(app.config, 'SELLER', `codec-seller-${randomUUID()}`);
  const productId = await createProduct(request, seller, 5);
  const placed = await request('POST', '/orders', {
    token: await tokenFor(app.config, 'USER', `codec-${randomUUID()}`),
    body: { items: [{ productId, quantity: 1 }] },
  });
  expect(placed.status).toBe(201);
  await eventually(
    () => app.db('orders.orders').where({ id: placed.body.id }).first('status'),
    (row) => row?.status === 'CONFIRMED',
    30_000,
  );
  // Whoever can reach Temporal (no codec, no keys) tries to pay with a card of their own choosing.
  const connection = await Connection.connect({ address: app.config.temporal.address });
  const aborted = new AbortController();
  try {
    const handle = new Client({ connection, namespace: app.config.temporal.namespace }).workflow.getHandle(
      workflowIdFor(placed.body.id),
    );
    const attempt = connection
      .withAbortSignal(aborted.signal, () =>
        handle.executeUpdate(submitPayment, {
          args: [{ token: 'tok_visa', requestId: randomUUID(), correlationId: randomUUID() }],
        }),
      )
      .catch((error: unknown) => error);
    const refusal = await eventually(
      async () => (await rawHistory(placed.body.id)).events ?? [],
      (events) => events.some((e) => e.workflowTaskFailedEventAttributes),
      30_000,
    );
    const failure = refusal.find(
      (e) => e.workflowTaskFailedEventAttributes,
    )!.workflowTaskFailedEventAttributes!;
    expect(failure.failure?.message).toMatch(/a payload arrived unencrypted/);
    aborted.abort();
    await attempt;
    const order = await app.db('orders.orders').where({ id: placed.body.id }).first('status');
    expect(order.status).toBe('CONFIRMED');
  } finally {
    aborted.abort();
    await connection.close();
  }
}, 90_000);
