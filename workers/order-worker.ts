import {
  bundleWorkflowCode,
  DefaultLogger,
  Worker,
  type NativeConnection,
  type WorkerOptions,
} from '@temporalio/worker';
import {
  createActivities,
  createHttpPaymentGateway,
  withComposedSteps,
  type OrderSagaActivities,
  type PaymentGateway,
} from '../activities';
import { rejectingInvalidOrders } from '../activities/poison';
import { requireMerchantKey, type Config } from '../platform/config';
import { SESSION_LIMITS, createDb, type Db } from '../platform/db';
import type { Logger } from '../platform/logger';
import { runProcess } from '../platform/run-process';
import { connectWorker, dataConverterFor, installTemporalRuntime } from '../platform/temporal';
import { tracingWorkerOptions } from '../platform/temporal-tracing';

export interface OrderWorkerOptions {
  config: Config;
  logger: Logger;
  db?: Db;
  gateway?: PaymentGateway;
  /** Replaces the activities built from db and gateway (tests wrap them to inject faults). */
  activities?: OrderSagaActivities;
  /** Tests pass a prebuilt bundle so the workflow code is bundled once per run. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** A connection shared with a client that starts sagas eagerly (the API's); left open on stop. */
  connection?: NativeConnection;
  /** How the worker names itself in workflow histories; the SDK's `pid@host` by default. */
  identity?: string;
}

let bundled: ReturnType<typeof bundleWorkflowCode> | undefined;
/**
 * The workflow code bundled once per process when no bundle was made ahead of time: a process may run
 * two order workers (a test's, and the API's for eager starts), and webpack takes seconds of CPU.
 */
const bundleOnce = () =>
  (bundled ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: new DefaultLogger('WARN'),
  }));

/** Sized for 2 cores: activities mostly wait on PostgreSQL and the PSP, workflow tasks are CPU-bound. */
export const ORDER_WORKER_TUNING = {
  maxConcurrentActivityTaskExecutions: 100,
  maxConcurrentWorkflowTaskExecutions: 40,
  maxCachedWorkflows: 2000,
} satisfies Partial<WorkerOptions>;

/** The Temporal worker on task queue `orders`: the OrderSaga and its activities. */
export async function startOrderWorker({
  config,
  logger,
  db,
  gateway,
  activities,
  workflowBundle,
  connection: sharedConnection,
  identity,
}: OrderWorkerOptions) {
  const ownDb =
    db || activities
      ? undefined
      : createDb(config.postgres.url, { max: 20, limits: SESSION_LIMITS.activities });
  const dataConverter = dataConverterFor(config);
  // With tracing on, the workflow code is bundled with the tracing interceptors, not taken ahead of time.
  const tracing = tracingWorkerOptions();
  const connection = sharedConnection ?? (await connectWorker(config));
  const worker = await Worker.create({
    dataConverter,
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...(workflowBundle
      ? { workflowBundle }
      : config.workflowBundle && !tracing
        ? { workflowBundle: { codePath: config.workflowBundle } }
        : tracing
          ? { workflowsPath: require.resolve('../workflows') }
          : { workflowBundle: await bundleOnce() }),
    ...tracing,
    activities: rejectingInvalidOrders(
      withComposedSteps(
        activities ??
          createActivities({
            db: db ?? ownDb!,
            gateway:
              gateway ??
              createHttpPaymentGateway({
                baseUrl: config.paymentGateway.url,
                apiKey: requireMerchantKey(config),
              }),
          }),
      ),
    ),
    ...ORDER_WORKER_TUNING,
    ...(identity ? { identity } : {}),
    // On SIGTERM in-flight activities get this long to finish before they are cancelled.
    shutdownGraceTime: '20s',
  });
  const running = worker.run();
  logger.info('order worker started', {
    taskQueue: config.temporal.taskQueue,
    temporal: config.temporal.address,
  });
  return {
    worker,
    async stop() {
      // The SDK shuts its workers down on SIGTERM by itself; a second shutdown would throw.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      try {
        await running;
      } finally {
        if (!sharedConnection) await connection.close();
        await ownDb?.destroy();
      }
    },
  };
}

if (require.main === module)
  runProcess('order-worker', (config, logger) => {
    // Installed before the first connection: the process serves the SDK's metrics on its own port.
    installTemporalRuntime(config.logLevel, `${config.metrics.host}:${config.metrics.orderWorker}`);
    return startOrderWorker({ config, logger });
  });
