import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A webhook the demo receiver got, and whether its signature verified. */
export type ReceivedDemoWebhook = {
  id: string;
  receivedAt: string;
  /** The `type` of the payload, when it verified. */
  type: string | null;
  verified: boolean;
  /** Why it did not verify; null when it did. */
  error: string | null;
  body: string;
};

/** How many webhooks the inbox keeps, newest first: a dev session should not grow without bound. */
const kept = 200;

/**
 * The demo receiver of `pnpm dev`, on the mail sink's HTTP host (`POST /webhooks`): it verifies each webhook with
 * the `standardwebhooks` package and the secret the dev seed gave the demo endpoint, and keeps what it got for
 * the sink's page (`/webhooks`). A webhook that does not verify is answered 401 (and so retried by the worker).
 */
export class WebhookInbox {
  /** `whsec_…`, made for this session: the dev seed stores it as the demo endpoint's secret. */
  readonly secret = `whsec_${randomBytes(32).toString('base64')}`;
  private readonly received: ReceivedDemoWebhook[] = [];

  /** Verifies one POST; answers the HTTP status to reply with. */
  receive(body: string, headers: Record<string, string>): number {
    const base = { id: headers['webhook-id'] ?? '', receivedAt: new Date().toISOString(), body };
    let entry: ReceivedDemoWebhook;
    try {
      const payload = new Webhook(this.secret).verify(body, headers) as { type?: unknown };
      entry = {
        ...base,
        type: typeof payload.type === 'string' ? payload.type : null,
        verified: true,
        error: null,
      };
    } catch (error) {
      entry = {
        ...base,
        type: null,
        verified: false,
        error: error instanceof Error ? error.message : String(error),
      };
    }
    this.received.unshift(entry);
    this.received.length = Math.min(this.received.length, kept);
    return entry.verified ? 204 : 401;
  }

  /** What arrived, newest first. */
  list(): ReceivedDemoWebhook[] {
    return [...this.received];
  }
}
