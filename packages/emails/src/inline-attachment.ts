import { headerSafe } from './header-safe.ts';
import { InvalidMailError } from './mailer-errors.ts';

/**
 * A file shown inside the HTML part (`<img src="cid:…">`), such as a report's chart. Mail clients strip inline
 * SVG and `data:` URIs, and a linked image needs a public server and is blocked by default, so an image the mail
 * must show travels in the message as a related part named by its Content-ID.
 */
export type InlineAttachment = {
  /** Shown by clients that list the part anyway (and used when it is saved). */
  filename: string;
  content: Buffer;
  /** `type/subtype`, e.g. `image/png`. */
  contentType: string;
  /** The Content-ID without angle brackets (`chart.1f2e@fixstream`); the HTML refers to it as `cid:<cid>`. */
  cid: string;
};

/** The attachment as handed to nodemailer: inline, with nothing that could make it read a file or a URL. */
export type NodemailerInlineAttachment = InlineAttachment & { contentDisposition: 'inline' };

/** RFC 2392's content-id is a msg-id: dot-atom text on both sides of the @, nothing a header parser could split on. */
const CONTENT_ID = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+@[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+$/;
/** RFC 2045 type/subtype tokens, without parameters: the mailer writes the header, so nothing can ride along. */
const CONTENT_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+$/;

/**
 * Checks inline attachments before any server is contacted, with the mailer's other checks: each value that
 * becomes a header (Content-ID, Content-Type, the file name) must stay inside its header, Content-IDs must be unique
 * within the mail (a client shows whichever part it finds first), and the content must be bytes in memory.
 * Only the four known fields are passed on, so a caller's object cannot smuggle in nodemailer's `path` or `href`.
 */
export function checkInlineAttachments(
  attachments: readonly InlineAttachment[] | undefined,
): NodemailerInlineAttachment[] | undefined {
  if (!attachments?.length) return undefined;
  const cids = new Set<string>();
  return attachments.map(({ filename, content, contentType, cid }) => {
    if (typeof cid !== 'string' || !CONTENT_ID.test(cid)) {
      throw new InvalidMailError(`Invalid attachment Content-ID ${JSON.stringify(cid)} (expected id@host)`);
    }
    if (cids.has(cid))
      throw new InvalidMailError(`Two attachments share the Content-ID ${JSON.stringify(cid)}`);
    cids.add(cid);
    if (typeof contentType !== 'string' || !CONTENT_TYPE.test(contentType)) {
      throw new InvalidMailError(`Invalid attachment Content-Type ${JSON.stringify(contentType)}`);
    }
    if (!Buffer.isBuffer(content)) throw new InvalidMailError(`Attachment ${cid} has no Buffer content`);
    const name = typeof filename === 'string' ? headerSafe(filename.replace(/[/\\]/g, '_'), 100) : '';
    if (!name) throw new InvalidMailError(`Attachment ${cid} has no file name`);
    return { filename: name, content, contentType, cid, contentDisposition: 'inline' };
  });
}
