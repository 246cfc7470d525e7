import fc, { type Arbitrary } from 'fast-check';
import { operationsOf, schemaAt, type ApiDocument, type OperationRef } from './api-document';
import type { RawRequest } from './http-request';
import { valueOf, type SchemaHints } from './schema-arbitrary';

export interface FuzzContext extends SchemaHints {
  /** Bearer tokens by who holds them (`anonymous` has none); requests are sent as each. */
  tokens: Record<string, string | undefined>;
}

const authorization = (token: string | undefined): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};

/**
 * A request that would start a failure drill of the payment gateway. The fuzz sends none: a drill leaves
 * charges retrying, and their later success changes rows while other requests are being checked for
 * changing none. The drill has browser and authorization tests of its own.
 */
export const startsADrill = ({ method, path, body }: RawRequest) =>
  method === 'POST' &&
  path.startsWith('/admin/payment-drill') &&
  /"mode"\s*:\s*"(fail|slow)"/.test(body ?? '');

/** Requests a client generated from the document would send: valid parameters and bodies, as anyone. */
export function documentedRequest(
  doc: ApiDocument,
  context: FuzzContext,
): Arbitrary<{ ref: OperationRef; as: string; request: RawRequest }> {
  return documentedRequests(doc, context).filter(({ request }) => !startsADrill(request));
}

function documentedRequests(
  doc: ApiDocument,
  context: FuzzContext,
): Arbitrary<{ ref: OperationRef; as: string; request: RawRequest }> {
  const holders = Object.keys(context.tokens);
  return fc.constantFrom(...operationsOf(doc)).chain((ref) => {
    const parameters = ref.operation.parameters ?? [];
    const valuesOf = (where: string, optional: boolean) =>
      fc.record(
        Object.fromEntries(
          parameters
            .filter((p) => p.in === where)
            .map((p) => [
              p.name,
              optional && !p.required
                ? fc.option(valueOf(p.schema, context), { nil: undefined })
                : valueOf(p.schema, context),
            ]),
        ),
      );
    const bodyRef = ref.operation.requestBody?.content['application/json'].schema.$ref;
    return fc
      .record({
        as: fc.constantFrom(...holders),
        path: valuesOf('path', false),
        query: valuesOf('query', true),
        headers: valuesOf('header', true),
        body: bodyRef ? valueOf(schemaAt(doc, bodyRef), context) : fc.constant(undefined),
      })
      .map(({ as, path, query, headers, body }) => {
        const search = new URLSearchParams(
          Object.entries(query).flatMap(([k, v]): Array<[string, string]> =>
            v === undefined ? [] : [[k, String(v)]],
          ),
        ).toString();
        const resolved = ref.path.replace(/\{(\w+)\}/g, (_, name: string) =>
          encodeURIComponent(String(path[name])),
        );
        return {
          ref,
          as,
          request: {
            method: ref.method,
            path: `${resolved}${search ? `?${search}` : ''}`,
            headers: {
              ...authorization(context.tokens[as]),
              ...Object.fromEntries(
                Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
              ),
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          },
        };
      });
  });
}

/** Values no field expects: wrong types, huge and negative numbers, unicode, nesting. */
const hostileValue: Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    1.5,
    -2147483649,
    2 ** 53 + 1,
    1e308,
    -1e308,
    true,
    false,
    null,
    '',
    ' ',
    [],
    {},
    '💥',
    'ǅ\u0000\u202e',
    '1',
    'NaN',
  ),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Raw bodies that are not what any operation takes, or not even JSON. */
const hostileRawBody: Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '{',
    '{"items": [',
    'null',
    '[]',
    '""',
    '{"quantity": 1e400}',
    '{"items":[{"productId":"x","quantity":-5}]}',
    '[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]',
    '{"__proto__": {"admin": true}}',
    '{"constructor": {"prototype": {}}}',
    '\u0000',
    '{"a":1,"a":2}',
  ),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
);

const hostileSegment = (context: FuzzContext): Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...context.uuids),
    fc.uuid(),
    fc.constantFrom(
      '..',
      '%2e%2e',
      '%00',
      'null',
      'undefined',
      '-1',
      '0',
      '9'.repeat(40),
      '%F0%9F%92%A5',
      '%ZZ',
      'a'.repeat(3000),
      '%20',
      'ORDER',
    ),
    fc.string({ unit: 'grapheme', maxLength: 40 }).map(encodeURIComponent),
  );

