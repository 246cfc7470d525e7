import { ConfigError, loadConfig, type Config } from './config';
import { createLogger, type Logger } from './logger';
import { startTracing } from './tracing';

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * The lifecycle every entry point shares: parse config, start, run until SIGINT/SIGTERM, then stop
 * (draining in-flight work) and exit. A second signal forces the exit.
 */
export function runProcess(
  name: string,
  start: (config: Config, logger: Logger) => Promise<Stoppable>,
): void {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${name}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel, { process: name });
  // Before anything connects: the clients and the worker pick their tracing interceptors from it.
  const tracing = startTracing(name);
  // A start that throws at once (a missing setting) ends as one that fails later: one line.
  Promise.resolve()
    .then(() => start(config, logger))
    .then((running) => {
      let stopping = false;
      const onSignal = (signal: NodeJS.Signals) => {
        if (stopping) process.exit(1);
        stopping = true;
        logger.info('stopping', { signal });
        running
          .stop()
          .then(() => tracing?.shutdown())
          .then(() => process.exit(0))
          .catch((error: unknown) => {
            logger.error('stop failed', { error });
            process.exit(1);
          });
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    })
    .catch((error: unknown) => {
      // A setting that cannot work is said in one line, as a bad environment is above.
      if (error instanceof ConfigError) process.stderr.write(`${name}: ${error.message}\n`);
      else logger.error('failed to start', { error });
      process.exit(1);
    });
}
