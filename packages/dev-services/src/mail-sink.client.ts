import { setTimeout as delay } from 'node:timers/promises';
import type { MailFilter, StoredMail } from './mail-store.ts';

/** Options of {@link MailSinkClient.waitFor}. */
export type WaitForMailOptions = {
  /** Only look at mails delivered to this address (case-insensitive). */
  to?: string;
  /** Default 20 s: a mail goes API → Mongo → Redis → worker → SMTP, with retries. */
  timeoutMs?: number;
  /** Default 100 ms. */
  intervalMs?: number;
};

/** What `waitFor`'s predicate may answer: `true`, or a non-empty selection of the mails it was looking for. */
export type MailPredicate = (mails: StoredMail[]) => boolean | StoredMail[];

/**
 * HTTP client of the SMTP sink's JSON API, for tests that run in another process than the sink (vitest workers,
 * e2e scripts): the sink's URL travels as a string, the mails come back as plain JSON.
 */
export class MailSinkClient {
  private readonly base: string;

  constructor(httpUrl: string) {
    this.base = httpUrl.replace(/\/+$/, '');
  }

  /** Received mails, oldest first. */
  async list(filter: MailFilter = {}): Promise<StoredMail[]> {
    const query = filter.to ? `?to=${encodeURIComponent(filter.to)}` : '';
    return (await this.request('GET', `/api/messages${query}`)) as StoredMail[];
  }

  /** One mail, or null if there is none with that id. */
  async get(id: string): Promise<StoredMail | null> {
    return (await this.request('GET', `/api/messages/${encodeURIComponent(id)}`, true)) as StoredMail | null;
  }

  /** Forgets all mails (e.g. in `beforeEach`, when a test cannot use a recipient of its own). */
  async clear(): Promise<void> {
    await this.request('DELETE', '/api/messages');
  }

  /**
   * Polls until `predicate` holds and returns the mails it selected (or all listed ones for `true`). Throws after
   * the timeout with what was seen, so a failing test says "got 2 mails to x with subjects …" instead of
   * "timeout". A predicate that throws (e.g. `expect`) counts as "not yet"; its last error is in the message.
   */
  async waitFor(predicate: MailPredicate, opts: WaitForMailOptions = {}): Promise<StoredMail[]> {
    const timeoutMs = opts.timeoutMs ?? 20_000;
    const deadline = Date.now() + timeoutMs;
    let seen: StoredMail[] = [];
    let lastError: unknown = null;
    for (;;) {
      try {
        seen = await this.list({ to: opts.to });
        const verdict = predicate(seen);
        if (verdict === true) return seen;
        if (Array.isArray(verdict) && verdict.length > 0) return verdict;
        lastError = null;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() >= deadline) break;
      await delay(Math.min(opts.intervalMs ?? 100, Math.max(deadline - Date.now(), 0)));
    }
    throw new Error(describeTimeout(this.base, timeoutMs, opts.to, seen, lastError));
  }

  private async request(method: string, path: string, allowNotFound = false): Promise<unknown> {
    const response = await fetch(`${this.base}${path}`, { method, signal: AbortSignal.timeout(5_000) });
    if (allowNotFound && response.status === 404) return null;
    if (!response.ok) {
      throw new Error(`mail sink ${method} ${path} answered ${response.status}: ${await response.text()}`);
    }
    return response.status === 204 ? undefined : response.json();
  }
}

function describeTimeout(
  base: string,
  timeoutMs: number,
  to: string | undefined,
  seen: StoredMail[],
  lastError: unknown,
): string {
  const scope = to ? ` to ${to}` : '';
  const lines = seen
    .slice(-20)
    .map(
      (mail) => `  #${mail.id} ${mail.receivedAt} to ${mail.to.join(', ')}: ${JSON.stringify(mail.subject)}`,
    );
  const more = seen.length > 20 ? [`  … and ${seen.length - 20} earlier`] : [];
  const error = lastError
    ? [`last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`]
    : [];
  return [
    `MailSinkClient.waitFor: no matching mail${scope} within ${timeoutMs} ms (sink ${base}); saw ${seen.length} mail(s)${scope}${seen.length ? ':' : '.'}`,
    ...more,
    ...lines,
    ...error,
  ].join('\n');
}
