import net from 'node:net';

/** Fails early with a clear message when something else already listens on a port we need. */
export async function assertPortFree(port: number, service: string): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
  if (inUse) {
    throw new Error(
      `port ${port} for ${service} is already in use. Stop whatever listens there, choose another port ` +
        `through the environment, or point the app at that server with its *_URL/*_ADDRESS/*_BROKERS variable.`,
    );
  }
}
