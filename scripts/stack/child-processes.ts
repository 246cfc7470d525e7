import fs from 'node:fs';

/** The processes whose parent is `parent`, with their command lines, read from /proc. */
export function childrenOf(parent: number): Array<{ pid: number; cmdline: string[] }> {
  const children = [];
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== parent) continue;
      children.push({
        pid: Number(entry),
        cmdline: fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0'),
      });
    } catch {
      // The process ended while being read.
    }
  }
  return children;
}
