import { closeConnections } from '../../fuzz/http-request';
import { checkAgainstDocument, fuzzHostile, openFuzzSession, type FuzzSession } from '../../fuzz/session';
import { startAppHarness, type AppHarness } from '../support/app-harness';

let app: AppHarness;
let session: FuzzSession;

beforeAll(async () => {
  app = await startAppHarness();
  session = await openFuzzSession(app.apiUrl, app.config.jwt);
}, 120_000);
afterAll(async () => {
  closeConnections();
  await app?.stop();
});

test('requests generated from the OpenAPI document, as every kind of principal, get only answers the document lists, with the bodies it describes', async () => {
  const report = await checkAgainstDocument(app.apiUrl, session, { runs: 600 });
  expect(report.runs).toBe(600);
  // The generator reaches both sides of the contract: accepted requests and refusals of each kind.
  expect(Object.keys(report.statuses)).toEqual(
    expect.arrayContaining(['200', '201', '401', '403', '404', '422']),
  );
}, 300_000);

test('2,000 hostile requests (wrong types, extra fields, unicode, huge and negative numbers, odd methods, headers and paths): no 5xx, every refusal is problem+json and changes no stock and no order', async () => {
  const report = await fuzzHostile(app.apiUrl, app.db, session, { runs: 2000 });
  expect(report.runs).toBe(2000);
  expect(Object.keys(report.statuses).filter((status) => Number(status) >= 500)).toEqual([]);
  expect(Object.keys(report.statuses)).toEqual(expect.arrayContaining(['400', '401', '404', '405', '422']));
}, 600_000);

test('a method a path does not support answers 405 with Allow', async () => {
  const response = await fetch(`${app.apiUrl}/orders`, { method: 'PUT' });
  expect(response.status).toBe(405);
  expect(response.headers.get('allow')).toBe('POST, GET, HEAD');
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
});
