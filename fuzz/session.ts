import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Knex } from 'knex';
import { signToken, type JwtSettings } from '../api/auth';
import { createResponseChecker, type ApiDocument } from './api-document';
import { fingerprint, settledFingerprint } from './fingerprint';
import { send, type RawResponse } from './http-request';
import { documentedRequest, hostileRequest, type FuzzContext } from './requests';

export interface FuzzSession {
  context: FuzzContext;
  /** Every subject whose tokens the session holds: the rows they own are the ones watched. */
  subjects: string[];
  doc: ApiDocument;
}

/**
 * Principals of every kind and something for them to act on: two sellers with a product each, a
 * customer with a paid and an unpaid order, a second customer, an admin, no token, a forged token.
 */
export async function openFuzzSession(apiUrl: string, jwt: JwtSettings): Promise<FuzzSession> {
  const run = randomUUID().slice(0, 8);
  const subjects = {
    customer: `fuzz-customer-${run}`,
    otherCustomer: `fuzz-other-customer-${run}`,
    seller: `fuzz-seller-${run}`,
    otherSeller: `fuzz-other-seller-${run}`,
    admin: `fuzz-admin-${run}`,
  };
  const tokens: Record<string, string | undefined> = {
    customer: await signToken(jwt, { subject: subjects.customer, role: 'USER' }),
    'other customer': await signToken(jwt, { subject: subjects.otherCustomer, role: 'USER' }),
    seller: await signToken(jwt, { subject: subjects.seller, role: 'SELLER' }),
    'other seller': await signToken(jwt, { subject: subjects.otherSeller, role: 'SELLER' }),
    admin: await signToken(jwt, { subject: subjects.admin, role: 'ADMIN' }),
    anonymous: undefined,
    forged: await signToken(
      { ...jwt, secret: 'a forger who does not know the secret!!' },
      { subject: subjects.admin, role: 'ADMIN' },
    ),
  };
  const call = async (method: string, path: string, token: string | undefined, body: unknown) => {
    const response = await send(apiUrl, {
      method,
      path,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status >= 300)
      throw new Error(`fuzz set-up: ${method} ${path} answered ${response.status}: ${response.text}`);
    return JSON.parse(response.text) as { id: string };
  };
  const product = (token: string | undefined) =>
    call('POST', '/products', token, {
      sku: `FUZZ-${randomUUID()}`,
      name: 'Fuzzed product',
      priceCents: 500,
      currency: 'EUR',
      onHand: 1000,
    });
  const mine = await product(tokens.seller);
  const theirs = await product(tokens['other seller']);
  const items = [
    { productId: mine.id, quantity: 1 },
    { productId: theirs.id, quantity: 1 },
  ];
  const paid = await call('POST', '/orders', tokens.customer, { items, payment: { token: 'tok_visa' } });
  const unpaid = await call('POST', '/orders', tokens.customer, { items });
  const doc = JSON.parse(
    (await send(apiUrl, { method: 'GET', path: '/openapi.json', headers: {} })).text,
  ) as ApiDocument;
  return {
    context: { tokens, uuids: [mine.id, theirs.id, paid.id, unpaid.id] },
    subjects: Object.values(subjects),
    doc,
  };
}

export interface FuzzReport {
  runs: number;
  statuses: Record<string, number>;
}
const tally = (report: FuzzReport, response: RawResponse) => {
  report.runs += 1;
  report.statuses[response.status] = (report.statuses[response.status] ?? 0) + 1;
};
const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Hostile requests: every answer is below 500, every refusal is problem+json, and a refused request
 * leaves the rows of the session's principals exactly as they were.
 */
export async function fuzzHostile(
  apiUrl: string,
  db: Knex,
  session: FuzzSession,
  { runs, seed }: { runs: number; seed?: number },
): Promise<FuzzReport> {
  const report: FuzzReport = { runs: 0, statuses: {} };
  let before = await settledFingerprint(db, session.subjects);
  await fc.assert(
    fc.asyncProperty(hostileRequest(session.doc, session.context), async ({ as, request }) => {
      const response = await send(apiUrl, request);
      tally(report, response);
      const what = `${request.method} ${request.path.slice(0, 120)} as ${as}`;
      if (response.status >= 500) throw new Error(`${what}: ${response.status} ${response.text}`);
      if (response.status < 400) {
        if (MUTATING.includes(request.method)) before = await settledFingerprint(db, session.subjects);
        return;
      }
      if (
        request.method !== 'HEAD' &&
        !String(response.headers['content-type']).startsWith('application/problem+json')
      )
        throw new Error(`${what}: ${response.status} is not problem+json: ${response.text.slice(0, 200)}`);
      const after = await fingerprint(db, session.subjects);
      if (after !== before)
        throw new Error(`${what}: refused with ${response.status}, yet it changed stock or orders`);
    }),
    { numRuns: runs, endOnFailure: true, ...(seed === undefined ? {} : { seed }) },
  );
  return report;
}

/** Requests generated from the document, as each principal: every answer is one the document lists. */
export async function checkAgainstDocument(
  apiUrl: string,
  session: FuzzSession,
  { runs, seed }: { runs: number; seed?: number },
): Promise<FuzzReport> {
  const report: FuzzReport = { runs: 0, statuses: {} };
  const check = createResponseChecker(session.doc);
  await fc.assert(
    fc.asyncProperty(documentedRequest(session.doc, session.context), async ({ ref, as, request }) => {
      const response = await send(apiUrl, request);
      tally(report, response);
      const problem = check(ref, {
        status: response.status,
        contentType: String(response.headers['content-type'] ?? ''),
        text: response.text,
      });
      if (problem)
        throw new Error(
          `${request.method} ${request.path} as ${as}: ${problem}\n${response.text.slice(0, 300)}`,
        );
    }),
    { numRuns: runs, endOnFailure: true, ...(seed === undefined ? {} : { seed }) },
  );
  return report;
}
