import pino from 'pino';
import { logContext } from './log-context';

type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: object): void;
  info(msg: string, fields?: object): void;
  warn(msg: string, fields?: object): void;
  error(msg: string, fields?: object): void;
  child(bindings: object): Logger;
}

/**
 * Secrets never reach a log line: bearer tokens, card tokens, idempotency keys that may carry them.
 * Paths are pino's (fast-redact): one level of nesting under any key is covered by `*.`.
 */
export const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
  '*.authorization',
  'token',
  '*.token',
  'payment.token',
  '*.payment.token',
  'cardToken',
  '*.cardToken',
];

/**
 * The process's logger: pino, one JSON line per record on stderr (stdout stays for command output),
 * with the level by name, an ISO time, errors serialized with their stack, secrets redacted, and the
 * correlation and trace ids of the work in progress. Kept behind this small interface, `(msg, fields)`,
 * so call sites read the same everywhere.
 */
let stderr: pino.DestinationStream | undefined;

export function createLogger(
  level: Level | 'silent' = 'info',
  bindings: object = {},
  /** Where the lines go; stderr, written synchronously so nothing is lost when the process exits. */
  destination: pino.DestinationStream = (stderr ??= pino.destination({ dest: 2, sync: true })),
): Logger {
  const root = pino(
    {
      level,
      base: undefined,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: pino.stdSerializers.err, err: pino.stdSerializers.err },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: logContext,
    },
    destination,
  );
  return wrap(Object.keys(bindings).length > 0 ? root.child(bindings) : root);
}

function wrap(log: pino.Logger): Logger {
  return {
    debug: (msg, fields) => log.debug(fields ?? {}, msg),
    info: (msg, fields) => log.info(fields ?? {}, msg),
    warn: (msg, fields) => log.warn(fields ?? {}, msg),
    error: (msg, fields) => log.error(fields ?? {}, msg),
    child: (more) => wrap(log.child(more)),
  };
}
