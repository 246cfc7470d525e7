import { randomUUID } from 'node:crypto';
import { startApi } from '../../api/server';
import { TOPICS } from '../../contracts/events';
import { createKafka } from '../../platform/kafka';
import { createLogger } from '../../platform/logger';
import { readTopic } from '../events/support/read-topic';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { createProduct, tokenFor } from '../support/fixtures';
import { eventually } from '../support/eventually';
import { httpClient } from '../support/http';

let app: AppHarness;
let request: ReturnType<typeof httpClient>;
let shortWindowApi: Awaited<ReturnType<typeof startApi>>;
let alice: string;
let seller: string;
let productId: string;
const correlationId = `saga-events-${randomUUID()}`;
const placed: Record<string, string> = {};
const placedBy: Record<string, string> = {};
const requestIds = new Set<string>();

/** Every path of the saga, and the events it must publish, in the order they happened. */
const EXPECTED: Record<string, string[]> = {
  fulfilled: [
    'order.placed',
    'inventory.reserved',
    'order.confirmed',
    'payment.succeeded',
    'order.paid',
    'inventory.committed',
    'order.shipped',
    'order.fulfilled',
  ],
  rejected: ['order.placed', 'inventory.reservation_failed', 'order.rejected'],
  declined: [
    'order.placed',
    'inventory.reserved',
    'order.confirmed',
    'payment.failed',
    'inventory.released',
    'order.cancelled',
  ],
  expired: ['order.placed', 'inventory.reserved', 'order.confirmed', 'inventory.released', 'order.cancelled'],
  cancelledBeforePayment: [
    'order.placed',
    'inventory.reserved',
    'order.confirmed',
    'inventory.released',
    'order.cancelled',
  ],
  cancelledAfterPayment: [
    'order.placed',
    'inventory.reserved',
    'order.confirmed',
    'payment.succeeded',
    'order.paid',
    'inventory.released',
    'payment.refunded',
    'order.cancelled',
  ],
};

beforeAll(async () => {
  app = await startAppHarness({ PAYMENT_WINDOW: '1h' });
  request = httpClient(app.apiUrl);
  shortWindowApi = await startApi({
    config: { ...app.config, paymentWindowMs: 1500 },
    logger: createLogger('warn'),
    port: 0,
  });
  [alice, seller] = await Promise.all([
    tokenFor(app.config, 'USER', `alice-${randomUUID()}`),
    tokenFor(app.config, 'SELLER', 's'),
  ]);
  productId = await createProduct(request, seller, 20);
  await runEveryPath();
}, 180_000);
afterAll(async () => {
  await shortWindowApi?.stop();
  await app?.stop();
});

const headers = { 'x-correlation-id': correlationId };
/** Sends a command and remembers its request id, the cause its first event must name. */
async function send(via: ReturnType<typeof httpClient>, method: string, path: string, options: object) {
  const response = await via(method, path, { ...options, headers } as never);
  requestIds.add(response.headers.get('x-request-id')!);
  return response;
}
async function place(body: object, via = request) {
  const response = await send(via, 'POST', '/orders', { token: alice, body });
  placedBy[response.body.id] = response.headers.get('x-request-id')!;
  return response.body.id as string;
}
const until = (id: string, status: string) =>
  eventually(
    () => request('GET', `/orders/${id}`, { token: alice }),
    (r) => r.body.status === status,
    30_000,
  );

async function runEveryPath() {
  const one = [{ productId, quantity: 1 }];
  placed.fulfilled = await place({ items: one, payment: { token: 'tok_visa' } });
  placed.rejected = await place({ items: [{ productId, quantity: 50 }] });
  placed.declined = await place({ items: one, payment: { token: 'tok_declined' } });
  placed.expired = await place({ items: one }, httpClient(shortWindowApi.url));
  placed.cancelledBeforePayment = await place({ items: one });
  placed.cancelledAfterPayment = await place({ items: one, payment: { token: 'tok_visa' } });

  await until(placed.fulfilled, 'PAID');
  await send(request, 'POST', `/orders/${placed.fulfilled}/fulfill`, { token: seller });
  await until(placed.cancelledBeforePayment, 'CONFIRMED');
  await send(request, 'POST', `/orders/${placed.cancelledBeforePayment}/cancel`, { token: alice });
  await until(placed.cancelledAfterPayment, 'PAID');
  await send(request, 'POST', `/orders/${placed.cancelledAfterPayment}/cancel`, { token: alice });
  for (const id of Object.values(placed)) {
    await eventually(
      () => request('GET', `/orders/${id}`, { token: alice }),
      (r) => ['FULFILLED', 'REJECTED', 'CANCELLED'].includes(r.body.status),
      30_000,
    );
  }
  // Every outbox row of these orders has reached Kafka before we read the topics.
  await eventually(
    () =>
      Promise.all(
        ['orders.outbox', 'inventory.outbox', 'payments.outbox'].map((t) =>
          app
            .db(t)
            .whereIn('message_key', Object.values(placed))
            .whereNull('published_at')
            .count({ n: '*' })
            .first(),
        ),
      ),
    (counts) => counts.every((c) => Number(c?.n) === 0),
  );
}

async function publishedEvents() {
  const kafka = createKafka(app.config.kafka, `saga-events-${randomUUID()}`);
  const messages = (await Promise.all(Object.values(TOPICS).map((topic) => readTopic(kafka, topic)))).flat();
  const ours = new Set(Object.values(placed));
  return messages
    .filter((m) => m.key !== undefined && ours.has(m.key))
    .map((m) => ({ headers: m.headers, event: JSON.parse(m.value!) }))
    .sort((a, b) => a.event.occurredAt.localeCompare(b.event.occurredAt));
}

test.each(Object.keys(EXPECTED))('the %s path publishes exactly its events, in order', async (path) => {
  const events = (await publishedEvents()).filter((m) => m.event.orderId === placed[path]);
  expect(events.map((m) => m.event.type)).toEqual(EXPECTED[path]);
});

test('every event id is unique, and the request correlation id travels in every envelope and Kafka header', async () => {
  const events = await publishedEvents();
  const ids = events.map((m) => m.event.eventId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBe(Object.values(EXPECTED).flat().length);
  for (const { event, headers: kafkaHeaders } of events) {
    expect(event.correlationId).toBe(correlationId);
    expect(kafkaHeaders).toMatchObject({
      eventId: event.eventId,
      eventType: event.type,
      correlationId,
      causationId: event.causationId,
    });
  }
});

test('each event names its cause: order.placed the request, every other an earlier event or a later command', async () => {
  const events = await publishedEvents();
  const seen = new Set<string>();
  for (const { event } of events) {
    if (event.type === 'order.placed') expect(event.causationId).toBe(placedBy[event.orderId]);
    else expect(seen.has(event.causationId) || requestIds.has(event.causationId)).toBe(true);
    seen.add(event.eventId);
  }
});
