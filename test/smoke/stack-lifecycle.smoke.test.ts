import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
// A stack of its own, beside the one the test run uses.
const PORTS = { PG_PORT: '15433', TEMPORAL_PORT: '17233', TEMPORAL_UI_PORT: '18233', KAFKA_PORT: '19092' };

function startStackProcess(dataDir: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...PORTS };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'KAFKA_BROKERS']) delete env[name];
  Object.assign(env, extraEnv);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/stack.ts', 'up', '--ephemeral', '--data-dir', dataDir],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = async () => {
    while (!output.includes('STACK_READY')) {
      if (child.exitCode !== null) throw new Error(`stack exited early:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, exited, ready, output: () => output };
}

const listening = (port: string) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: Number(port) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

async function serverPorts() {
  return Object.fromEntries(
    await Promise.all(Object.values(PORTS).map(async (p) => [p, await listening(p)])),
  );
}

test('SIGTERM stops Temporal, Kafka and PostgreSQL and leaves no process or port behind', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-lifecycle-'));
  const stack = startStackProcess(dataDir);
  await stack.ready();
  expect(Object.values(await serverPorts())).toEqual([true, true, true, true]);
  const pids = ['temporal', 'kafka', 'postgres'].map((name) =>
    Number(fs.readFileSync(path.join(dataDir, `${name}.pid`), 'utf8')),
  );

  stack.child.kill('SIGTERM');
  expect(await stack.exited).toBe(0);
  expect(Object.values(await serverPorts())).toEqual([false, false, false, false]);
  for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
});

test('SIGTERM during start-up stops what had already started', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-lifecycle-'));
  // A Temporal that never answers keeps start-up waiting, so the signal surely lands mid-start.
  const stack = startStackProcess(dataDir, { TEMPORAL_ADDRESS: '127.0.0.1:1' });
  while (!/PostgreSQL on 127.0.0.1:\d+: done/.test(stack.output()))
    await new Promise((r) => setTimeout(r, 20));
  expect(await listening(PORTS.PG_PORT)).toBe(true);
  stack.child.kill('SIGTERM');
  expect(await stack.exited).toBe(130);
  expect(stack.output()).toMatch(/interrupted while starting/);
  expect(Object.values(await serverPorts())).toEqual([false, false, false, false]);
});
