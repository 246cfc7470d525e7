import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eventually } from '../support/eventually';
import { spawnForTest } from '../support/spawn-for-test';

const ROOT = path.resolve(__dirname, '..', '..');
// A stack of its own, beside the one the test run uses.
const PORTS = {
  PG_PORT: '15433',
  TEMPORAL_PORT: '17233',
  TEMPORAL_UI_PORT: '18233',
  KAFKA_PORT: '19092',
  MAILDEV_SMTP_PORT: '15025',
  MAILDEV_WEB_PORT: '15080',
};
const ALL_UP = Object.values(PORTS).map(() => true);
const ALL_DOWN = Object.values(PORTS).map(() => false);

/** `viaNpm`: started the way a user does, through npm and tsx, in a process group of its own. */
function startStackProcess(dataDir: string, extraEnv: NodeJS.ProcessEnv = {}, viaNpm = false) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...PORTS };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'KAFKA_BROKERS', 'SMTP_URL']) delete env[name];
  Object.assign(env, extraEnv);
  const args = ['up', '--ephemeral', '--data-dir', dataDir];
  const child = viaNpm
    ? spawnForTest('npm', ['run', '--silent', 'stack', '--', ...args], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    : spawnForTest(process.execPath, ['--import', 'tsx', 'scripts/stack.ts', ...args], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
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
  expect(Object.values(await serverPorts())).toEqual(ALL_UP);
  const pids = ['temporal', 'kafka', 'postgres'].map((name) =>
    Number(fs.readFileSync(path.join(dataDir, `${name}.pid`), 'utf8')),
  );

  stack.child.kill('SIGTERM');
  expect(await stack.exited).toBe(0);
  expect(Object.values(await serverPorts())).toEqual(ALL_DOWN);
  for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
});

test('SIGTERM sent to the whole process group, as a terminal or service manager does, leaves nothing running', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-lifecycle-'));
  const stack = startStackProcess(dataDir, {}, true);
  await stack.ready();
  const pids = ['temporal', 'kafka', 'postgres'].map((name) =>
    Number(fs.readFileSync(path.join(dataDir, `${name}.pid`), 'utf8')),
  );

  // npm and tsx relay the signal too, so the supervisor hears it more than once within milliseconds.
  // npm itself exits at once, as a terminal's prompt returns; the supervisor goes on stopping the servers.
  process.kill(-stack.child.pid!, 'SIGTERM');
  const alive = (pid: number) => {
    try {
      return process.kill(pid, 0);
    } catch {
      return false;
    }
  };
  const stopped = await eventually(
    async () => ({ ports: Object.values(await serverPorts()), alive: pids.filter(alive) }),
    (state) => state.ports.every((open) => !open) && state.alive.length === 0,
    30_000,
  );
  expect(stopped).toEqual({ ports: ALL_DOWN, alive: [] });
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
  expect(Object.values(await serverPorts())).toEqual(ALL_DOWN);
});
