import { randomUUID } from 'node:crypto';
import { signToken, type Role } from '../../api/auth';
import type { Config } from '../../platform/config';
import type { HttpResponse } from './http';

export const tokenFor = (config: Config, role: Role, subject: string) =>
  signToken(config.jwt, { role, subject });

type Request = (
  method: string,
  path: string,
  options?: { token?: string; body?: unknown },
) => Promise<HttpResponse>;

/** Creates a product through the API as a seller and returns its id. */
export async function createProduct(
  request: Request,
  sellerToken: string,
  onHand: number,
  priceCents = 1000,
): Promise<string> {
  const response = await request('POST', '/products', {
    token: sellerToken,
    body: { sku: `SKU-${randomUUID()}`, name: 'Test product', priceCents, currency: 'EUR', onHand },
  });
  if (response.status !== 201)
    throw new Error(`product not created: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}
