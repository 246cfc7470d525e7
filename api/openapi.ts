import { z } from 'zod';
import { DrillState, Overview, Pipeline, StartDrill } from '../contracts/admin';
import {
  ORDER_STATUSES,
  OrderResource,
  OrderSummary,
  OrderView,
  PlaceOrder,
  SellerOrderResource,
  SellerOrderSummary,
  SellerOrderView,
  SubmitPayment,
} from '../contracts/order';
import {
  CreateProduct,
  PAGE_SIZE,
  PRODUCT_IDS,
  ProductPage,
  ProductView,
  Restock,
} from '../contracts/product';
import { ROLES } from './auth';
import { DemoPerson, DevSignIn } from './routes/dev-sign-in';
import { IDEMPOTENCY_KEY_PATTERN } from './validate';

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
  400: 'malformed request: the body is not valid JSON, or a header is outside its limits',
  401: 'missing or invalid bearer token',
  403: 'the token lacks the role, or the product belongs to another seller',
  404: 'unknown, or not yours',
  409: "the order's state does not allow it (e.g. a cancel once a line has shipped)",
  413: 'the body is larger than 64 kB',
  415: 'the JSON body is in a charset other than UTF-8',
  422: 'invalid input; `errors` names each field',
  503: 'a dependency is unavailable, or the order service is at capacity (see Retry-After); nothing was recorded',
};
/** The whole order (its owner, an ADMIN) or one seller's part of it (that SELLER). */
const orderOrSellerPart = (suffix: '' | 'Resource' = '') => ({
  oneOf: [ref(`Order${suffix}`), ref(`SellerOrder${suffix}`)],
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
/** A problem particular to one operation, described as it applies there. */
const problem = (description: string, retryAfter = false) => ({
  description,
  ...(retryAfter
    ? { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } }
    : {}),
  content: { 'application/problem+json': { schema: ref('Problem') } },
});
const idempotencyKey = (effect: string) => ({
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: `1 to 255 visible ASCII characters (400 otherwise); ${effect}`,
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN },
});

/**
 * An operation with every status it can answer. Any request may carry a malformed JSON body or header
 * (400) and a bearer token that does not verify (401); any may find PostgreSQL away (503). A body may be
 * too large (413), in another charset (415) or invalid (422); a role-gated operation answers 403 to the other roles.
 */
function operation({
  summary,
  roles,
  parameters,
  requestBody,
  responses,
  problems: specific = [],
}: {
  summary: string;
  roles?: string[];
  parameters?: object[];
  requestBody?: object;
  responses: Record<number, object>;
  problems?: number[];
}) {
  const statuses = new Set([400, 401, 503, ...specific]);
  if (roles && roles.length < ROLES.length) statuses.add(403);
  if (requestBody) [413, 415, 422].forEach((status) => statuses.add(status));
  return {
    summary,
    ...(roles ? { security: [{ bearer: [] }], 'x-roles': roles } : {}),
    ...(parameters ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    // An operation's own description of a status replaces the general one.
    responses: { ...problems(...[...statuses].sort()), ...responses },
  };
}

const list = (schema: object) => ({
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: schema } },
  additionalProperties: false,
});
/** A response body exactly as the zod contract describes what the server sends. */
const output = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'output' });

/**
 * One `/live` event as an EventSource hands it over: its name, and its data, a JSON text whose shape the
 * description gives (OpenAPI 3.0 has no keyword for the schema of a string's content).
 */
