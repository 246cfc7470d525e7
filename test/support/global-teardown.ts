import type { ChildProcess } from 'node:child_process';
import { stopTestStack } from './test-stack';

export default async function globalTeardown() {
  const child = (globalThis as { __TEST_STACK__?: ChildProcess }).__TEST_STACK__;
  if (child) await stopTestStack(child);
}
