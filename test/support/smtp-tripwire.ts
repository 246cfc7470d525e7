import net from 'node:net';

/**
 * A TCP proxy in front of an SMTP server that calls `onAccepted` at the narrowest moment there is: the
 * server has just accepted a message (its 250 reply to the end of DATA) and the client has not heard it
 * yet. That reply is never forwarded. Fires once; afterwards the proxy only relays.
 */
export async function startSmtpTripwire(upstreamPort: number, onAccepted: () => void) {
  let armed = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: upstreamPort });
    sockets.add(client).add(upstream);
    let messageSent = false;
    // The end of a message ("\r\n.\r\n") may be split across chunks: look at the seam too.
    let tail = '';
    client.on('data', (chunk) => {
      const text = tail + chunk.toString('latin1');
      if (text.includes('\r\n.\r\n')) messageSent = true;
      tail = text.slice(-4);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (armed && messageSent && chunk.toString('latin1').startsWith('250')) {
        armed = false;
        onAccepted();
        client.destroy();
        upstream.destroy();
        return;
      }
      if (messageSent && chunk.toString('latin1').startsWith('250')) messageSent = false;
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    tripped: () => !armed,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
