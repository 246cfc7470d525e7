type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: object): void;
  info(msg: string, fields?: object): void;
  warn(msg: string, fields?: object): void;
  error(msg: string, fields?: object): void;
  child(bindings: object): Logger;
}

/** A small structured logger: one JSON line per record, on stderr so stdout stays for command output. */
export function createLogger(level: Level | 'silent' = 'info', bindings: object = {}): Logger {
  const write = (at: Level, msg: string, fields?: object) => {
    if (RANK[at] < RANK[level]) return;
    const record = { time: new Date().toISOString(), level: at, msg, ...bindings, ...fields };
    process.stderr.write(JSON.stringify(record, errorReplacer) + '\n');
  };
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (more) => createLogger(level, { ...bindings, ...more }),
  };
}

function errorReplacer(_key: string, value: unknown) {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}
