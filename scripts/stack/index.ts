import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../platform/config';
import { InterruptedError } from '../cli';
import { startKafka, kafkaReady } from './kafka';
import { NO_CREDENTIALS, type StackCredentials } from './credentials';
import { startMaildev } from './maildev';
import type { Slot } from '../keep-running';
import type { ManagedProcess } from './managed-process';
import { postgresReady, startPostgres } from './postgres';
import { ensureDatabaseRoles } from './postgres-roles';
import { withProgress, say } from './progress';
import { provisionTools } from './provision';
import { startTemporal, temporalHealthy } from './temporal';
import { waitFor } from './wait-for';

export interface StackOptions {
  config: Config;
  dataDir: string;
  /** Keep Temporal's history between runs (the local stack does; tests don't). */
  persistent: boolean;
  fsync: boolean;
  /** Ends the waits early when the user interrupts start-up; what started is then stopped. */
  interrupted?: () => boolean;
}

export interface RunningStack {
  /** Environment that points a process at this stack's servers. */
  env: Record<string, string>;
  /** The servers this stack started, each with how to start it again on the same data. */
  servers: Slot<ManagedProcess>[];
  /**
   * Who gets which credential: the supervisor the database owner's, each app process its own role's.
   * Servers given from outside bring their own (NO_CREDENTIALS: the environment's settings hold).
   */
  credentials: StackCredentials;
  stop(): Promise<void>;
}

/**
 * Starts whatever of Temporal, Kafka and PostgreSQL is not configured from outside, and waits until
 * each one answers. Servers named by TEMPORAL_ADDRESS, KAFKA_BROKERS or DATABASE_URL are only checked.
 */
export async function startStack({
  config,
  dataDir,
  persistent,
  fsync,
  interrupted = () => false,
}: StackOptions): Promise<RunningStack> {
  fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  const needsLocal = !config.temporal.external || !config.kafka.external;
  if (needsLocal) await provisionTools();

  const { servers, stop, track, together } = serverSet(interrupted);
  let credentials = NO_CREDENTIALS;
  await together([
    config.postgres.external
      ? withProgress('checking PostgreSQL at DATABASE_URL', () =>
          waitFor('PostgreSQL', () => postgresReady(config.postgres.url), { aborted: interrupted }),
        )
      : withProgress(`starting PostgreSQL on 127.0.0.1:${config.postgres.port}`, async () => {
          await track('postgres', () =>
            startPostgres({ dataDir, port: config.postgres.port, database: 'orders', fsync, interrupted }),
          );
          credentials = await ensureDatabaseRoles({ superuserUrl: config.postgres.url, dataDir });
        }),
    config.temporal.external
      ? withProgress(`checking Temporal at ${config.temporal.address}`, () =>
          waitFor('Temporal', () => temporalHealthy(config.temporal.address), { aborted: interrupted }),
        )
      : withProgress(`starting Temporal on 127.0.0.1:${config.temporal.port}`, async () =>
          track('temporal', () =>
            startTemporal({
              dataDir,
              port: config.temporal.port,
              uiPort: config.temporal.uiPort,
              persistent,
              codecEndpoint: `http://127.0.0.1:${config.operator.port}/codec`,
              interrupted,
            }),
          ),
        ),
    config.kafka.external
      ? withProgress(`checking Kafka at ${config.kafka.brokers.join(',')}`, () =>
          waitFor('Kafka', () => kafkaReady(config.kafka.brokers, config.kafka.sasl), {
            aborted: interrupted,
          }),
        )
      : withProgress(`starting Kafka on 127.0.0.1:${config.kafka.port}`, async () =>
          track('kafka', () => startKafka({ dataDir, port: config.kafka.port, interrupted })),
        ),
    // A mail server given by SMTP_URL is the company's relay: it is not probed, as sending may cost.
    config.mail.external ? Promise.resolve() : startConfiguredMaildev(config, dataDir, interrupted, track),
  ]);
  return {
    env: {
      DATABASE_URL: config.postgres.url,
      TEMPORAL_ADDRESS: config.temporal.address,
      KAFKA_BROKERS: config.kafka.brokers.join(','),
      SMTP_URL: config.mail.smtpUrl,
    },
    servers,
    credentials,
    stop,
  };
}

/**
 * The servers a stack has started, each with how to start it again on the same data (for the
 * supervisor's restarts), stopped in reverse order.
 */
export function serverSet(interrupted: () => boolean) {
  const servers: Slot<ManagedProcess>[] = [];
  const stop = async () => {
    for (const slot of servers.reverse()) await slot.current.stop().catch((e) => say(`stop failed: ${e}`));
    servers.length = 0;
  };
  /** Starts a server and remembers how, so a supervisor can start it again on the same data. */
  const track = async (name: string, start: () => Promise<ManagedProcess>) => {
    servers.push({ name, current: await start(), restart: start });
  };
  /**
   * Waits for every start to settle before judging, so that a failure of one never leaves another
   * half-started; then a failure, or an interruption, stops every server started and throws.
   */
  const together = async (starts: Array<Promise<unknown>>) => {
    const results = await Promise.allSettled(starts);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length === 0 && !interrupted()) return;
    await stop();
    if (interrupted())
      throw new InterruptedError('interrupted while starting; everything started was stopped');
    throw new Error(failures.map((f) => (f.reason as Error).message ?? String(f.reason)).join('\n\n'));
  };
  return { servers, stop, track, together };
}

/** MailDev on the configured ports, with its progress line. */
export const startConfiguredMaildev = (
  config: Config,
  dataDir: string,
  interrupted: () => boolean,
  track: ReturnType<typeof serverSet>['track'],
) =>
  withProgress(`starting MailDev (SMTP ${config.mail.smtpPort}, inbox ${config.mail.inboxPort})`, () =>
    track('maildev', () =>
      startMaildev({ dataDir, smtpPort: config.mail.smtpPort, webPort: config.mail.inboxPort, interrupted }),
    ),
  );
