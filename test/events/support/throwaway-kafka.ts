import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKafka } from '../../../scripts/stack/kafka';
import type { ManagedProcess } from '../../../scripts/stack/managed-process';
import { assertPortFree } from '../../../scripts/stack/port';

export interface ThrowawayKafka {
  brokers: string[];
  stop(): Promise<void>;
  /** Starts the broker again on the same port and data, as after an outage. */
  restart(): Promise<void>;
  destroy(): Promise<void>;
}

/** A single broker of the test's own, which it may stop and start without disturbing other tests. */
export async function startThrowawayKafka(): Promise<ThrowawayKafka> {
  const port = await freePortPair(29500, 29900);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-saga-kafka-'));
  fs.mkdirSync(path.join(dataDir, 'logs'));
  let broker: ManagedProcess | undefined = await startKafka({ dataDir, port });
  return {
    brokers: [`127.0.0.1:${port}`],
    async stop() {
      await broker?.stop();
      broker = undefined;
    },
    async restart() {
      broker ??= await startKafka({ dataDir, port });
    },
    async destroy() {
      await broker?.stop();
      broker = undefined;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The broker takes `port` and the controller `port + 1`; start at a random place to avoid other runs. */
async function freePortPair(from: number, to: number): Promise<number> {
  const span = (to - from) / 2;
  const first = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i += 1) {
    const port = from + ((first + i) % span) * 2;
    try {
      await assertPortFree(port, 'Kafka');
      await assertPortFree(port + 1, 'the Kafka controller');
      return port;
    } catch {
      // Taken: try the next pair.
    }
  }
  throw new Error(`no free port pair between ${from} and ${to}`);
}
