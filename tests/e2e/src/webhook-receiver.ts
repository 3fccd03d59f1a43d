import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One POST as it arrived, and what the `standardwebhooks` package made of its signature. */
export interface ReceivedWebhook {
  id: string;
  body: string;
  headers: Record<string, string>;
  /** The payload when the signature verified with the receiver's secret at the time; null when it did not. */
  verified: unknown;
  status: number;
}

/**
 * A real HTTP receiver on 127.0.0.1 that verifies every POST with the `standardwebhooks` npm package (an
 * implementation independent of fixstream's) and answers with the status `answer` picks for the n-th request.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  secret = '';
  private server: Server | null = null;

  constructor(private readonly answer: (n: number) => number = () => 200) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.handle(request).then((status) => response.writeHead(status).end());
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/fixstream`;
  }

  /** The messages that verified, for one endpoint (its id ends the webhook id). */
  verifiedFor(endpointId: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.verified !== null && r.id.endsWith(`_${endpointId}`));
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
    let verified: unknown = null;
    try {
      verified = new Webhook(this.secret).verify(body, headers);
    } catch {
      verified = null;
    }
    const status = this.answer(this.received.length + 1);
    this.received.push({ id: headers['webhook-id'] ?? '', body, headers, verified, status });
    return status;
  }
}
