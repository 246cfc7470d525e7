import { startTestGateway, unique, type TestGateway } from './test-gateway';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());

const valid = { amountCents: 2500, currency: 'EUR', token: 'tok_visa', orderId: 'order-1' };

function expectProblem(reply: Awaited<ReturnType<TestGateway['get']>>, status: number) {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(reply.body).toEqual({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
}

describe('payment gateway input validation', () => {
  it('rejects a charge without an Idempotency-Key with 400', async () => {
    expectProblem(await gateway.post('/v1/charges', valid), 400);
  });

  it('rejects malformed JSON with 400', async () => {
    expectProblem(
      await gateway.postRaw('/v1/charges', '{"amountCents": 1,', { 'idempotency-key': unique('k') }),
      400,
    );
  });

  it.each([
    ['a zero amount', { amountCents: 0 }],
    ['a fractional amount', { amountCents: 10.5 }],
    ['an amount given as text', { amountCents: '2500' }],
    ['a lowercase currency', { currency: 'eur' }],
    ['a four-letter currency', { currency: 'EURO' }],
    ['a missing token', { token: undefined }],
    ['an empty order id', { orderId: '' }],
  ])('rejects a charge with %s with 400', async (_case, change) => {
    expectProblem(await gateway.post('/v1/charges', { ...valid, ...change }, unique('k')), 400);
  });

  it('rejects a body that is not an object with 400', async () => {
    expectProblem(await gateway.postRaw('/v1/charges', '[1, 2]', { 'idempotency-key': unique('k') }), 400);
    expectProblem(await gateway.postRaw('/v1/charges', '"text"', { 'idempotency-key': unique('k') }), 400);
  });

  it('rejects a refund with a negative amount with 400', async () => {
    expectProblem(await gateway.post('/v1/refunds', { chargeId: 'ch_x', amountCents: -5 }, unique('k')), 400);
  });

  it('does not remember a key whose request was invalid', async () => {
    const key = unique('k');
    await gateway.post('/v1/charges', { ...valid, currency: 'eur' }, key);
    expect((await gateway.post('/v1/charges', valid, key)).status).toBe(201);
  });

  it('rejects an orderId filter given twice with 400', async () => {
    expectProblem(await gateway.get('/v1/charges?orderId=a&orderId=b'), 400);
  });

  it('answers unknown routes with a 404 problem', async () => {
    expectProblem(await gateway.get('/v1/nothing-here'), 404);
  });
});
