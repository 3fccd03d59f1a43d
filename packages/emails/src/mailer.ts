import { isIP } from 'node:net';
import { createTransport, type SMTPPoolSentMessageInfo, type Transporter } from 'nodemailer';
import { ConnectionSlots } from './connection-slots.ts';
import { Delivery } from './delivery.ts';
import { trackHandOver } from './hand-over.ts';
import { hasControlCharacters, headerSafe } from './header-safe.ts';
import {
  checkInlineAttachments,
  type InlineAttachment,
  type NodemailerInlineAttachment,
} from './inline-attachment.ts';
import { assertSingleRecipient } from './mail-address.ts';
import { InvalidMailError, MailerClosedError, MailSendCancelledError } from './mailer-errors.ts';
import { SendsByMessageId } from './sends-by-message-id.ts';

/**
 * SMTP settings, passed in by the app (only apps read env: MAIL_HOST, MAIL_PORT, MAIL_USER, MAIL_PASS, MAIL_FROM).
 *
 * TLS policy, chosen so the defaults are safe and the local sink still works without flags:
 * - `secure: true` → implicit TLS (port 465); certificates are verified unless `allowSelfSignedCertificates`.
 * - `secure: false` and a loopback host (`localhost`, 127.0.0.0/8, `::1`) → plain SMTP, STARTTLS ignored:
 *   nothing leaves the machine, and dev sinks such as smtp-server advertise STARTTLS with a self-signed cert.
 * - `secure: false` elsewhere → STARTTLS when offered; *required* when credentials are set (a stripped
 *   STARTTLS must not leak the password). `requireTLS` overrides the last two.
 */
export type MailerConfig = {
  host: string;
  port: number;
  secure?: boolean;
  /** Empty or absent: no AUTH (local sinks, IP-allow-listed relays). */
  user?: string;
  pass?: string;
  /** The From header, e.g. `fixstream <no-reply@example.com>`. */
  from: string;
  /** `maxConnections` (default 5) also bounds the sends in progress: more wait for a free connection. */
  pool?: { maxConnections?: number; maxMessages?: number };
  /** Accept untrusted certificates (self-signed dev relays). Default false. */
  allowSelfSignedCertificates?: boolean;
  /** Force STARTTLS on a non-`secure` connection; see the type's doc for the default. */
  requireTLS?: boolean;
  /**
   * Milliseconds; defaults 10 s connect, 10 s greeting, 30 s socket inactivity. The socket timeout also bounds
   * how long a send whose message was handed over waits for the server's answer, whatever its signal says.
   */
  timeouts?: { connection?: number; greeting?: number; socket?: number };
};

export type OutgoingMail = {
  /** Exactly one bare address; anything else throws {@link InvalidRecipientError}. */
  to: string;
  subject: string;
  html: string;
  text: string;
  /** `<key@host>`: derived from (event id, function id) so a retried send is recognisably the same mail. */
  messageId?: string;
  headers?: Record<string, string>;
  /** Images the HTML shows by `cid:`; sent inline, in a multipart/related part beside the HTML. */
  attachments?: readonly InlineAttachment[];
};

export type SendResult = {
  messageId: string;
  accepted: string[];
  rejected: string[];
  /**
   * True when this call sent nothing itself: a send with the same Message-ID was in flight (and this call waited
   * for it) or had been delivered after its caller stopped waiting.
   */
  alreadySent?: boolean;
};

export type SendOptions = {
  /**
   * Cancels the send while the server cannot have accepted the message: waiting for a connection, during the
   * envelope, while the body streams. It then rejects with {@link MailSendCancelledError} and nothing was sent.
   * Once the body has been handed over the signal is ignored: the send settles with the server's answer.
   */
  signal?: AbortSignal;
  /**
   * Wraps the wait for a pooled connection, so the caller can keep it out of its own timeout (a background run's
   * `outsideTimeout`): a send queued behind a busy pool has not started yet.
   */
  waitForConnection?: <T>(pending: Promise<T>) => Promise<T>;
};

export type Mailer = {
  /**
   * Sends one mail. Sends with the same Message-ID are one delivery in this process: a second one joins the one
   * in flight, or is answered from a delivery that completed after its caller had given up (see
   * {@link SendsByMessageId}), so a retried run does not mail twice.
   */
  send(mail: OutgoingMail, options?: SendOptions): Promise<SendResult>;
  /** Opens a connection (and authenticates) once, so a misconfigured worker fails at startup, not per mail. */
  verify(): Promise<void>;
  /** Waits for sends in flight, then closes the pool. Safe to call more than once. */
  close(): Promise<void>;
};

/** Late deliveries are kept longer than the longest default retry delay (10 min), so the retry finds them. */
const LATE_DELIVERIES = { rememberMs: 60 * 60_000, maxRemembered: 10_000 };

/** RFC 5322 msg-id with dot-atom parts only: no spaces, no CR/LF, nothing a header parser could split on. */
const MESSAGE_ID = /^<[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+@[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+>$/;
const HEADER_NAME = /^[!-9;-~]+$/;
/** Headers the mailer owns; letting a caller set them would duplicate or contradict them. */
const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'from',
  'sender',
  'to',
  'cc',
  'bcc',
  'subject',
  'message-id',
  'date',
  'return-path',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);

function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
}

