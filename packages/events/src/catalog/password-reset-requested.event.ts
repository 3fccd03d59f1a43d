import { z } from 'zod';
import { defineEvent } from '../event.ts';
import { objectIdString } from './ids.schema.ts';

/**
 * Someone asked for a password reset mail. Carries only the id of the stored request: the email stays in MongoDB
 * (no personal data in Redis), and so does the link's token, which `send-password-reset` mints when it mails it,
 * storing only its hash, so the raw token never passes through a stream that operators read with redis-cli.
 */
export const passwordResetRequested = defineEvent({
  name: 'account/password-reset.requested',
  version: 1,
  data: z.object({
    resetRequestId: objectIdString,
  }),
});
