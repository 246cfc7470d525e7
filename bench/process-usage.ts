import fs from 'node:fs';

/** Clock ticks per second of /proc's CPU counters; 100 on every Linux the stack runs on. */
const TICKS = 100;
const PAGE = 4096;

/** Names a process of the stack from its command line, or leaves it out. */
function classify(
  pid: number,
  cmdline: string[],
  comm: string,
  names: Map<number, string>,
): string | undefined {
  if (names.has(pid)) return names.get(pid);
  const joined = cmdline.join(' ');
  if (comm === 'postgres') return 'postgres';
  if (joined.includes('kafka.Kafka')) return 'kafka';
  if (joined.includes('server start-dev') && /temporal/.test(cmdline[0] ?? '')) return 'temporal';
  // The cluster profile: Temporal's four services together, its Web UI apart, and the supervisor, which
  // there runs the API's balancer.
  if (/temporal-server$/.test(cmdline[0] ?? '')) return 'temporal';
  if (/temporal-ui-server$/.test(cmdline[0] ?? '')) return 'temporal-ui';
  if (joined.includes('scripts/start.ts')) return 'supervisor';
  const entry = /(?:workers|api)\/([\w-]+)\.ts/.exec(joined);
  if (entry) return entry[1] === 'server' ? 'api' : entry[1];
  return undefined;
}

interface Reading {
  cpuSeconds: Map<string, number>;
  rssBytes: Map<string, number>;
}

/** CPU (own and reaped children's) and RSS of every process of the stack on this machine, by name. */
export function readProcesses(names: Map<number, string>): Reading {
  const cpuSeconds = new Map<string, number>();
  const rssBytes = new Map<string, number>();
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const name = classify(pid, cmdline, comm, names);
      if (!name) continue;
      // Fields after "(comm)": state is field 3; utime, stime, cutime, cstime are fields 14-17.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      const rss = Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
      cpuSeconds.set(name, (cpuSeconds.get(name) ?? 0) + ticks / TICKS);
      rssBytes.set(name, (rssBytes.get(name) ?? 0) + rss);
    } catch {
      // The process ended while being read.
    }
  }
  return { cpuSeconds, rssBytes };
}

export interface UsageByProcess {
  [name: string]: { cpuSeconds: number; peakRssMb: number };
}

/** Watches the stack's processes over one step: CPU spent between start and stop, RSS peak sampled each second. */
export function watchUsage(names: Map<number, string>) {
  const first = readProcesses(names);
  const peak = new Map(first.rssBytes);
  const timer = setInterval(() => {
    for (const [name, rss] of readProcesses(names).rssBytes)
      peak.set(name, Math.max(peak.get(name) ?? 0, rss));
  }, 1000);
  return {
    stop(): UsageByProcess {
      clearInterval(timer);
      const last = readProcesses(names);
      const usage: UsageByProcess = {};
      for (const [name, cpu] of last.cpuSeconds) {
        const rss = Math.max(peak.get(name) ?? 0, last.rssBytes.get(name) ?? 0);
        usage[name] = {
          cpuSeconds: Math.max(0, cpu - (first.cpuSeconds.get(name) ?? 0)),
          peakRssMb: Math.round(rss / 2 ** 20),
        };
      }
      return usage;
    },
  };
}
