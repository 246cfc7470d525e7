/** Prints a line when a long step starts, a heartbeat while it runs, and its duration when it ends. */
export async function withProgress<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  process.stderr.write(`[stack] ${label}...\n`);
  const heartbeat = setInterval(
    () => process.stderr.write(`[stack]   still ${label} (${seconds()}s)\n`),
    10_000,
  );
  try {
    const result = await work();
    process.stderr.write(`[stack] ${label}: done in ${seconds()}s\n`);
    return result;
  } finally {
    clearInterval(heartbeat);
  }
}

export function say(message: string) {
  process.stderr.write(`[stack] ${message}\n`);
}
