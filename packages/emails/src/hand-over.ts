import type { Transporter } from 'nodemailer';

/** Registers the callback for the send whose nodemailer `signal` is `signal`. */
export type ExpectHandOver = (signal: AbortSignal, onHandedOver: () => void) => void;

/**
 * Tells when a message is about to leave our hands: the moment its last byte has been read into the SMTP DATA
 * stream, just before nodemailer writes the terminating `.` (RFC 5321 4.1.1.4). Up to then closing the
 * connection cancels the transaction for certain (a server must not deliver a message whose data did not end);
 * from then on the server may accept it, and only its reply says whether it did.
 *
 * How, in nodemailer 10's terms: the pooled connection pipes `message.createReadStream()` into its DATA stream
 * once the envelope is accepted, and that pipe ends the DATA stream (which writes the dot) from its own `end`
 * listener. A process function, the last stage of the message stream (this mailer configures no DKIM or newline
 * conversion, which nodemailer would add after it), registers an `end` listener when the stream is created, long
 * before the pipe does, so it runs first: strictly before the dot. Nodemailer routes a send's `signal` to the
 * plugins as `mail.data.signal`, which is how a message is matched with its callback.
 */
export function trackHandOver<T>(transporter: Transporter<T>): ExpectHandOver {
  const expected = new WeakMap<AbortSignal, () => void>();
  transporter.use('stream', (mail, done) => {
    const signal = mail.data.signal;
    const onHandedOver = signal ? expected.get(signal) : undefined;
    if (onHandedOver && mail.message) {
      mail.message.processFunc((input) => {
        input.once('end', onHandedOver);
        return input;
      });
    }
    done();
  });
  return (signal, onHandedOver) => {
    expected.set(signal, onHandedOver);
  };
}
