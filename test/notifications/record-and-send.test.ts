import { randomUUID } from 'node:crypto';
import {
  EVENT_VERSION,
  parseDomainEvent,
  type DomainEvent,
  type EventData,
  type EventType,
} from '../../contracts/events';
import { createLogger } from '../../platform/logger';
import { startMailSender } from '../../notifications/mail-sender';
import { createNotifierMetrics } from '../../notifications/notifier-metrics';
import { createEventRecorder, NOT_SENT } from '../../notifications/record-events';
import { createSmtpTransport } from '../../notifications/smtp';
import { createScopedDatabase, type ScopedDatabase } from '../events/support/scoped-database';
import { eventually } from '../support/eventually';
import { startTestInbox } from '../support/mail-inbox';

let scoped: ScopedDatabase;
beforeAll(async () => {
  scoped = await createScopedDatabase('notifications');
});
afterAll(() => scoped.drop());

const record = createEventRecorder({ publicUrl: 'http://shop.test' });
let offset = 0;
const deliver = (...events: DomainEvent[]) =>
  record(
    scoped.db,
    events.map((event) => ({
      event,
      source: { topic: 'orders.v1', partition: 0, offset: String((offset += 1)) },
    })),
  );

function event<T extends EventType>(type: T, orderId: string, data: EventData<T>): DomainEvent {
  return parseDomainEvent({
    eventId: randomUUID(),
    type,
    version: EVENT_VERSION,
    occurredAt: new Date().toISOString(),
    orderId,
    correlationId: orderId,
    causationId: randomUUID(),
    data,
  });
}
const placed = (orderId: string, customerEmail?: string) =>
  event('order.placed', orderId, {
    customerId: 'c1',
    ...(customerEmail ? { customerEmail } : {}),
    items: [{ productId: randomUUID(), quantity: 1, unitPriceCents: 1250 }],
    totalCents: 1250,
    currency: 'EUR',
  });
const emailsOf = (orderId: string) =>
  scoped
    .db('notifications.emails')
    .where({ order_id: orderId })
    .orderBy('kind')
    .select('kind', 'status', 'note');

test('a late order.confirmed after order.paid sends nothing: it is recorded as superseded', async () => {
  const orderId = randomUUID();
  await deliver(placed(orderId, 'late@example.com'));
  await deliver(event('order.paid', orderId, { paymentId: 'pay-1' }));
  await deliver(event('order.confirmed', orderId, { paymentDueAt: new Date().toISOString() }));
  expect(await emailsOf(orderId)).toEqual([
    { kind: 'confirmed', status: 'not_sent', note: NOT_SENT.superseded },
    { kind: 'receipt', status: 'pending', note: null },
  ]);
});

test('an event delivered again is a duplicate and queues nothing more', async () => {
  const orderId = randomUUID();
  const paid = event('order.paid', orderId, { paymentId: 'pay-2' });
  expect(await deliver(placed(orderId, 'twice@example.com'), paid)).toEqual(['applied', 'applied']);
  expect(await deliver(paid)).toEqual(['duplicate']);
  expect(await emailsOf(orderId)).toHaveLength(1);
});

test('a moment of an order whose order.placed was never seen fails, so the consumer retries or dead-letters it', async () => {
  await expect(deliver(event('order.paid', randomUUID(), { paymentId: 'p' }))).rejects.toThrow(
    /no order.placed seen/,
  );
});

test('an e-mail the mail server refuses for good fails after bounded attempts and is kept as failed', async () => {
  // This MailDev demands a login the sender does not have: every message is refused with a 5xx.
  const inbox = await startTestInbox(21325, 21380, [
    '--incoming-user',
    'someone',
    '--incoming-pass',
    'secret',
  ]);
  const metrics = createNotifierMetrics(scoped.db);
  const sender = startMailSender({
    db: scoped.db,
    transport: createSmtpTransport(inbox.smtpUrl),
    from: 'shop@example.com',
    logger: createLogger('silent'),
    metrics,
    pollMs: 100,
    retryBackoff: { initialMs: 50, maxMs: 100 },
    maxRefusals: 2,
  });
  try {
    const orderId = randomUUID();
    await deliver(placed(orderId, 'refused@example.com'), event('order.paid', orderId, { paymentId: 'p3' }));
    const [row] = await eventually(
      () =>
        scoped
          .db('notifications.emails')
          .where({ order_id: orderId })
          .select('status', 'attempts', 'note', 'last_error'),
      (rows) => rows[0]?.status === 'failed',
    );
    expect(row).toMatchObject({ attempts: 2, note: 'refused by the mail server' });
    expect(row.last_error).toMatch(/5\d\d/);
    // The e-mails the earlier tests queued went the same way; the metric counts each failure once.
    const failed = await scoped
      .db('notifications.emails')
      .where({ status: 'failed' })
      .count({ n: '*' })
      .first();
    expect(await metrics.registry.getSingleMetricAsString('notifier_emails_failed_total')).toContain(
      `notifier_emails_failed_total{kind="receipt"} ${failed!.n}`,
    );
  } finally {
    await sender.stop();
    await inbox.close();
  }
});

test('a moment older than the notifier tells about is recorded as not sent: a new notifier on old history stays quiet', async () => {
  const recordOld = createEventRecorder({ publicUrl: 'http://shop.test', maxEventAgeMs: 60_000 });
  const orderId = randomUUID();
  const old = (e: DomainEvent): DomainEvent => ({
    ...e,
    occurredAt: new Date(Date.now() - 120_000).toISOString(),
  });
  await recordOld(
    scoped.db,
    [placed(orderId, 'old@example.com'), event('order.paid', orderId, { paymentId: 'p-old' })]
      .map(old)
      .map((e) => ({
        event: e,
        source: { topic: 'orders.v1', partition: 0, offset: String((offset += 1)) },
      })),
  );
  expect(await emailsOf(orderId)).toEqual([{ kind: 'receipt', status: 'not_sent', note: NOT_SENT.tooOld }]);
});

test('one address gets at most its hourly share of e-mails; the rest are recorded as not sent', async () => {
  const recordCapped = createEventRecorder({ publicUrl: 'http://shop.test', maxPerRecipientPerHour: 2 });
  const address = `flooded-${randomUUID()}@example.com`;
  const orders = [randomUUID(), randomUUID(), randomUUID()];
  for (const orderId of orders)
    await recordCapped(
      scoped.db,
      [placed(orderId, address), event('order.paid', orderId, { paymentId: `p-${orderId}` })].map((e) => ({
        event: e,
        source: { topic: 'orders.v1', partition: 0, offset: String((offset += 1)) },
      })),
    );
  expect(await emailsOf(orders[0]!)).toEqual([{ kind: 'receipt', status: 'pending', note: null }]);
  expect(await emailsOf(orders[1]!)).toEqual([{ kind: 'receipt', status: 'pending', note: null }]);
  expect(await emailsOf(orders[2]!)).toEqual([
    { kind: 'receipt', status: 'not_sent', note: NOT_SENT.recipientLimit },
  ]);
});
