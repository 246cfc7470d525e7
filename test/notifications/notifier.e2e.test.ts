import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { signToken } from '../../api/auth';
import { startApi } from '../../api/server';
import { NOT_SENT, startNotifier, type Notifier } from '../../notifications';
import { createKafka } from '../../platform/kafka';
import { createLogger } from '../../platform/logger';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { eventually } from '../support/eventually';
import { createProduct, tokenFor } from '../support/fixtures';
import { httpClient } from '../support/http';
import { startTestInbox, type TestInbox } from '../support/mail-inbox';
import { startSmtpTripwire } from '../support/smtp-tripwire';
import { spawnForTest } from '../support/spawn-for-test';

const logger = createLogger('warn');
let app: AppHarness;
let inbox: TestInbox;
let notifier: Notifier | undefined;
let request: ReturnType<typeof httpClient>;
let shortWindowApi: Awaited<ReturnType<typeof startApi>>;
let seller: string;
let productId: string;
/** The notifier's consumer group in this file: a notifier process restarted on it resumes where it stopped. */
const notifierGroup = `notifications-${randomUUID()}`;

function startTestNotifier(smtpUrl: string) {
  return startNotifier({
    db: app.db,
    kafka: createKafka(app.config.kafka, `notifier-test-${randomUUID()}`),
    logger,
    smtpUrl,
    from: app.config.mail.from,
    publicUrl: 'http://shop.test',
    groupId: notifierGroup,
    sender: { pollMs: 200, retryBackoff: { initialMs: 500, maxMs: 2000 } },
  });
}

beforeAll(async () => {
  app = await startAppHarness({ PAYMENT_WINDOW: '1h' });
  request = httpClient(app.apiUrl);
  shortWindowApi = await startApi({ config: { ...app.config, paymentWindowMs: 1500 }, logger, port: 0 });
  inbox = await startTestInbox(21125, 21180);
  notifier = await startTestNotifier(inbox.smtpUrl);
  await notifier.joined;
  seller = await tokenFor(app.config, 'SELLER', 'seller-notifications');
  productId = await createProduct(request, seller, 50, 1999);
}, 180_000);

afterAll(async () => {
  await notifier?.stop();
  await shortWindowApi?.stop();
  await app?.stop();
  await inbox?.close();
});

/** A customer of their own per case, with an address of their own, so each inbox holds one story. */
async function customer() {
  const subject = `customer-${randomUUID()}`;
  const email = `${subject}@example.com`;
  const token = await signToken(app.config.jwt, { role: 'USER', subject, email });
  return { email, token };
}

async function place(token: string, body: object, via = request): Promise<string> {
  const response = await via('POST', '/orders', { token, body });
  expect(response.status).toBeLessThan(300);
  return response.body.id;
}

const untilStatus = (id: string, token: string, status: string) =>
  eventually(
    () => request('GET', `/orders/${id}`, { token }),
    (r) => r.body.status === status,
    30_000,
  );

const subjectsOf = async (email: string, count: number) =>
  (
    await eventually(
      () => inbox.to(email),
      (mails) => mails.length >= count,
      30_000,
    )
  ).map((m) => m.subject);

