import { ensureWebBuild } from '../../scripts/web-build';
import { startTestStack, TEST_PORTS } from './test-stack';

export default async function globalSetup() {
  // The dashboard is built once, before the test files that serve it (and npm start's smoke tests)
  // run side by side and could otherwise build into the same folder at once.
  const [{ child, env }] = await Promise.all([startTestStack(), ensureWebBuild()]);
  (globalThis as { __TEST_STACK__?: unknown }).__TEST_STACK__ = child;
  // Jest workers are forked after this, so they inherit these variables.
  for (const [name, port] of Object.entries(TEST_PORTS)) process.env[name] ??= port;
  Object.assign(process.env, env, { NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
}
