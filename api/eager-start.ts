import os from 'node:os';
import { Client } from '@temporalio/client';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { connectWorker, dataConverterFor } from '../platform/temporal';
import { tracingClientInterceptors } from '../platform/temporal-tracing';
import { startOrderWorker } from '../workers/order-worker';

/**
 * Eager workflow start: the API runs an order worker of its own and starts sagas through a client on
 * that worker's connection, asking for the first workflow task in the start's reply. Temporal then
 * records the start and hands the task over in one step instead of queueing it for a poller: no trip
 * through matching, one write of the execution fewer. When this worker has no free slot Temporal queues
 * the task as usual and any order worker takes it, so the order worker process stays the fallback.
 *
 * The eager task reaches this worker only through the native client's retrying call path, and that
 * client retries on its own, past the call's deadline (measured: a start landed 3 s after the call had
 * failed). So a failed eager start is never taken as "not started" (see place-order.ts).
 */
export async function startEagerStarter({ config, logger }: { config: Config; logger: Logger }) {
  const connection = await connectWorker(config);
  // The start's identity is what the history records as the first task's taker: the same name for both.
  const identity = eagerWorkerIdentity();
  try {
    const worker = await startOrderWorker({ config, logger, connection, identity });
    const client = new Client({
      connection,
      identity,
      namespace: config.temporal.namespace,
      dataConverter: dataConverterFor(config),
      interceptors: tracingClientInterceptors(),
    });
    return {
      client,
      async stop() {
        try {
          await worker.stop();
        } finally {
          await connection.close();
        }
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/** The API's worker as histories and the Web UI name it: the first workflow task of each order shows it. */
export const eagerWorkerIdentity = () => `api-${process.pid}@${os.hostname()}`;