function assertConfig(config: MailerConfig): void {
  if (!config.host.trim()) throw new TypeError('Mailer host is empty');
  if (!Number.isInteger(config.port) || config.port < 1 || config.port > 65_535) {
    throw new RangeError(`Mailer port must be 1-65535, got ${config.port}`);
  }
  if (!config.from.trim() || hasControlCharacters(config.from)) {
    throw new TypeError('Mailer from address is empty or contains line breaks/control characters');
  }
}

function sanitizeHeaders(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw new InvalidMailError(`Invalid header name ${JSON.stringify(name)}`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new InvalidMailError(`Header ${name} is set by the mailer`);
    }
    safe[name] = headerSafe(value, 900);
  }
  return safe;
}

function isAbortError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EABORT';
}

/**
 * One pooled SMTP transport per process: connections are reused across mails (a TCP+TLS+AUTH handshake
 * per mail would dominate the cost), bounded by `maxConnections`, and recycled after `maxMessages`. Sends wait
 * for a connection in {@link ConnectionSlots} rather than in nodemailer's queue, and are cancellable until their
 * message is handed to the server (see {@link Delivery}, {@link trackHandOver}).
 */
export function createMailer(config: MailerConfig): Mailer {
  assertConfig(config);
  const secure = config.secure ?? false;
  const hasAuth = Boolean(config.user);
  const loopback = isLoopbackHost(config.host);
  const requireTLS = !secure && (config.requireTLS ?? (hasAuth && !loopback));
  const maxConnections = config.pool?.maxConnections ?? 5;

  const transporter: Transporter<SMTPPoolSentMessageInfo> = createTransport({
    pool: true,
    host: config.host,
    port: config.port,
    secure,
    requireTLS,
    ignoreTLS: !secure && !requireTLS && loopback,
    auth: hasAuth ? { user: config.user, pass: config.pass ?? '' } : undefined,
    tls: { rejectUnauthorized: !config.allowSelfSignedCertificates, minVersion: 'TLSv1.2' },
    maxConnections,
    maxMessages: config.pool?.maxMessages ?? 100,
    // Retries belong to the caller (the worker's runtime, with its ledger and backoff): a pool that quietly
    // re-sends a message whose connection closed mid-delivery can deliver it twice.
    maxRequeues: 0,
    connectionTimeout: config.timeouts?.connection ?? 10_000,
    greetingTimeout: config.timeouts?.greeting ?? 10_000,
    socketTimeout: config.timeouts?.socket ?? 30_000,
    dnsTimeout: 10_000,
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });

  const expectHandOver = trackHandOver(transporter);
  const slots = new ConnectionSlots(maxConnections);
  const sends = new SendsByMessageId<Delivery<SendResult>, SendResult>(LATE_DELIVERIES);
  const inFlight = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;

  function deliver(
    mail: OutgoingMail,
    headers: Record<string, string> | undefined,
    attachments: NodemailerInlineAttachment[] | undefined,
    waitForConnection: NonNullable<SendOptions['waitForConnection']>,
  ): Delivery<SendResult> {
    const delivery = new Delivery<SendResult>(async ({ signal, handedOver }) => {
      const release = await waitForConnection(slots.acquire(signal)).catch(() => {
        throw new MailSendCancelledError(signal.reason);
      });
      try {
        expectHandOver(signal, handedOver);
        const info = await transporter.sendMail({
          from: config.from,
          to: mail.to,
          subject: headerSafe(mail.subject),
          html: mail.html,
          text: mail.text,
          messageId: mail.messageId,
          headers,
          attachments,
          disableFileAccess: true,
          disableUrlAccess: true,
          signal,
        });
        return { messageId: info.messageId, accepted: info.accepted, rejected: info.rejected };
      } catch (error) {
        if (signal.aborted && isAbortError(error)) throw new MailSendCancelledError(signal.reason);
        throw error;
      } finally {
        release();
      }
    });
    const settled = delivery.result.catch(() => undefined);
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
    if (mail.messageId) sends.track(mail.messageId, delivery, settled);
    return delivery;
  }

  async function send(mail: OutgoingMail, options: SendOptions = {}): Promise<SendResult> {
    if (closing) throw new MailerClosedError();
    assertSingleRecipient(mail.to);
    const id = mail.messageId;
    if (id !== undefined && !MESSAGE_ID.test(id)) {
      throw new InvalidMailError(`Invalid Message-ID ${JSON.stringify(id)} (expected <id@host>)`);
    }
    const headers = sanitizeHeaders(mail.headers);
    const attachments = checkInlineAttachments(mail.attachments);
    const { signal } = options;
    const sentLate = id === undefined ? undefined : sends.deliveredLate(id);
    if (sentLate) return { ...sentLate, alreadySent: true };
    const joined = id === undefined ? undefined : sends.inFlight(id);
    if (!joined && signal?.aborted) throw new MailSendCancelledError(signal.reason);
    const delivery =
      joined ?? deliver(mail, headers, attachments, options.waitForConnection ?? ((pending) => pending));
    const result = await delivery.follow(signal);
    if (id !== undefined && signal?.aborted) sends.rememberLate(id, result);
    return joined ? { ...result, alreadySent: true } : result;
  }

  async function verify(): Promise<void> {
    if (closing) throw new MailerClosedError();
    await transporter.verify();
  }

  function close(): Promise<void> {
    closing ??= (async () => {
      await Promise.allSettled(inFlight);
      transporter.close();
    })();
    return closing;
  }

  return { send, verify, close };
}
