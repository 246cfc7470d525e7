import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Order = components['schemas']['Order'];
export type OrderResource = components['schemas']['OrderResource'];
export type OrderSummary = components['schemas']['OrderSummary'];
/** A SELLER's part of an order: its own lines and subtotal, nothing of the customer or other sellers. */
export type SellerOrder = components['schemas']['SellerOrder'];
export type SellerOrderSummary = components['schemas']['SellerOrderSummary'];
export type Product = components['schemas']['Product'];
export type Overview = components['schemas']['Overview'];
export type Pipeline = components['schemas']['Pipeline'];
export type DrillState = components['schemas']['DrillState'];
export type DemoPerson = components['schemas']['DemoPerson'];
export type OrderStatus = Order['status'];
type Problem = components['schemas']['Problem'];

/** An API refusal as a person reads it: the problem's detail, and each invalid field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let token: string | undefined;
export const setToken = (value: string | undefined) => (token = value);

/** What to do when the API refuses the session's token (it expired): set by the app, which signs out. */
let onSessionExpired: (() => void) | undefined;
export const whenSessionExpires = (handler: (() => void) | undefined) => (onSessionExpired = handler);
export const sessionExpired = () => onSessionExpired?.();

const bearer: Middleware = {
  onRequest({ request }) {
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has('Authorization')) sessionExpired();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(bearer);

/** Unwraps an openapi-fetch result: the data, or an ApiError with the problem's words. */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result;
  try {
    result = await request;
  } catch {
    throw new ApiError(0, 'The API cannot be reached. Is the order system running?');
  }
  const { data, error, response } = result;
  if (response.ok && data !== undefined) return data;
  // A 422's detail already names each invalid field.
  const problem = (error ?? {}) as Problem;
  throw new ApiError(
    response.status,
    problem.detail ?? problem.title ?? `The API answered ${response.status}.`,
  );
}

export const authHeader = () => (token ? { Authorization: `Bearer ${token}` } : undefined);
