import type { RunOutcome } from './ledger.ts';

/** At most this many Message-IDs are kept per attempt: a result stays small however many mails a run sends. */
export const messageIdsKept = 100;

/**
 * The Message-IDs of the mails one attempt sent, or found sent by an earlier attempt (`recordMessageId`), in the
 * order first recorded: what the ledger keeps with the attempt's outcome, so an operator can find the mails.
 */
export class MessageIdLog {
  private readonly ids = new Set<string>();

  record(messageId: string): void {
    if (typeof messageId === 'string' && messageId.length > 0) this.ids.add(messageId);
  }

  /** The outcome's fields: none when the attempt recorded no mail, the first {@link messageIdsKept} otherwise. */
  outcomeFields(): Pick<RunOutcome, 'messageIds' | 'messageIdsOmitted'> {
    if (this.ids.size === 0) return {};
    const all = [...this.ids];
    const omitted = all.length - messageIdsKept;
    return omitted > 0
      ? { messageIds: all.slice(0, messageIdsKept), messageIdsOmitted: omitted }
      : { messageIds: all };
  }
}
