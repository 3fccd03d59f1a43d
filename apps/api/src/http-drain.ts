import type { Server, ServerResponse } from 'node:http';

/**
 * Graceful shutdown of an HTTP server whose clients keep connections alive. `server.close()` alone stops
 * accepting and closes idle connections, but a connection busy at that moment goes back to idle after its
 * response and is then held open until the client's keep-alive runs out (Node's server waits 5 s), so a
 * SIGTERM took that long or longer. While draining, every response says `connection: close` (Node then ends the
 * socket after it), so the server closes as soon as the last in-flight response is sent.
 */
export class HttpDrain {
  private server: Server | null = null;
  private readonly inFlight = new Set<ServerResponse>();
  private closing: Promise<void> | null = null;

  /** True from the start of `close()`: /readyz answers 503 so load balancers stop sending traffic. */
  get draining(): boolean {
    return this.closing !== null;
  }

  /** Watches the server's requests; call once, right after `listen`. */
  track(server: Server): void {
    this.server = server;
    // Prepended so the header is set before the app's own listener can answer.
    server.prependListener('request', (_req, res: ServerResponse) => {
      if (this.draining) {
        closeAfter(res);
        return;
      }
      this.inFlight.add(res);
      res.once('close', () => this.inFlight.delete(res));
    });
  }

  /**
   * Stops accepting connections, closes idle ones, lets in-flight requests finish (each closing its connection)
   * and resolves once the server is closed. Connections still open after `timeoutMs` are cut. Safe to call twice.
   */
  close(timeoutMs: number): Promise<void> {
    this.closing ??= this.drain(timeoutMs);
    return this.closing;
  }

  private async drain(timeoutMs: number): Promise<void> {
    const server = this.server;
    if (!server) return;
    for (const res of this.inFlight) closeAfter(res);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const cut = setTimeout(() => server.closeAllConnections(), timeoutMs);
    try {
      await closed;
    } finally {
      clearTimeout(cut);
    }
  }
}

function closeAfter(res: ServerResponse): void {
  if (!res.headersSent) {
    res.setHeader('connection', 'close');
    return;
  }
  const socket = res.socket;
  res.once('finish', () => socket?.end());
}
