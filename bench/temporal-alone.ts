import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Worker,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { createBareActivities } from './bare-workflow/activities';
import { bareWorkflow } from './bare-workflow/workflow';
import { OpenLoopStep, type StepResult } from './open-loop';

export type WorkerTuning = Pick<
  WorkerOptions,
  'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows'
>;

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
const bareBundle = () =>
  (bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('./bare-workflow/workflow'),
    logger: new DefaultLogger('WARN'),
  }));

/**
 * Temporal alone on one server: the bare workflow started open-loop, its worker in this process. The
 * returned `runAt` runs one step at a rate; `close` stops the worker and the connections.
 */
export async function startTemporalAlone(address: string, namespace: string, tuning: WorkerTuning) {
  const taskQueue = `bench-bare-${randomUUID()}`;
  let step: OpenLoopStep | undefined;
  const workerConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: workerConnection,
    namespace,
    taskQueue,
    workflowBundle: await bareBundle(),
    activities: createBareActivities((id) => step?.complete(id)),
    ...tuning,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });

  return {
    async runAt(rate: number, durationS: number, drainS: number): Promise<StepResult> {
      step = new OpenLoopStep({
        rate,
        durationS,
        drainS,
        fire: async (arrival) => {
          await client.workflow.start(bareWorkflow, {
            workflowId: `bench-${arrival.id}`,
            taskQueue,
            args: [arrival.id],
          });
          arrival.acceptMs = Date.now() - arrival.sentAt;
          arrival.outcome = 'ok';
        },
      });
      return step.run(randomUUID);
    },
    pending: () => step?.pending() ?? 0,
    async close() {
      worker.shutdown();
      await running.catch(() => undefined);
      await Promise.allSettled([workerConnection.close(), connection.close()]);
    },
  };
}