/** Lets any e-mail that should not exist arrive, so a test can see it. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

const one = () => [{ productId, quantity: 1 }];

describe('each saga path yields exactly its e-mails, read back from a real SMTP server', () => {
  test('paid and shipped: confirmed, receipt, shipped', async () => {
    const { email, token } = await customer();
    const id = await place(token, { items: [{ productId, quantity: 2 }], payment: { token: 'tok_visa' } });
    await untilStatus(id, token, 'PAID');
    expect((await request('POST', `/orders/${id}/fulfill`, { token: seller })).status).toBeLessThan(300);
    const subjects = await subjectsOf(email, 3);
    await settle();
    expect(await inbox.to(email)).toHaveLength(3);
    const ref = id.slice(0, 8);
    expect(subjects.sort()).toEqual(
      [
        `Order ${ref} confirmed: your items are reserved`,
        `Receipt for order ${ref}: €39.98 paid`,
        `Order ${ref} has shipped`,
      ].sort(),
    );
    const receipt = (await inbox.to(email)).find((m) => m.subject.startsWith('Receipt'))!;
    expect(receipt.text).toMatch(/2 × Test product +€39.98/);
    expect(receipt.text).toContain(`http://shop.test/orders/${id}`);
    expect(receipt.html).toContain(`<a href="http://shop.test/orders/${id}">`);
    expect(receipt.html).toContain('€39.98');
  });

  test('declined: confirmed, then cancelled because the card was declined', async () => {
    const { email, token } = await customer();
    const id = await place(token, { items: one(), payment: { token: 'tok_declined' } });
    await untilStatus(id, token, 'CANCELLED');
    const mails = await eventually(
      () => inbox.to(email),
      (m) => m.length >= 2,
      30_000,
    );
    await settle();
    expect(await inbox.to(email)).toHaveLength(2);
    const cancelled = mails.find((m) => m.subject.includes('cancelled'))!;
    expect(cancelled.subject).toBe(`Order ${id.slice(0, 8)} cancelled`);
    expect(cancelled.text).toContain('your card was declined');
    expect(cancelled.text).toContain('You have not been charged.');
  });

  test('expired: confirmed with its deadline, then cancelled for want of payment', async () => {
    const { email, token } = await customer();
    const id = await place(token, { items: one() }, httpClient(shortWindowApi.url));
    await untilStatus(id, token, 'CANCELLED');
    const mails = await eventually(
      () => inbox.to(email),
      (m) => m.length >= 2,
      30_000,
    );
    await settle();
    expect(await inbox.to(email)).toHaveLength(2);
    expect(mails.find((m) => m.subject.includes('confirmed'))!.text).toMatch(
      /please pay by \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC/,
    );
    expect(mails.find((m) => m.subject.includes('cancelled'))!.text).toContain(
      'it was not paid within the payment window',
    );
  });

  test('cancelled after payment: confirmed, receipt, and the cancellation with its refund', async () => {
    const { email, token } = await customer();
    const id = await place(token, { items: one(), payment: { token: 'tok_visa' } });
    await untilStatus(id, token, 'PAID');
    expect((await request('POST', `/orders/${id}/cancel`, { token })).status).toBeLessThan(300);
    const subjects = await subjectsOf(email, 3);
    await settle();
    expect(await inbox.to(email)).toHaveLength(3);
    expect(subjects).toContain(`Order ${id.slice(0, 8)} cancelled: €19.99 refunded`);
    const cancelled = (await inbox.to(email)).find((m) => m.subject.includes('refunded'))!;
    expect(cancelled.text).toContain('We refunded €19.99 to the card you paid with');
  });

  test('rejected: one e-mail that names the item that was short', async () => {
    const { email, token } = await customer();
    const id = await place(token, { items: [{ productId, quantity: 60 }] });
    await untilStatus(id, token, 'REJECTED');
    const mails = await eventually(
      () => inbox.to(email),
      (m) => m.length >= 1,
      30_000,
    );
    await settle();
    expect(await inbox.to(email)).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`Order ${id.slice(0, 8)} could not be placed: not enough stock`);
    expect(mails[0]!.text).toMatch(/Test product +you asked for 60, \d+ available/);
  });

  test('an order placed with a token without an e-mail claim is recorded as not notified, with the reason', async () => {
    const token = await tokenFor(app.config, 'USER', `no-address-${randomUUID()}`);
    const id = await place(token, { items: one(), payment: { token: 'tok_visa' } });
    await untilStatus(id, token, 'PAID');
    // Said once, on the order; its moments then leave no rows at all (no e-mail, nothing to guard).
    const order = await eventually(
      () => app.db('notifications.orders').where({ order_id: id }).first('email', 'not_notified_reason'),
      (row) => row !== undefined,
    );
    expect(order).toEqual({ email: null, not_notified_reason: NOT_SENT.noAddress });
    await eventually(
      () => app.db('read_models.order_summaries').where({ order_id: id }).first('status'),
      (row) => row?.status === 'PAID',
    );
    await settle();
    expect(await app.db('notifications.emails').where({ order_id: id })).toEqual([]);
  });
});

describe('faults', () => {
  test('the mail server stopped for 30 s, then restarted: every e-mail arrives once, none twice', async () => {
    const customers = await Promise.all([customer(), customer(), customer()]);
    const stoppedAt = Date.now();
    await inbox.stop();
    const ids = await Promise.all(
      customers.map(({ token }) => place(token, { items: one(), payment: { token: 'tok_visa' } })),
    );
    for (const [i, id] of ids.entries()) await untilStatus(id, customers[i]!.token, 'PAID');
    // The sender kept trying while the server was away, and kept every e-mail queued.
    const queued = await eventually(
      () => app.db('notifications.emails').whereIn('order_id', ids).select('status', 'attempts'),
      (rows) => rows.length === 6 && rows.some((r) => r.attempts > 0),
    );
    expect(queued.every((r) => r.status === 'pending')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 30_000 - (Date.now() - stoppedAt))));
    await inbox.restart();

    for (const { email } of customers)
      await eventually(
        () => inbox.to(email),
        (m) => m.length >= 2,
        30_000,
      );
    await settle();
    for (const [i, { email }] of customers.entries()) {
      const subjects = (await inbox.to(email)).map((m) => m.subject).sort();
      const ref = ids[i]!.slice(0, 8);
      expect(subjects).toEqual([
        `Order ${ref} confirmed: your items are reserved`,
        `Receipt for order ${ref}: €19.99 paid`,
      ]);
    }
    const retries = await app
      .db('notifications.emails')
      .whereIn('order_id', ids)
      .sum({ n: 'attempts' })
      .first();
    expect(Number(retries!.n)).toBeGreaterThan(6);
  }, 90_000);

  test('the notifier killed after the server accepted an e-mail and before recording it: that one e-mail twice, nothing else', async () => {
    // The notifier as its own process, the way npm start runs it, so it can be killed for real.
    await notifier?.stop();
    notifier = undefined;
    let child: ChildProcess | undefined;
    const startChild = (smtpUrl: string) => {
      // On this file's consumer group, it picks up where the notifier in this process stopped. On a group of
      // its own it would read every topic from the start: all of the earlier test files' events, which on a
      // busy stack took longer than this test may.
      const env = {
        ...process.env,
        SMTP_URL: smtpUrl,
        NOTIFIER_GROUP: notifierGroup,
        NOTIFIER_METRICS_PORT: '21206',
        LOG_LEVEL: 'warn',
      };
      const root = path.resolve(__dirname, '..', '..');
      child = spawnForTest(process.execPath, ['--import', 'tsx', 'workers/notifier.ts'], {
        cwd: root,
        env,
        stdio: 'inherit',
      });
      return new Promise<number | null>((resolve) =>
        child!.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
      );
    };
    const tripwire = await startSmtpTripwire(inbox.smtpPort, () => child?.kill('SIGKILL'));
    try {
      const exited = startChild(tripwire.smtpUrl);
      const { email, token } = await customer();
      const id = await place(token, { items: one(), payment: { token: 'tok_visa' } });
      expect(await exited).toBe(-1);
      expect(tripwire.tripped()).toBe(true);
      // The server has the e-mail (MailDev lists it a moment after accepting it); the notifier's log does not.
      expect(
        await eventually(
          () => inbox.to(email),
          (m) => m.length > 0,
          10_000,
        ),
      ).toHaveLength(1);
      const killedDuring = await app
        .db('notifications.emails')
        .where({ order_id: id })
        .select('kind', 'status');
      expect(killedDuring.filter((r) => r.status === 'sent')).toEqual([]);

      const restarted = startChild(inbox.smtpUrl);
      const mails = await eventually(
        () => inbox.to(email),
        (m) => m.length >= 3,
        60_000,
      );
      await settle();
      const counts = new Map<string, number>();
      for (const m of await inbox.to(email)) counts.set(m.subject, (counts.get(m.subject) ?? 0) + 1);
      const ref = id.slice(0, 8);
      // The e-mail in flight at the kill arrives twice, with the same Message-ID; every other once.
      expect([...counts.values()].sort()).toEqual([1, 2]);
      expect(counts.get(mails[0]!.subject)).toBe(2);
      expect([...counts.keys()].sort()).toEqual([
        `Order ${ref} confirmed: your items are reserved`,
        `Receipt for order ${ref}: €19.99 paid`,
      ]);
      const copies = (await inbox.to(email)).filter((m) => m.subject === mails[0]!.subject);
      expect(copies[0]!.headers['message-id']).toBe(copies[1]!.headers['message-id']);
      expect(await app.db('notifications.emails').where({ order_id: id }).pluck('status')).toEqual([
        'sent',
        'sent',
      ]);
      child?.kill('SIGTERM');
      expect(await restarted).toBe(0);
    } finally {
      child?.kill('SIGKILL');
      await tripwire.close();
    }
  }, 120_000);
});
