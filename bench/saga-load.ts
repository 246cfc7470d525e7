import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { signToken, type JwtSettings } from '../api/auth';
import { kindOf, TERMINAL_EVENT, type Mix, type OrderKind } from './mix';
import { OpenLoopStep, type Arrival, type StepResult } from './open-loop';
import { watchOrderEvents, type OrderEvent } from './order-events';

/**
 * Orders are spread over many customers, as a shop's are: each stays far inside the per-caller limits
 * (ORDER_CARD_ATTEMPTS_PER_CALLER, 20 an hour by default, binds first: 5000 customers pay 100 000 orders
 * an hour), so the bench measures the system, not one customer's share of it.
 */
const CUSTOMERS = 5000;
const PRODUCTS = 20;

interface Placed {
  arrival: Arrival;
  kind: OrderKind;
  token: string;
}

/**
 * The product under load the way a client meets it: open-loop POST /orders (two lines each) through the
 * API, each order timed until its terminal event is on Kafka (the record's timestamp, read by a consumer
 * of the bench's own).
 */
export async function startSagaLoad({
  apiUrl,
  jwt,
  kafka,
  mix,
}: {
  apiUrl: string;
  jwt: JwtSettings;
  kafka: Kafka;
  mix: Mix;
}) {
  const runId = randomUUID().slice(0, 8);
  const seller = await signToken(jwt, { subject: `bench-seller-${runId}`, role: 'SELLER' });
  const customers = await Promise.all(
    Array.from({ length: CUSTOMERS }, (_, i) =>
      signToken(jwt, { subject: `bench-${runId}-customer-${i}`, role: 'USER' }),
    ),
  );
  const products = await createProducts(apiUrl, seller, runId);

  let step: OpenLoopStep | undefined;
  const byOrder = new Map<string, Placed>();
  const early = new Map<string, OrderEvent[]>();
  const onEvent = (event: OrderEvent) => {
    const placed = byOrder.get(event.orderId);
    if (!placed) return void early.set(event.orderId, [...(early.get(event.orderId) ?? []), event]);
    if (event.type === TERMINAL_EVENT[placed.kind]) return step?.complete(placed.arrival.id, event.at);
    if (event.type === 'order.rejected') placed.arrival.outcome = 'rejected';
    if (event.type === 'order.confirmed' && placed.kind === 'later') void payLater(event.orderId, placed);
  };
  const watcher = await watchOrderEvents(kafka, onEvent);

  async function payLater(orderId: string, placed: Placed) {
    const { status } = await post(`${apiUrl}/orders/${orderId}/payment`, placed.token, {
      token: 'tok_visa',
    }).catch((error: Error) => ({ status: error.name }));
    if (status !== 200) placed.arrival.outcome = `pay ${status}`;
  }

  let index = 0;
  async function placeOne(arrival: Arrival) {
    const i = index++;
    const kind = kindOf(i, mix);
    const token = customers[i % CUSTOMERS]!;
    const first = products[i % PRODUCTS]!;
    const second = products[(i + 7) % PRODUCTS]!;
    const body = {
      items: [
        { productId: first, quantity: 1 },
        { productId: second, quantity: 2 },
      ],
      ...(kind === 'later' ? {} : { payment: { token: kind === 'paid' ? 'tok_visa' : 'tok_declined' } }),
    };
    const { status, body: order } = await post(`${apiUrl}/orders`, token, body, {
      'idempotency-key': arrival.id,
    });
    arrival.acceptMs = Date.now() - arrival.sentAt;
    if (status !== 201) {
      arrival.outcome = status === 503 || status === 429 ? 'shed' : String(status);
      return;
    }
    arrival.outcome = 'ok';
    const { id } = order as { id: string };
    byOrder.set(id, { arrival, kind, token });
    for (const event of early.get(id) ?? []) onEvent(event);
    early.delete(id);
  }

  return {
    async runAt(rate: number, durationS: number, drainS: number): Promise<StepResult> {
      step = new OpenLoopStep({ rate, durationS, drainS, fire: placeOne });
      return step.run(randomUUID);
    },
    /** Orders of the last step still on their way; the next step waits for them. */
    pending: () => step?.pending() ?? 0,
    close: () => watcher.stop(),
  };
}

async function createProducts(apiUrl: string, token: string, runId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < PRODUCTS; i++) {
    const { status, body } = await post(`${apiUrl}/products`, token, {
      sku: `bench-${runId}-${i}`,
      name: `Bench item ${i + 1}`,
      priceCents: 500 + 25 * i,
      currency: 'EUR',
      onHand: 1_000_000,
    });
    if (status !== 201) throw new Error(`creating bench products failed: ${status} ${JSON.stringify(body)}`);
    ids.push((body as { id: string }).id);
  }
  return ids;
}

/** POSTs JSON and reads the whole answer, so the keep-alive connection goes back to the pool at once. */
async function post(url: string, token: string, body: object, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (a proxy error page, say): keep the text for the report.
  }
  return { status: response.status, body: parsed };
}
