import { z } from 'zod';
import { InvalidAllowlistError, parseDestinationAllowlist } from './allowlist.ts';

/**
 * `WEBHOOK_ALLOWED_DESTINATIONS` as the API and the worker read it: comma-separated addresses, CIDRs and host
 * names that webhooks may reach although the guard would refuse them. Empty (the default) allows nothing beyond
 * public addresses; an entry that is not one fails the process at start-up, naming it.
 */
export const webhookAllowlistSetting = z
  .string()
  .default('')
  .transform((text, context) => {
    try {
      return parseDestinationAllowlist(text);
    } catch (error) {
      if (!(error instanceof InvalidAllowlistError)) throw error;
      context.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  });
