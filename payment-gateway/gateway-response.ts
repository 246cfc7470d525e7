import type { Response } from 'express';

/** A finished answer, kept as data so the idempotency store can replay it byte for byte. */
export interface GatewayResponse {
  status: number;
  body: object;
  problem: boolean;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
}

export function json(status: number, body: object): GatewayResponse {
  return { status, body, problem: false };
}

/** An RFC 9457 problem; `slug` names the kind of failure so clients can branch on `type`. */
export function problem(status: number, slug: string, title: string, detail: string): GatewayResponse {
  const body: Problem = { type: `https://payment-gateway.example/problems/${slug}`, title, status, detail };
  return { status, body, problem: true };
}

export function send(res: Response, response: GatewayResponse): void {
  res.status(response.status);
  if (response.problem) res.type('application/problem+json');
  res.json(response.body);
}
