// Whether `npm start` can listen on its port, asked before it generates, compiles or writes
// anything: a port in use should cost the user one line, not a half-started platform.
import { createServer } from 'node:net';

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly port: number,
    options?: ErrorOptions,
  ) {
    super(
      `port ${port} on 127.0.0.1 is in use (another npm start?); pick another with --port or PORT, or stop what holds it`,
      options,
    );
  }
}

export function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  // Port 0 asks the OS for any free port: nothing to check.
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, { cause: error }) : error),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
