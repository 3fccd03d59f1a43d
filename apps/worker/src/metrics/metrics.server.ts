import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  readonly port: number;
  /** Stops listening and cuts open connections. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * The worker's HTTP port: `GET /metrics` in Prometheus text format and nothing else (404). `beforeScrape` reads
 * what is only read on demand (the stream gauges), so the worker does no metrics work while nobody scrapes.
 */
export async function startMetricsServer(options: {
  registry: Registry;
  port: number;
  host: string;
  beforeScrape?: () => Promise<void>;
  onError?: (error: unknown) => void;
}): Promise<MetricsServer> {
  const { registry } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    void (async () => {
      try {
        await options.beforeScrape?.();
        const body = await registry.metrics();
        res.writeHead(200, { 'content-type': registry.contentType }).end(req.method === 'HEAD' ? '' : body);
      } catch (error) {
        options.onError?.(error);
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      }
    })();
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  let closing: Promise<void> | null = null;
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
