import type { Server } from 'node:http';
import type { Server as NetServer } from 'node:net';
import getPort from 'get-port';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerError } from 'smtp-server';
import { createMailSinkHttpServer } from './mail-sink.http.ts';
import { type MailFilter, MailStore, type StoredMail, toStoredMail } from './mail-store.ts';
import { type ReceivedDemoWebhook, WebhookInbox } from './webhook-inbox.ts';

/** A local SMTP server that keeps what it receives, for people (HTML page) and tests (JSON API). */
export type SmtpSink = {
  host: string;
  smtpPort: number;
  /** Base URL of the page and the JSON API, e.g. `http://127.0.0.1:8025`. */
  httpUrl: string;
  /** Received mails, oldest first (in-process access; other processes use `MailSinkClient`). */
  messages(filter?: MailFilter): StoredMail[];
  clear(): void;
  /**
   * Refuses recipients the rule names, with its SMTP reply (e.g. 451 to simulate a full mailbox, 550 for an
   * unknown user); `null` accepts everyone again. Lets tests make a delivery fail, then "fix" it.
   */
  rejectRecipients(rule: RecipientRule | null): void;
  /**
   * Holds the reply to each message for `ms` after its whole body arrived (`null`: reply at once), like a relay
   * that scans or queues slowly. The mail is kept when the reply goes out, even if the client hung up meanwhile:
   * the server had the complete message, which is how a client that gives up and retries makes a duplicate.
   */
  delayDataReplies(ms: number | null): void;
  /**
   * Holds the reply to each RCPT TO for `ms` (`null`: reply at once), like a relay that checks recipients slowly.
   * Unlike a held DATA reply, a client that hangs up meanwhile has sent no message, so nothing is kept: what a
   * sender killed at that moment has in flight is lost to the server and must be sent again.
   */
  delayRecipientReplies(ms: number | null): void;
  /** Messages whose body arrived and whose reply is being held. */
  repliesHeld(): number;
  /** RCPT TO commands whose reply is being held. */
  recipientsHeld(): number;
  /** The demo webhook receiver on the HTTP host (`POST /webhooks`), and the secret it verifies with. */
  webhooks: { url: string; secret: string; received(): ReceivedDemoWebhook[] };
  /** Closes both listeners (open SMTP sessions get a 421) and forgets the mails. Safe to call twice. */
  stop(): Promise<void>;
};

/** Decides whether the sink refuses a recipient: an SMTP reply for those it refuses, null for the others. */
export type RecipientRule = (address: string) => { code: number; message: string } | null;

/** Options of {@link startSmtpSink}. */
export type StartSmtpSinkOptions = {
  /** Interface for both listeners. Default 127.0.0.1. */
  host?: string;
  /** Exact SMTP port (e.g. to restart on the same port after simulating an outage); a free one otherwise. */
  smtpPort?: number;
  /** Exact HTTP port; a free one otherwise. */
  httpPort?: number;
  /** Do not log a line per received mail. */
  quiet?: boolean;
  /** How many mails to keep (oldest dropped). Default 5,000. */
  maxMessages?: number;
  /** See {@link SmtpSink.delayDataReplies}. Default: reply at once. */
  dataReplyDelayMs?: number;
  /** See {@link SmtpSink.delayRecipientReplies}. Default: reply at once. */
  recipientReplyDelayMs?: number;
};

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/**
 * Starts the SMTP sink: accepts any mail without TLS, with or without AUTH (any credentials), as dev and test
 * mailers are configured like production ones. Resolves once both sockets listen.
 */
