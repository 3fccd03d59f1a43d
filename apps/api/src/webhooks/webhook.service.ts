import { webhookState } from '@fixstream/db';
import type { WebhookEventName } from '@fixstream/events';
import {
  checkDestination,
  DestinationLookupError,
  DestinationRefusedError,
  generateWebhookSecret,
} from '@fixstream/webhooks';
import type { Types } from 'mongoose';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import { type Page, paginate } from '../shared/paginate.ts';
import type { SessionUser } from '../trpc/init.ts';
import type { WebhookDeliveryOutput, WebhookOutput } from './webhook.schemas.ts';

/** Failures counted back at most: the list shows "100" for any longer run of them. */
const failuresCountedUpTo = 100;

interface EndpointDocument {
  _id: Types.ObjectId;
  url: string;
  description?: string | null;
  events: string[];
  enabled: boolean;
  enabledAt: Date;
  disabledAt?: Date | null;
  disabledReason?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const listed = {
  url: 1,
  description: 1,
  events: 1,
  enabled: 1,
  enabledAt: 1,
  disabledAt: 1,
  disabledReason: 1,
  createdAt: 1,
  updatedAt: 1,
} as const;

async function toWebhookOutput(deps: ApiDeps, doc: EndpointDocument): Promise<WebhookOutput> {
  const state = await webhookState(deps.db, doc, { countUpTo: failuresCountedUpTo });
  return {
    id: doc._id.toString(),
    url: doc.url,
    description: doc.description ?? '',
    events: doc.events,
    active: state.active,
    enabled: doc.enabled,
    disabled: state.disabled && { ...state.disabled, at: state.disabled.at.toISOString() },
    consecutiveFailures: state.consecutiveFailures,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/**
 * Refuses a URL the SSRF guard refuses (a scheme other than http(s), credentials, an address that is private,
 * loopback, link-local or otherwise not public, unless WEBHOOK_ALLOWED_DESTINATIONS allows it). A name that does
 * not resolve now is accepted: the worker checks every attempt again, after its own lookup.
 */
async function assertDestination(deps: ApiDeps, url: string): Promise<void> {
  try {
    await checkDestination(url, deps.webhookPolicy);
  } catch (error) {
    if (error instanceof DestinationRefusedError) throw new AppError(AppErrorCode.BadInput, error.message);
    if (!(error instanceof DestinationLookupError)) throw error;
  }
}

async function getWebhook(deps: ApiDeps, user: SessionUser, id: string): Promise<EndpointDocument> {
  const doc = await deps.db.models.WebhookEndpoint.findOne(
    { _id: id, company: user.companyId },
    listed,
  ).lean();
  if (!doc) throw notFound('Webhook endpoint');
  return doc as EndpointDocument;
}

export async function listWebhooks(
  deps: ApiDeps,
  user: SessionUser,
  input: { cursor?: string | undefined; limit: number },
): Promise<Page<WebhookOutput>> {
  const page = await paginate<EndpointDocument, EndpointDocument>(
    deps.db.models.WebhookEndpoint,
    { company: user.companyId },
    { ...input, projection: listed },
    (doc) => doc,
  );
  return {
    items: await Promise.all(page.items.map((doc) => toWebhookOutput(deps, doc))),
    nextCursor: page.nextCursor,
  };
}

export async function createWebhook(
  deps: ApiDeps,
  user: SessionUser,
  input: { url: string; description?: string | null | undefined; events: WebhookEventName[] },
): Promise<WebhookOutput & { secret: string }> {
  await assertDestination(deps, input.url);
  const secret = generateWebhookSecret();
  const created = await deps.db.models.WebhookEndpoint.create({
    company: user.companyId,
    url: input.url,
    description: input.description ?? '',
    events: input.events,
    secret,
    enabled: true,
    enabledAt: new Date(),
  });
  return { ...(await toWebhookOutput(deps, created.toObject() as EndpointDocument)), secret };
}

/**
 * Changes an endpoint. `enabled: true` starts a new enabled period (failures before it no longer count, and the
 * endpoint is active again even after failures disabled it); `enabled: false` stops deliveries, the admin named.
 */
export async function updateWebhook(
  deps: ApiDeps,
  user: SessionUser,
  input: {
    id: string;
    url?: string | undefined;
    description?: string | null | undefined;
    events?: WebhookEventName[] | undefined;
    enabled?: boolean | undefined;
  },
): Promise<WebhookOutput> {
  if (input.url !== undefined) await assertDestination(deps, input.url);
  const current = await getWebhook(deps, user, input.id);
  const changes: Record<string, unknown> = {};
  if (input.url !== undefined) changes.url = input.url;
  if (input.description !== undefined) changes.description = input.description ?? '';
  if (input.events !== undefined) changes.events = input.events;
  if (input.enabled === true) {
    const state = await webhookState(deps.db, current, { countUpTo: 1 });
    if (!state.active)
      Object.assign(changes, {
        enabled: true,
        enabledAt: new Date(),
        disabledAt: null,
        disabledReason: null,
      });
  } else if (input.enabled === false && current.enabled) {
    Object.assign(changes, {
      enabled: false,
      disabledAt: new Date(),
      disabledReason: `disabled by ${user.name}`,
    });
  }
  if (Object.keys(changes).length > 0) {
    const result = await deps.db.models.WebhookEndpoint.updateOne(
      { _id: input.id, company: user.companyId },
      { $set: changes },
    );
    if (result.matchedCount === 0) throw notFound('Webhook endpoint');
  }
  return toWebhookOutput(deps, await getWebhook(deps, user, input.id));
}

/** Deletes an endpoint with its deliveries log; messages already written for it are dropped when they come up. */
export async function deleteWebhook(
  deps: ApiDeps,
  user: SessionUser,
  id: string,
): Promise<{ id: string; deleted: true }> {
  const { WebhookEndpoint, WebhookDelivery, WebhookEndpointDisable } = deps.db.models;
  const result = await WebhookEndpoint.deleteOne({ _id: id, company: user.companyId });
  if (result.deletedCount === 0) throw notFound('Webhook endpoint');
  await Promise.all([
    WebhookDelivery.deleteMany({ endpoint: id }),
    WebhookEndpointDisable.deleteMany({ endpoint: id }),
  ]);
  return { id, deleted: true };
}

/** Replaces the secret at once: the next attempt, retries included, is signed with the new one only. */
export async function rotateWebhookSecret(
  deps: ApiDeps,
  user: SessionUser,
  id: string,
): Promise<WebhookOutput & { secret: string }> {
  const secret = generateWebhookSecret();
  const result = await deps.db.models.WebhookEndpoint.updateOne(
    { _id: id, company: user.companyId },
    { $set: { secret } },
  );
  if (result.matchedCount === 0) throw notFound('Webhook endpoint');
  return { ...(await toWebhookOutput(deps, await getWebhook(deps, user, id))), secret };
}

interface AttemptDocument {
  _id: string;
  messageId: string;
  eventId: string;
  eventName: string;
  attempt: number;
  outcome: string;
  status?: number | null;
  durationMs: number;
  error?: string | null;
  at: Date;
}

/** The endpoint's deliveries log, newest first, a page at a time (index `{endpoint, _id}`; ids are UUIDv7). */
export async function listWebhookDeliveries(
  deps: ApiDeps,
  user: SessionUser,
  input: { id: string; cursor?: string | undefined; limit: number },
): Promise<Page<WebhookDeliveryOutput>> {
  const filter: Record<string, unknown> = { endpoint: input.id, company: user.companyId };
  if (input.cursor) filter._id = { $lt: input.cursor };
  const docs = (await deps.db.models.WebhookDelivery.find(filter)
    .sort({ _id: -1 })
    .hint({ endpoint: 1, _id: -1 })
    .limit(input.limit + 1)
    .lean()) as unknown as AttemptDocument[];
  const page = docs.slice(0, input.limit);
  return {
    items: page.map((doc) => ({
      id: doc._id,
      messageId: doc.messageId,
      eventId: doc.eventId,
      eventName: doc.eventName,
      attempt: doc.attempt,
      outcome: doc.outcome,
      status: doc.status ?? null,
      durationMs: doc.durationMs,
      error: doc.error ?? null,
      at: doc.at.toISOString(),
    })),
    nextCursor: docs.length > input.limit ? (page.at(-1)?._id ?? null) : null,
  };
}
