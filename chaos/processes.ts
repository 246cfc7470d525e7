import fs from 'node:fs';
import { childrenOf } from '../scripts/stack/child-processes';
import path from 'node:path';

/** The app processes a supervisor (`npm start`) runs, by entry file (`workers/order-worker`, `api/server`). */
export function appProcessesOf(supervisor: number): Map<string, number> {
  const found = new Map<string, number>();
  for (const { pid, cmdline } of childrenOf(supervisor)) {
    const app = /(workers\/[\w-]+|api\/server)\.ts/.exec(cmdline.join('\0'));
    if (app) found.set(app[1]!, pid);
  }
  return found;
}

/** The pid of a server the stack started (`temporal`, `postgres`, `kafka`, `maildev`), from its pid file. */
export function serverPid(dataDir: string, server: string): number {
  return Number(fs.readFileSync(path.join(dataDir, `${server}.pid`), 'utf8'));
}
