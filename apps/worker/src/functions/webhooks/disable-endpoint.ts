import { webhookDisableId } from '@fixstream/db';
import { webhookDisabledMail } from '@fixstream/emails';
import { PermanentError } from '@fixstream/events';
import { isDuplicateKey } from '@fixstream/run-storage';
import type { Types } from 'mongoose';
import { type FunctionDeps, type MailRun, sendMail } from '../function-deps.ts';

interface Endpoint {
  _id: Types.ObjectId;
  company: Types.ObjectId;
  url: string;
  description?: string | null;
  enabledAt: Date;
}

/**
 * Disables an endpoint for its failures: inserts the claim of its current enabled period (`<id>@<enabledAt>`), so
 * of many deliveries failing at once exactly one disables it and mails its admins, then ends the run as a dead
 * letter. A run whose insert lost finds another run's claim and mails nobody.
 */
export async function disableEndpoint(
  deps: FunctionDeps,
  run: MailRun,
  endpoint: Endpoint,
  why: { failures: number; lastError: string; gone: boolean },
): Promise<never> {
  const reason = why.gone
    ? `the receiver answered 410 Gone: ${why.lastError}`
    : `${why.failures} failed attempts in a row; the last: ${why.lastError}`;
  try {
    await deps.db.models.WebhookEndpointDisable.create({
      _id: webhookDisableId(String(endpoint._id), endpoint.enabledAt),
      company: endpoint.company,
      endpoint: endpoint._id,
      reason,
      lastError: why.lastError,
      failures: why.failures,
      runKey: run.runKey,
      at: new Date(),
    });
    run.logger.warn({ endpointId: String(endpoint._id), reason }, 'webhook endpoint disabled');
    await finishDisabling(deps, run, endpoint);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  throw new PermanentError(`webhook endpoint ${String(endpoint._id)} disabled: ${reason}`);
}

/**
 * Mails each active admin of the endpoint's company that it was disabled. Called by the run that disabled it,
 * again on that run's retry should a send have failed: the Message-ID is derived from the claim and the admin, so
 * a mail sent twice is recognisably one.
 */
export async function finishDisabling(deps: FunctionDeps, run: MailRun, endpoint: Endpoint): Promise<void> {
  const claimId = webhookDisableId(String(endpoint._id), endpoint.enabledAt);
  const claim = await deps.db.models.WebhookEndpointDisable.findById(claimId).lean();
  if (!claim) return;
  const admins = await deps.db.models.User.find(
    { company: endpoint.company, role: 'admin', active: true },
    { name: 1, email: 1 },
  ).lean();
  for (const admin of admins) {
    const mail = await webhookDisabledMail({
      name: admin.name,
      endpointOrigin: new URL(endpoint.url).origin,
      description: endpoint.description ?? '',
      failures: claim.failures,
      lastError: claim.lastError,
      disabledAt: claim.at.toISOString(),
    });
    const messageId = `<webhook-disabled.${claimId.replace('@', '.')}.${String(admin._id)}@${deps.messageIdDomain}>`;
    await sendMail(deps, { to: admin.email, ...mail, messageId }, run);
  }
}
