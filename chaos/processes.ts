import fs from 'node:fs';
import path from 'node:path';

/** The app processes a supervisor (`npm start`) runs, by entry file (`workers/order-worker`, `api/server`). */
export function appProcessesOf(supervisor: number): Map<string, number> {
  const found = new Map<string, number>();
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const app = /(workers\/[\w-]+|api\/server)\.ts/.exec(fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8'));
      if (parent === supervisor && app) found.set(app[1]!, Number(entry));
    } catch {
      // The process ended while being read.
    }
  }
  return found;
}

/** The pid of a server the stack started (`temporal`, `postgres`, `kafka`, `maildev`), from its pid file. */
export function serverPid(dataDir: string, server: string): number {
  return Number(fs.readFileSync(path.join(dataDir, `${server}.pid`), 'utf8'));
}
