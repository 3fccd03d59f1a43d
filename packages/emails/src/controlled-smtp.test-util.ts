import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A promise the test opens when it chooses. */
export type Gate = { opened: Promise<void>; open(): void };

export function gate(): Gate {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/**
 * An SMTP server on a free loopback port whose replies the test holds: RCPT TO (the envelope) and the reply to
 * the message data (after the whole body arrived), each while a gate it is given is closed. It records what it
 * received and accepted, and how many sessions ended, so tests can tell "cancelled" from "delivered".
 */
export async function startControlledSmtp() {
  const state = {
    rcptSeen: 0,
    bodiesReceived: 0,
    sessionsClosed: 0,
    delivered: [] as { messageId: string | null; to: string[] }[],
    holdRcpt: null as Gate | null,
    holdDataReply: null as Gate | null,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 100,
    onRcptTo(_address, _session, callback) {
      state.rcptSeen++;
      const held = state.holdRcpt;
      if (held) void held.opened.then(() => callback());
      else callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(async (parsed) => {
        state.bodiesReceived++;
        await state.holdDataReply?.opened;
        state.delivered.push({
          messageId: parsed.messageId ?? null,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        });
        callback();
      }, callback);
    },
    onClose() {
      state.sessionsClosed++;
    },
  });
  server.on('error', () => {});
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
