import { createHash } from 'node:crypto';

/** A fixed namespace so that the same name always yields the same id (RFC 9562 version 5). */
const NAMESPACE = Buffer.from('6f1d2c1e8b1a4f0e9a2d7c3b5e4f6a70', 'hex');

export function deterministicUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
