import net from 'node:net';

/**
 * A TCP port on the loopback interface that nothing listens on right now, other than the
 * ports in `taken`: ports chosen but not yet listened on, which the system would hand out.
 */
export async function freePort(taken: number[] = []): Promise<number> {
  for (;;) {
    const port = await anyFreePort();
    if (!taken.includes(port)) return port;
  }
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on host:port right now. */
export function portIsOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves once something accepts connections on host:port, or rejects after the deadline. */
export async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await portIsOpen(host, port)) return;
    if (Date.now() > deadline) throw new Error(`nothing answered on ${host}:${port}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
