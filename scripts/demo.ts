import { signToken } from '../api/auth';
import { loadConfig } from '../platform/config';
import { runCli } from './cli';

interface DemoBody {
  id: string;
  status: string;
  reason?: string;
  items: Array<{ id: string; sku: string; available: number }>;
}

/** `npm run demo`: walks the saga's paths against a running `npm start` and prints what happened. */
async function main() {
  const config = loadConfig();
  const base = config.api.url;
  const customer = `demo-${Date.now().toString(36)}`;
  // A verified address, as an identity provider's token carries: the notifier e-mails each order's news to it.
  const email = `${customer}@example.com`;
  const [user, seller] = await Promise.all([
    signToken(config.jwt, { subject: customer, role: 'USER', email }),
    signToken(config.jwt, { subject: 'demo-seller', role: 'SELLER' }),
  ]);
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    }).catch(() => {
      throw new Error(`cannot reach the API at ${base}: start the system first with "npm start"`);
    });
    // The demo reads whatever the API answers; the API's own tests pin the shapes.
    return { status: response.status, body: (await response.json()) as DemoBody };
  };
  const settle = async (id: string, wanted: string[]) => {
    for (let i = 0; i < 100; i++) {
      const { body } = await call('GET', `/orders/${id}`, user);
      if (wanted.includes(body.status)) return body;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`order ${id} did not reach ${wanted.join('/')}`);
  };

  const { body: catalog } = await call('GET', '/products?limit=200');
  const product = catalog.items.find(
    (p: { sku: string; available: number }) => p.sku === 'MUG-01' && p.available >= 10,
  );
  if (!product)
    throw new Error(
      'the demo product MUG-01 is missing or sold out: run "npm start -- --fresh" for a new catalog',
    );
  const soldOut = catalog.items.find((p) => p.available === 0);
  const line = [{ productId: product.id, quantity: 1 }];
  const results: Array<[string, string]> = [];
  const place = (body: object) => call('POST', '/orders', user, body).then((r) => r.body.id as string);
  const show = (label: string, order: { id: string; status: string; reason?: string }) =>
    results.push([
      label,
      `${`${order.status}${order.reason ? ` (${order.reason})` : ''}`.padEnd(30)} order ${order.id}`,
    ]);

  const paid = await place({ items: line, payment: { token: 'tok_visa' } });
  await settle(paid, ['PAID']);
  show('paid, then shipped', (await call('POST', `/orders/${paid}/fulfill`, seller)).body);
  show(
    'card declined',
    await settle(await place({ items: line, payment: { token: 'tok_declined' } }), ['CANCELLED']),
  );
  show(
    'flaky card, retried',
    await settle(await place({ items: line, payment: { token: 'tok_flaky' } }), ['PAID']),
  );
  if (soldOut)
    show(
      'out of stock',
      await settle(await place({ items: [{ productId: soldOut.id, quantity: 1 }] }), ['REJECTED']),
    );
  const later = await place({ items: line });
  await settle(later, ['CONFIRMED']);
  show(
    'paid later via /payment',
    (await call('POST', `/orders/${later}/payment`, user, { token: 'tok_visa' })).body,
  );
  const cancelled = await place({ items: line });
  await settle(cancelled, ['CONFIRMED']);
  show('cancelled before paying', (await call('POST', `/orders/${cancelled}/cancel`, user)).body);
  const refunded = await place({ items: line, payment: { token: 'tok_visa' } });
  await settle(refunded, ['PAID']);
  show('cancelled after paying', (await call('POST', `/orders/${refunded}/cancel`, user)).body);
  const waiting = await place({ items: line });
  show('left unpaid', await settle(waiting, ['CONFIRMED']));

  process.stdout.write(`\nDemo orders for customer "${customer}" <${email}>:\n`);
  for (const [label, outcome] of results) process.stdout.write(`  ${label.padEnd(26)} ${outcome}\n`);
  const sagas = `CustomerId="${customer}"`;
  const inbox = config.mail.external
    ? `sent through ${new URL(config.mail.smtpUrl).host} (SMTP_URL)`
    : `http://127.0.0.1:${config.mail.inboxPort}`;
  process.stdout.write(
    `\nThe unpaid order is released after PAYMENT_WINDOW (${config.paymentWindowMs / 1000}s); ` +
      `start with PAYMENT_WINDOW=45s npm start to watch it expire.\n` +
      `  Their e-mails (to ${email}):  ${inbox}\n` +
      `  Their sagas, Temporal Web UI: http://127.0.0.1:${config.temporal.uiPort}/namespaces/default/workflows?query=${encodeURIComponent(sagas)}\n` +
      `  The dashboard:                http://127.0.0.1:${config.api.port}/\n`,
  );
}

runCli(main);
