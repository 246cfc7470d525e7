import { z } from 'zod';
import { ORDER_STATUSES, CANCEL_REASONS, PlaceOrder, SubmitPayment } from '../contracts/order';
import { CreateProduct, Restock } from '../contracts/product';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const body = (name: string) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });
const ok = (description: string, schema?: object) => ({
  description,
  ...(schema ? { content: { 'application/json': { schema } } } : {}),
});
const inProgress =
  'accepted, and still under way after 3 s (a slow refund, say): the order as it is now; GET it to follow';
const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: PROBLEM_TEXT[status],
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
    ]),
  );
const PROBLEM_TEXT: Record<number, string> = {
  400: 'malformed request (e.g. invalid JSON)',
  401: 'missing or invalid bearer token',
  403: 'the token lacks the role',
  404: 'unknown, or not yours',
  409: "the order's state does not allow it",
  422: 'invalid input; `errors` names each field',
  503: 'a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded',
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const secured = [{ bearer: [] }];

const Order = {
  type: 'object',
  required: ['id', 'customerId', 'status', 'items', 'totalCents', 'currency', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    customerId: { type: 'string' },
    status: { type: 'string', enum: [...ORDER_STATUSES] },
    reason: { type: 'string', enum: [...CANCEL_REASONS] },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          productId: { type: 'string', format: 'uuid' },
          quantity: { type: 'integer' },
          unitPriceCents: { type: 'integer' },
        },
      },
    },
    totalCents: { type: 'integer' },
    currency: { type: 'string', example: 'EUR' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    timeline: {
      type: 'array',
      items: {
        type: 'object',
        properties: { at: { type: 'string' }, status: { type: 'string' }, note: { type: 'string' } },
      },
    },
    step: { type: 'string', description: 'what the saga is doing now' },
  },
};
const Product = {
  type: 'object',
  properties: Object.fromEntries(
    ['id', 'sku', 'name', 'currency', 'sellerId']
      .map((k) => [k, { type: 'string' }])
      .concat(['priceCents', 'onHand', 'reserved', 'available'].map((k) => [k, { type: 'integer' }])),
  ),
};
const list = (schema: object) => ({
  type: 'object',
  properties: { items: { type: 'array', items: schema } },
});

/** The API's OpenAPI 3 description, served at `GET /openapi.json`; request schemas come from the zod contracts. */
export function buildOpenApi() {
  return {
    openapi: '3.0.3',
    info: { title: 'Order saga API', version: '1.0.0', description: 'Orders run as durable Temporal sagas.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        PlaceOrder: json(PlaceOrder),
        SubmitPayment: json(SubmitPayment),
        CreateProduct: json(CreateProduct),
        Restock: json(Restock),
        Order,
        Product,
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
          },
        },
      },
    },
    paths: {
      '/orders': {
        post: {
          summary: 'Place an order (USER); idempotent per Idempotency-Key',
          security: secured,
          parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 255 } }],
          requestBody: body('PlaceOrder'),
          responses: {
            201: ok('created', ref('Order')),
            200: ok('replay of the same key', ref('Order')),
            ...problems(400, 401, 403, 422, 503),
          },
        },
        get: {
          summary: 'List orders from the read model (USER: own, ADMIN: all)',
          security: secured,
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string', enum: [...ORDER_STATUSES] } },
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            },
          ],
          responses: { 200: ok('orders', list(ref('Order'))), ...problems(401, 403, 422) },
        },
      },
      '/orders/{id}': {
        get: {
          summary: 'Live status (owner, SELLER, ADMIN)',
          security: secured,
          parameters: [idParam],
          responses: { 200: ok('the order', ref('Order')), ...problems(401, 403, 404) },
        },
      },
      '/orders/{id}/payment': {
        post: {
          summary: 'Pay within the window (owner)',
          security: secured,
          parameters: [idParam],
          requestBody: body('SubmitPayment'),
          responses: {
            200: ok('PAID, or CANCELLED when declined', ref('Order')),
            202: ok(inProgress, ref('Order')),
            ...problems(401, 403, 404, 409, 422, 503),
          },
        },
      },
      '/orders/{id}/cancel': {
        post: {
          summary: 'Cancel; refunds when paid (owner, ADMIN)',
          security: secured,
          parameters: [idParam],
          responses: {
            200: ok(
              'CANCELLED (reason refunded when it was paid, refund_failed when the PSP refused)',
              ref('Order'),
            ),
            202: ok(inProgress, ref('Order')),
            ...problems(401, 403, 404, 409, 503),
          },
        },
      },
      '/orders/{id}/fulfill': {
        post: {
          summary: 'Mark shipped (SELLER, ADMIN)',
          security: secured,
          parameters: [idParam],
          responses: {
            200: ok('FULFILLED', ref('Order')),
            202: ok(inProgress, ref('Order')),
            ...problems(401, 403, 404, 409, 503),
          },
        },
      },
      '/products': {
        get: {
          summary: 'Catalog with available stock',
          responses: { 200: ok('products', list(ref('Product'))) },
        },
        post: {
          summary: 'Create a product (SELLER, ADMIN)',
          security: secured,
          requestBody: body('CreateProduct'),
          responses: { 201: ok('created', ref('Product')), ...problems(400, 401, 403, 409, 422) },
        },
      },
      '/products/{id}/restock': {
        post: {
          summary: 'Add stock (SELLER, ADMIN); idempotent per Idempotency-Key',
          security: secured,
          parameters: [idParam],
          requestBody: body('Restock'),
          responses: { 200: ok('the product', ref('Product')), ...problems(401, 403, 404, 422) },
        },
      },
      '/health/live': { get: { summary: 'Liveness', responses: { 200: ok('alive') } } },
      '/health/ready': {
        get: {
          summary: 'Readiness of PostgreSQL, Temporal and Kafka',
          responses: { 200: ok('ready'), 503: ok('not ready') },
        },
      },
      '/openapi.json': { get: { summary: 'This document', responses: { 200: ok('OpenAPI 3') } } },
    },
  };
}
