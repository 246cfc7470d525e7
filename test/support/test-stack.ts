import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

/**
 * Ports of the stack the tests start: apart from the defaults so a running `npm start` is left alone, and
 * below the kernel's ephemeral range (32768+), where a client socket could be holding one at random.
 */
export const TEST_PORTS = {
  PG_PORT: '25433',
  TEMPORAL_PORT: '27233',
  TEMPORAL_UI_PORT: '28233',
  KAFKA_PORT: '29092',
  MAILDEV_SMTP_PORT: '21025',
  MAILDEV_WEB_PORT: '21080',
  NOTIFIER_METRICS_PORT: '21106',
  // The Web UI of the test stack asks this port to decrypt payloads (the UI test's API serves it).
  API_METRICS_PORT: '21101',
} as const;

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Starts `scripts/stack.ts up --ephemeral --migrate` as a child process and resolves with the environment
 * that points at it. Servers given through DATABASE_URL, KAFKA_BROKERS or TEMPORAL_ADDRESS are reused.
 */
export function startTestStack(): Promise<{ child: ChildProcess; env: Record<string, string> }> {
  // Named after the port, so a later run finds (and stops) servers that a killed run left behind.
  const dataDir = path.join(os.tmpdir(), `order-saga-test-${process.env.PG_PORT ?? TEST_PORTS.PG_PORT}`);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'scripts', 'stack.ts'),
      'up',
      '--ephemeral',
      '--migrate',
      '--data-dir',
      dataDir,
    ],
    { cwd: ROOT, env: { ...TEST_PORTS, ...process.env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('STACK_READY '));
      if (line) resolve({ child, env: JSON.parse(line.slice('STACK_READY '.length)) });
    });
    child.once('exit', (code) =>
      reject(new Error(`the test stack exited with code ${code} before it was ready`)),
    );
  });
}

export function stopTestStack(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
