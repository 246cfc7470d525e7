import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpPaymentGateway, GatewayUnavailableError } from '../../activities/payment-gateway-client';

const charge = {
  idempotencyKey: 'k-1',
  orderId: 'o-1',
  amountCents: 100,
  currency: 'EUR',
  token: 'tok_visa',
};

/** A PSP stand-in answering each request with `answer`. */
async function psp(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const server = http.createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(resolve)).then(() => server.closeAllConnections()),
  };
}

test('an approved charge returns its id; the idempotency key travels as a header', async () => {
  const server = await psp((req, res) => {
    expect(req.headers['idempotency-key']).toBe('k-1');
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'ch_1' }));
  });
  try {
    const gateway = createHttpPaymentGateway({ baseUrl: server.url, apiKey: 'merchant-key-for-tests' });
    expect(await gateway.charge(charge)).toEqual({ approved: true, chargeId: 'ch_1' });
  } finally {
    await server.close();
  }
});

test('a decline is an outcome; a 5xx, even one that is not JSON, may change on retry', async () => {
  let status = 402;
  const server = await psp((_req, res) => {
    if (status === 402) res.writeHead(402).end(JSON.stringify({ code: 'card_declined' }));
    else res.writeHead(status, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
  });
  try {
    const gateway = createHttpPaymentGateway({ baseUrl: server.url, apiKey: 'merchant-key-for-tests' });
    expect(await gateway.charge(charge)).toEqual({ approved: false, declineCode: 'card_declined' });
    status = 502;
    await expect(gateway.charge(charge)).rejects.toThrow(GatewayUnavailableError);
    await expect(gateway.charge(charge)).rejects.toThrow('payment gateway answered 502 on /v1/charges');
  } finally {
    await server.close();
  }
});

test('a PSP that cannot be reached, or does not answer in time, is unavailable, not a failed charge', async () => {
  const unreachable = createHttpPaymentGateway({
    baseUrl: 'http://127.0.0.1:1',
    apiKey: 'merchant-key-for-tests',
  });
  await expect(unreachable.charge(charge)).rejects.toThrow(
    /payment gateway unreachable at http:\/\/127\.0\.0\.1:1/,
  );

  const server = await psp(() => undefined);
  try {
    const silent = createHttpPaymentGateway({
      baseUrl: server.url,
      apiKey: 'merchant-key-for-tests',
      timeoutMs: 200,
    });
    const started = Date.now();
    await expect(silent.charge(charge)).rejects.toThrow(/payment gateway unreachable/);
    expect(Date.now() - started).toBeLessThan(5000);
  } finally {
    await server.close();
  }
});