const liveEvent = (name: string, json: string, example: object) => ({
  type: 'object',
  required: ['event', 'data'],
  properties: {
    event: { type: 'string', enum: [name] },
    data: { type: 'string', description: `JSON: ${json}`, example: JSON.stringify(example) },
    id: { type: 'string' },
    retry: { type: 'integer' },
  },
});
const LIVE_EVENT = {
  oneOf: [
    liveEvent('ready', '{ live: boolean } (false while this API process cannot listen for changes)', {
      live: true,
    }),
    liveEvent('order', `{ id: uuid, status: ${ORDER_STATUSES.join(' | ')} }`, {
      id: '0b7e5c4a-3f7e-4c52-9a4e-5b8f6b8d2f10',
      status: 'PAID',
    }),
    liveEvent('catalog', '{ productIds?: uuid[] } (absent when any product may have changed)', {
      productIds: ['5d0f1f8e-8f8b-4b0e-9d8e-2c9b0b1f7a11'],
    }),
  ],
};

/** The API's OpenAPI 3 description, served at `GET /openapi.json`; request schemas come from the zod contracts. */
export function buildOpenApi({ devSignIn = false }: { devSignIn?: boolean } = {}) {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Order saga API',
      version: '1.1.0',
      description:
        'Orders run as durable Temporal sagas. Errors are application/problem+json. A method a path does not support answers 405 with an Allow header.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        PlaceOrder: json(PlaceOrder),
        SubmitPayment: json(SubmitPayment),
        CreateProduct: json(CreateProduct),
        Restock: json(Restock),
        StartDrill: json(StartDrill),
        DevSignIn: json(DevSignIn),
        Order: output(OrderView),
        OrderResource: output(OrderResource),
        OrderSummary: output(OrderSummary),
        SellerOrder: output(SellerOrderView),
        SellerOrderResource: output(SellerOrderResource),
        SellerOrderSummary: output(SellerOrderSummary),
        Product: output(ProductView),
        ProductPage: output(ProductPage),
        Overview: output(Overview),
        Pipeline: output(Pipeline),
        DrillState: output(DrillState),
        DemoPerson: output(DemoPerson),
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
        post: operation({
          summary: 'Place an order (USER); idempotent per Idempotency-Key',
          roles: ['USER'],
          parameters: [
            idempotencyKey(
              'the same key (for the same customer) never makes a second order; reused for a different body it is 422',
            ),
          ],
          requestBody: body('PlaceOrder'),
          responses: {
            201: ok('created', ref('OrderResource')),
            200: ok('replay of the same key', ref('OrderResource')),
            409: problem(
              'the customer already holds as much as one customer may unpaid: UNPAID_ORDERS_PER_CUSTOMER (default 10) orders not yet paid, or UNPAID_UNITS_PER_CUSTOMER (default 100) units of stock across them, this order included. `limit` names it (`unpaidOrders` or `unpaidUnits`), `max` is its value, `unpaidOrders` and `unpaidUnits` what the customer holds now; nothing was recorded',
            ),
            429: problem(
              'this caller (token subject) is over ORDER_RATE_PER_CALLER (default 30/1m), ORDER_CARD_ATTEMPTS_PER_CALLER (with `payment`; default 20/1h) or ORDER_IN_FLIGHT_PER_CALLER (default a quarter of ORDER_ADMISSION_CONCURRENCY); `limit` names it; nothing was recorded',
              true,
            ),
            503: problem(
              'a dependency is unavailable, the order service is at capacity, or a product named is held by another session for longer than a reservation takes (`busyProductIds` names them); nothing was recorded, retry after Retry-After',
              true,
            ),
          },
          problems: [422],
        }),
        get: operation({
          summary: 'List orders from the read model (USER: own; SELLER: with their products; ADMIN: all)',
          roles: ['USER', 'SELLER', 'ADMIN'],
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string', enum: [...ORDER_STATUSES] } },
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            },
            {
              name: 'shipped',
              in: 'query',
              description:
                "SELLER: only orders whose lines of the seller's products have (true) or have not (false) shipped; ignored for other roles",
              schema: { type: 'string', enum: ['true', 'false'] },
            },
            {
              name: 'customerId',
              in: 'query',
              description: "ADMIN: one customer's orders; ignored for other roles",
              schema: { type: 'string', minLength: 1, maxLength: 200 },
            },
            {
              name: 'from',
              in: 'query',
              description: 'placed at or after this instant',
              schema: { type: 'string', format: 'date-time' },
            },
            {
              name: 'to',
              in: 'query',
              description: 'placed before this instant',
              schema: { type: 'string', format: 'date-time' },
            },
          ],
          responses: {
            200: ok('orders, newest first; to a SELLER, its part of each', {
              // An empty list is both; a list never mixes the two kinds.
              anyOf: [list(ref('OrderSummary')), list(ref('SellerOrderSummary'))],
            }),
          },
          problems: [422],
        }),
      },
      '/orders/{id}': {
        get: operation({
          summary: 'Live status (owner, a SELLER of a product in it, ADMIN)',
          roles: ['USER', 'SELLER', 'ADMIN'],
          parameters: [idParam],
          responses: {
            200: ok('the order; to a SELLER, its part of it', orderOrSellerPart('Resource')),
            429: problem(
              'this caller (token subject) is over ORDER_QUERY_RATE_PER_CALLER (default 600/1m)',
              true,
            ),
          },
          problems: [404],
        }),
      },
      '/orders/{id}/payment': {
        post: operation({
          summary: 'Pay within the window (owner)',
          roles: ['USER'],
          parameters: [idParam],
          requestBody: body('SubmitPayment'),
          responses: {
            200: ok('PAID, or CANCELLED when declined', ref('Order')),
            202: ok(inProgress, ref('Order')),
            429: problem(
              'this caller (token subject) is over ORDER_CARD_ATTEMPTS_PER_CALLER (default 20/1h); no charge was attempted',
              true,
            ),
          },
          problems: [404, 409, 422],
        }),
      },
      '/orders/{id}/cancel': {
        post: operation({
          summary: 'Cancel; refunds when paid; refused once any line has shipped (owner, ADMIN)',
          roles: ['USER', 'ADMIN'],
          parameters: [idParam],
          responses: {
            200: ok(
              'CANCELLED (reason refunded when it was paid, refund_failed when the PSP refused)',
              ref('Order'),
            ),
            202: ok(inProgress, ref('Order')),
          },
          problems: [404, 409],
        }),
      },
      '/orders/{id}/fulfill': {
        post: operation({
          summary:
            'Ship: a SELLER ships their own lines, an ADMIN every line left; FULFILLED once all have shipped',
          roles: ['SELLER', 'ADMIN'],
          parameters: [idParam],
          responses: {
            200: ok(
              'PAID with the shipment recorded, or FULFILLED after the last one; to a SELLER, its part',
              orderOrSellerPart(),
            ),
            202: ok(inProgress, orderOrSellerPart()),
          },
          problems: [404, 409],
        }),
      },
      '/products': {
        get: operation({
          summary:
            'Catalog with available stock (no token needed), by sku, in pages: follow `nextCursor` until it is null',
          parameters: [
            {
              name: 'limit',
              in: 'query',
              description: 'products per page',
              schema: { type: 'integer', minimum: 1, maximum: PAGE_SIZE.max, default: PAGE_SIZE.default },
            },
            {
              name: 'cursor',
              in: 'query',
              description:
                "the previous page's `nextCursor` (its last sku): the page after it. Any sku is a place in the catalog",
              schema: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' },
            },
            {
              name: 'ids',
              in: 'query',
              description: `only these products: comma-separated ids, at most ${PAGE_SIZE.max} (the ids a \`catalog\` event of GET /live names)`,
              schema: { type: 'string', pattern: PRODUCT_IDS.source },
            },
          ],
          responses: { 200: ok('one page of products', ref('ProductPage')) },
          problems: [422],
        }),
        post: operation({
          summary:
            'Create a product (SELLER, ADMIN); it belongs to the seller who creates it. At most PRODUCTS_PER_SELLER (default 1000) per seller',
          roles: ['SELLER', 'ADMIN'],
          requestBody: body('CreateProduct'),
          responses: {
            201: ok('created', ref('Product')),
            409: problem(
              'the sku exists already, or the seller has as many products as PRODUCTS_PER_SELLER allows (`limit` names it, `max` is its value); nothing was created',
            ),
          },
          problems: [422],
        }),
      },
      '/products/{id}/restock': {
        post: operation({
          summary: "Add stock (the product's SELLER, ADMIN); idempotent per Idempotency-Key",
          roles: ['SELLER', 'ADMIN'],
          parameters: [idParam, idempotencyKey('the same key adds the stock once')],
          requestBody: body('Restock'),
          responses: {
            200: ok('the product', ref('Product')),
            409: problem(
              'the restock would take the product past MAX_ON_HAND (1,000,000,000 units on hand); `limit` names it; nothing was added',
            ),
          },
          problems: [404, 422],
        }),
      },
      '/live': {
        get: operation({
          summary:
            'Server-Sent Events: `order` ({id, status}) when an order the caller may see changes in the read model (a SELLER: when its part changes, its status or its own lines shipping), `catalog` ({productIds}, or {} when any product may have changed) when stock changes',
          roles: ['USER', 'SELLER', 'ADMIN'],
          responses: {
            200: {
              description:
                'an event stream; `ready` first, then changes as they are projected. It ends when the token expires (connect again with a fresh one; an expired token is 401) and when the reader falls more than LIVE_STREAM_BUFFER_BYTES (default 64 KiB) behind',
              // Each event as a client's EventSource receives it: its name and its data, a JSON text.
              content: { 'text/event-stream': { schema: LIVE_EVENT } },
            },
            429: problem(
              'this caller (token subject) has LIVE_STREAMS_PER_CALLER (default 5) streams open already',
              true,
            ),
            503: problem(
              'this API process serves LIVE_STREAMS_TOTAL (default 1000) streams already, or is stopping, or a dependency is unavailable',
              true,
            ),
          },
        }),
      },
      '/admin/overview': {
        get: operation({
          summary: 'Orders by status, orders placed per minute, and where the Temporal Web UI is (ADMIN)',
          roles: ['ADMIN'],
          responses: { 200: ok('the overview', ref('Overview')) },
        }),
      },
      '/admin/pipeline': {
        get: operation({
          summary:
            "The event pipeline's health, read from the relay's, projector's and notifier's metrics (ADMIN)",
          roles: ['ADMIN'],
          responses: { 200: ok('the pipeline', ref('Pipeline')) },
        }),
      },
      '/admin/payment-drill': {
        get: operation({
          summary: "The payment gateway mock's failure drill now (ADMIN)",
          roles: ['ADMIN'],
          responses: { 200: ok('the drill', ref('DrillState')) },
        }),
        post: operation({
          summary:
            'Make the payment gateway mock refuse (`fail`) or delay (`slow`) every charge for a while, or end the drill (`off`) (ADMIN)',
          roles: ['ADMIN'],
          requestBody: body('StartDrill'),
          responses: { 200: ok('the drill', ref('DrillState')) },
        }),
      },
      ...(devSignIn ? devPaths() : {}),
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

/** Development only: absent from the document, as from the API, when NODE_ENV=production. */
function devPaths() {
  return {
    '/dev/people': {
      get: operation({
        summary: 'The demo people of the local stack (development only)',
        responses: { 200: ok('people', list(ref('DemoPerson'))) },
      }),
    },
    '/dev/token': {
      post: operation({
        summary: 'A 12-hour token for a demo person, signed with the development secret (development only)',
        requestBody: body('DevSignIn'),
        responses: {
          200: ok('the token', {
            type: 'object',
            required: ['token', 'person'],
            properties: { token: { type: 'string' }, person: ref('DemoPerson') },
            additionalProperties: false,
          }),
        },
        problems: [404],
      }),
    },
  };
}
