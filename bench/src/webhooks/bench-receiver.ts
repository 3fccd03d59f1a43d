import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { nowMs } from '../stats/now-ms.ts';

/**
 * The bench's webhook receiver: node:http on 127.0.0.1 answering 200 as soon as the body is in, after verifying
 * the signature with the `standardwebhooks` package (the same for the worker and the limit loop). Records when
 * each `webhook-id` arrived; a failed verification is counted, never answered with an error (no retries).
 */
export class BenchReceiver {
  private server: Server | null = null;
  private readonly webhook: Webhook;
  private arrivals = new Map<string, number>();
  private waiter: { count: number; resolve: () => void } | null = null;
  private accept: (webhookId: string) => boolean = () => true;
  unverified = 0;
  /** Deliveries of an earlier round that came again (at least once delivery), answered 200 and not counted. */
  strays = 0;

  constructor(secret: string) {
    this.webhook = new Webhook(secret);
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
        try {
          this.webhook.verify(Buffer.concat(chunks).toString('utf8'), headers);
        } catch {
          this.unverified++;
        }
        const id = headers['webhook-id'] ?? '';
        if (!this.accept(id)) this.strays++;
        else if (!this.arrivals.has(id)) this.arrivals.set(id, nowMs());
        response.writeHead(200).end();
        if (this.waiter && this.arrivals.size >= this.waiter.count) this.waiter.resolve();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Forgets earlier arrivals: each round counts its own, the messages `accept` says are of the round. */
  reset(accept: (webhookId: string) => boolean): void {
    this.arrivals = new Map();
    this.accept = accept;
  }

  /** Resolves with every arrival once `count` distinct messages came, or fails after `timeoutMs`. */
  async waitFor(count: number, timeoutMs: number): Promise<Map<string, number>> {
    if (this.arrivals.size < count) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`webhooks: ${this.arrivals.size} of ${count} deliveries in ${timeoutMs} ms`)),
          timeoutMs,
        );
        this.waiter = {
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
      this.waiter = null;
    }
    return this.arrivals;
  }

  close(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
