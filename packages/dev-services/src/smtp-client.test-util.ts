import { connect, type Socket } from 'node:net';

/** A message to send with {@link sendRawMail}. */
export type RawMail = {
  host: string;
  port: number;
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** The message source (headers, blank line, body); line endings are normalised to CRLF. */
  data: string;
  /** AUTH PLAIN with these credentials. */
  auth?: { user: string; pass: string };
};

class SmtpReader {
  private buffer = '';
  private waiting: {
    resolve: (reply: { code: number; text: string }) => void;
    reject: (error: Error) => void;
  } | null = null;
  private failure: Error | null = null;

  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
      this.flush();
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      this.waiting?.reject(this.failure);
      this.waiting = null;
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed by the server')));
  }

  /** A complete reply: lines `250-…` continue, `250 …` ends it. */
  private take(): { code: number; text: string } | null {
    const lines = this.buffer.split('\r\n');
    for (let index = 0; index < lines.length - 1; index += 1) {
      const line = lines[index] ?? '';
      if (line[3] !== '-') {
        this.buffer = lines.slice(index + 1).join('\r\n');
        return { code: Number(line.slice(0, 3)), text: lines.slice(0, index + 1).join('\n') };
      }
    }
    return null;
  }

  private flush(): void {
    if (!this.waiting) return;
    const reply = this.take();
    if (reply) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve(reply);
    }
  }

  next(): Promise<{ code: number; text: string }> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.flush();
    });
  }
}

/**
 * Speaks just enough SMTP over a plain socket to deliver one mail, so the sink's tests need no mail library.
 * Resolves with the reply to the final `.`; rejects on any unexpected reply.
 */
export async function sendRawMail(mail: RawMail): Promise<{ code: number; text: string }> {
  const socket = connect({ host: mail.host, port: mail.port });
  const reader = new SmtpReader(socket);
  const expect = async (code: number, command?: string) => {
    if (command !== undefined) socket.write(`${command}\r\n`);
    const reply = await reader.next();
    if (reply.code !== code)
      throw new Error(`SMTP ${command ?? 'greeting'}: expected ${code}, got ${reply.text}`);
    return reply;
  };
  try {
    await expect(220);
    await expect(250, 'EHLO test.local');
    if (mail.auth) {
      const token = Buffer.from(`\0${mail.auth.user}\0${mail.auth.pass}`).toString('base64');
      await expect(235, `AUTH PLAIN ${token}`);
    }
    await expect(250, `MAIL FROM:<${mail.from}>`);
    for (const rcpt of mail.to) await expect(250, `RCPT TO:<${rcpt}>`);
    await expect(354, 'DATA');
    const body = mail.data
      .replace(/\r?\n/g, '\r\n')
      .split('\r\n')
      .map((line) => (line.startsWith('.') ? `.${line}` : line))
      .join('\r\n');
    const reply = await expect(250, `${body}\r\n.`);
    await expect(221, 'QUIT');
    return reply;
  } finally {
    socket.destroy();
  }
}

/** A multipart/alternative message (text + HTML) as a mail library would produce it. */
export function buildMessage(opts: {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId?: string;
}): string {
  const boundary = 'fixstream-test-boundary';
  return [
    `From: ${opts.from}`,
    `To: ${opts.to}`,
    `Subject: ${opts.subject}`,
    `Message-ID: ${opts.messageId ?? `<${Date.now()}.${Math.random().toString(36).slice(2)}@test.local>`}`,
    'X-Fixstream-Test: yes,',
    '  folded',
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.text,
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    '',
    opts.html,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
