import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Logger } from '../platform/logger';
import { boundedCall } from '../platform/temporal';

/** A healthy server answers in milliseconds; one that takes this long counts as unreachable. */
const READ_TIMEOUT_MS = 1000;

/**
 * How long the oldest new order has been waiting for a worker, read from the task queue's statistics
 * every `intervalMs`. New workflows queue there when the workers are saturated; the age says so before
 * any order is late, so the API can shed while the orders it already took still finish in time.
 */
export function watchWorkflowBacklog({
  client,
  taskQueue,
  logger,
  intervalMs = 500,
}: {
  client: Client;
  taskQueue: string;
  logger: Logger;
  intervalMs?: number;
}) {
  let ageMs = 0;
  let reachable = true;
  let stopped = false;
  const read = async () => {
    const { stats } = await boundedCall(client, READ_TIMEOUT_MS, () =>
      client.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        reportStats: true,
      }),
    );
    const age = stats?.approximateBacklogAge;
    ageMs = Number(age?.seconds ?? 0) * 1000 + Math.round((age?.nanos ?? 0) / 1e6);
  };
  const loop = async () => {
    while (!stopped) {
      // Temporal unreachable: no backlog to go by; new orders are refused as unreachable instead.
      await read().then(
        () => (reachable = true),
        (error) => {
          ageMs = 0;
          reachable = false;
          logger.debug('task queue statistics unavailable', { error });
        },
      );
      await new Promise((resolve) => setTimeout(resolve, intervalMs).unref());
    }
  };
  void loop();
  return {
    ageMs: () => ageMs,
    /** False after a read failed or took longer than a second, until one succeeds again. */
    reachable: () => reachable,
    stop: () => void (stopped = true),
  };
}

export type WorkflowBacklog = ReturnType<typeof watchWorkflowBacklog>;