export async function startSmtpSink(opts: StartSmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = opts.host ?? '127.0.0.1';
  const smtpPort = opts.smtpPort ?? (await getPort({ host }));
  const httpPort = opts.httpPort ?? (await getPort({ host, exclude: [smtpPort] }));
  const store = new MailStore(opts.maxMessages);
  let recipientRule: RecipientRule | null = null;
  let dataReplyDelayMs = opts.dataReplyDelayMs ?? 0;
  let recipientReplyDelayMs = opts.recipientReplyDelayMs ?? 0;
  const heldReplies = new Set<NodeJS.Timeout>();
  const heldRecipients = new Set<NodeJS.Timeout>();
  const log = (message: string) => {
    if (!opts.quiet) console.log(`[mail] ${message}`);
  };

  const smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    disableReverseLookup: true,
    closeTimeout: 250,
    banner: 'fixstream mail sink',
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username || 'anonymous' });
    },
    onRcptTo(address, _session, callback) {
      const reply = () => {
        const refusal = recipientRule?.(address.address);
        if (!refusal) return callback();
        const error: SMTPServerError = new Error(refusal.message);
        error.responseCode = refusal.code;
        callback(error);
      };
      if (recipientReplyDelayMs <= 0) return reply();
      const timer = setTimeout(() => {
        heldRecipients.delete(timer);
        reply();
      }, recipientReplyDelayMs);
      heldRecipients.add(timer);
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          if (stream.sizeExceeded) {
            const error: SMTPServerError = new Error('Message exceeds the 10 MB limit of the mail sink');
            error.responseCode = 552;
            return callback(error);
          }
          const mailFrom = session.envelope.mailFrom;
          const mail = toStoredMail(store.nextId(), parsed, {
            from: mailFrom ? mailFrom.address || null : null,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          });
          const accept = () => {
            store.add(mail);
            log(`#${mail.id} to ${mail.to.join(', ')}: ${mail.subject ?? '(no subject)'}`);
            callback();
          };
          if (dataReplyDelayMs <= 0) return accept();
          const timer = setTimeout(() => {
            heldReplies.delete(timer);
            accept();
          }, dataReplyDelayMs);
          heldReplies.add(timer);
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  // Client resets and the like: never fatal for a sink.
  smtp.on('error', (error) => log(`smtp error: ${error.message}`));

  const inbox = new WebhookInbox();
  const http = createMailSinkHttpServer(store, inbox);
  try {
    await Promise.all([listen(smtp.server, smtpPort, host), listen(http, httpPort, host)]);
  } catch (error) {
    await Promise.all([closeSmtp(smtp), closeHttp(http)]);
    throw new Error(`cannot start the SMTP sink on ${host} (smtp ${smtpPort}, http ${httpPort}): ${error}`, {
      cause: error,
    });
  }

  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  let stopping: Promise<void> | null = null;
  return {
    host,
    smtpPort,
    httpUrl: `http://${urlHost}:${httpPort}`,
    webhooks: {
      url: `http://${urlHost}:${httpPort}/webhooks`,
      secret: inbox.secret,
      received: () => inbox.list(),
    },
    messages: (filter) => store.list(filter),
    clear: () => store.clear(),
    rejectRecipients(rule) {
      recipientRule = rule;
    },
    delayDataReplies(ms) {
      dataReplyDelayMs = ms ?? 0;
    },
    delayRecipientReplies(ms) {
      recipientReplyDelayMs = ms ?? 0;
    },
    repliesHeld: () => heldReplies.size,
    recipientsHeld: () => heldRecipients.size,
    stop() {
      for (const timer of [...heldReplies, ...heldRecipients]) clearTimeout(timer);
      heldReplies.clear();
      heldRecipients.clear();
      stopping ??= Promise.all([closeSmtp(smtp), closeHttp(http)]).then(() => store.clear());
      return stopping;
    },
  };
}

function listen(server: NetServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeSmtp(smtp: SMTPServer): Promise<void> {
  if (!smtp.server.listening) return Promise.resolve();
  return new Promise((resolve) => smtp.close(() => resolve()));
}

function closeHttp(http: Server): Promise<void> {
  if (!http.listening) return Promise.resolve();
  return new Promise((resolve) => {
    http.close(() => resolve());
    http.closeAllConnections();
  });
}
