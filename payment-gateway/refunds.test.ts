import { startTestGateway, unique, type TestGateway } from './test-gateway';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());

async function chargeOf(amountCents: number): Promise<string> {
  const body = { amountCents, currency: 'EUR', token: 'tok_visa', orderId: unique('order') };
  const reply = await gateway.post('/v1/charges', body, unique('charge'));
  return String(reply.body.id);
}

describe('payment gateway refunds', () => {
  it('refunds the whole charge when no amount is given', async () => {
    const chargeId = await chargeOf(4200);
    const reply = await gateway.post('/v1/refunds', { chargeId }, unique('refund'));
    expect(reply).toMatchObject({ status: 201, body: { chargeId, amountCents: 4200, status: 'succeeded' } });
    expect(reply.body.id).toMatch(/^re_[0-9a-f]+$/);
    expect((await gateway.get(`/v1/charges/${chargeId}`)).body.refundedCents).toBe(4200);
  });

  it('allows partial refunds up to the charge total and rejects more with 422', async () => {
    const chargeId = await chargeOf(1000);
    expect((await gateway.post('/v1/refunds', { chargeId, amountCents: 600 }, unique('refund'))).status).toBe(
      201,
    );
    const tooMuch = await gateway.post('/v1/refunds', { chargeId, amountCents: 500 }, unique('refund'));
    expect(tooMuch).toMatchObject({ status: 422, body: { status: 422, title: expect.any(String) } });
    expect(tooMuch.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await gateway.post('/v1/refunds', { chargeId, amountCents: 400 }, unique('refund'))).status).toBe(
      201,
    );
    expect((await gateway.get(`/v1/charges/${chargeId}`)).body.refundedCents).toBe(1000);
  });

  it('answers 404 for an unknown charge', async () => {
    const reply = await gateway.post('/v1/refunds', { chargeId: 'ch_unknown' }, unique('refund'));
    expect(reply).toMatchObject({ status: 404, body: { status: 404 } });
  });

  it('replays a refund for the same key without refunding twice', async () => {
    const chargeId = await chargeOf(1000);
    const key = unique('refund');
    const first = await gateway.post('/v1/refunds', { chargeId, amountCents: 300 }, key);
    const second = await gateway.post('/v1/refunds', { chargeId, amountCents: 300 }, key);
    expect(second).toMatchObject({ status: 201, body: first.body });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await gateway.get(`/v1/charges/${chargeId}`)).body.refundedCents).toBe(300);
  });

  it('rejects a reused refund key with a different amount with 422', async () => {
    const chargeId = await chargeOf(1000);
    const key = unique('refund');
    await gateway.post('/v1/refunds', { chargeId, amountCents: 300 }, key);
    const reply = await gateway.post('/v1/refunds', { chargeId, amountCents: 400 }, key);
    expect(reply.status).toBe(422);
    expect((await gateway.get(`/v1/charges/${chargeId}`)).body.refundedCents).toBe(300);
  });

  it('requires an Idempotency-Key', async () => {
    const chargeId = await chargeOf(1000);
    const reply = await gateway.post('/v1/refunds', { chargeId });
    expect(reply).toMatchObject({ status: 400, body: { status: 400 } });
    expect((await gateway.get(`/v1/charges/${chargeId}`)).body.refundedCents).toBe(0);
  });

  it('remembers its charges, refunds and idempotency keys across a restart, as a real PSP does', async () => {
    const orderId = unique('order');
    const chargeKey = unique('charge');
    const body = { amountCents: 900, currency: 'EUR', token: 'tok_visa', orderId };
    const charged = await gateway.post('/v1/charges', body, chargeKey);
    await gateway.stop();
    gateway = await startTestGateway();

    const replayed = await gateway.post('/v1/charges', body, chargeKey);
    expect(replayed).toMatchObject({ status: 201, body: { id: charged.body.id } });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    const refund = await gateway.post('/v1/refunds', { chargeId: charged.body.id }, unique('refund'));
    expect(refund).toMatchObject({ status: 201, body: { chargeId: charged.body.id, amountCents: 900 } });
    expect((await gateway.get(`/v1/charges?orderId=${orderId}`)).body.items).toEqual([
      expect.objectContaining({ id: charged.body.id, refundedCents: 900 }),
    ]);
  });
});