/** Header values a socket can carry (Latin-1, no CR/LF) that no documented header expects. */
const hostileHeaderValue = fc.string({
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((c) => c !== 0x7f)
    .map((c) => String.fromCharCode(c)),
  maxLength: 300,
});

/** Hostile requests: odd methods, paths, headers and bodies, every one of which must be refused cleanly. */
export function hostileRequest(
  doc: ApiDocument,
  context: FuzzContext,
): Arbitrary<{ as: string; request: RawRequest }> {
  return hostileRequests(doc, context).filter(({ request }) => !startsADrill(request));
}

function hostileRequests(
  doc: ApiDocument,
  context: FuzzContext,
): Arbitrary<{ as: string; request: RawRequest }> {
  const operations = operationsOf(doc);
  const bodySchemas = operations.flatMap((o) => {
    const ref = o.operation.requestBody?.content['application/json'].schema.$ref;
    return ref ? [schemaAt(doc, ref)] : [];
  });
  const mutatedBody = fc
    .constantFrom(...bodySchemas)
    .chain((schema) =>
      fc.tuple(
        valueOf(schema, context),
        fc.constantFrom(...Object.keys(schema.properties ?? {}), '__extra', 'items.0.quantity'),
        hostileValue,
      ),
    )
    .map(([valid, field, value]) => {
      const body = structuredClone(valid) as Record<string, unknown>;
      if (field === 'items.0.quantity' && Array.isArray(body.items) && body.items[0])
        (body.items[0] as Record<string, unknown>).quantity = value;
      else body[field] = value;
      return JSON.stringify(body);
    });
  const anyPath = fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .constantFrom(...Object.keys(doc.paths))
        .chain((p) => fc.tuple(fc.constant(p), hostileSegment(context)))
        .map(([p, segment]) => p.replace(/\{\w+\}/g, segment)),
    },
    {
      weight: 1,
      arbitrary: fc
        .array(hostileSegment(context), { minLength: 1, maxLength: 4 })
        .map((segments) => `/${segments.join('/')}`),
    },
  );
  const query = fc.option(
    fc
      .array(
        fc.tuple(
          fc.constantFrom('status', 'limit', 'shipped', 'x'),
          fc.oneof(
            fc.constantFrom('PAID', '-1', '0', '501', '1e3', 'true', ''),
            fc.string({ maxLength: 20 }),
          ),
        ),
        { maxLength: 3 },
      )
      .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`),
    { nil: '' },
  );
  return fc
    .record({
      as: fc.constantFrom(...Object.keys(context.tokens)),
      // Half aim at an operation the document has (so bodies meet its validation), half anywhere.
      target: fc.oneof(
        fc.constantFrom(...operations).chain(({ method, path }) =>
          fc.tuple(
            fc.constant(method),
            hostileSegment(context).map((segment) => path.replace(/\{\w+\}/g, segment)),
          ),
        ),
        fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'TRACE', 'HEAD'), anyPath),
      ),
      query,
      contentType: fc.option(
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
          'multipart/form-data',
        ),
        { nil: undefined },
      ),
      idempotencyKey: fc.option(hostileHeaderValue, { nil: undefined }),
      // One request in five carries a mangled Authorization header; the rest a real principal's token.
      badAuthorization: fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc.oneof(
            fc.constantFrom('Bearer', 'Bearer ', 'Basic YWxpY2U6c2VjcmV0', 'Bearer a.b.c', 'bearer   x'),
            hostileHeaderValue,
          ),
        },
      ),
      body: fc.option(fc.oneof(mutatedBody, hostileRawBody), { nil: undefined, freq: 6 }),
    })
    .map(({ as, target: [method, path], query, contentType, idempotencyKey, badAuthorization, body }) => {
      const sendsBody = body !== undefined && method !== 'HEAD';
      return {
        as,
        request: {
          method,
          path: `${path}${query}`,
          headers: {
            ...(badAuthorization !== undefined
              ? { authorization: badAuthorization }
              : authorization(context.tokens[as])),
            ...(contentType && sendsBody ? { 'content-type': contentType } : {}),
            ...(idempotencyKey !== undefined ? { 'idempotency-key': idempotencyKey } : {}),
          },
          ...(sendsBody ? { body } : {}),
        },
      };
    });
}
