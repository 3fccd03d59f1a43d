import { z } from 'zod';
import { pageOutput } from '../shared/page-output.ts';
import { idInput } from '../shared/schemas.ts';
import { guarded, router } from '../trpc/init.ts';
import {
  createWebhookInput,
  listWebhooksInput,
  updateWebhookInput,
  webhookDeliveriesInput,
  webhookDeliveryOutput,
  webhookOutput,
  webhookWithSecretOutput,
} from './webhook.schemas.ts';
import {
  createWebhook,
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  rotateWebhookSecret,
  updateWebhook,
} from './webhook.service.ts';

/** Outbound webhook endpoints of the caller's company, for its admins (docs/webhooks.md). */
export const webhookRouter = router({
  list: guarded('webhooks.list', listWebhooksInput)
    .output(pageOutput(webhookOutput))
    .query(({ ctx, input }) => listWebhooks(ctx.deps, ctx.user, input)),
  create: guarded('webhooks.create', createWebhookInput)
    .output(webhookWithSecretOutput)
    .mutation(({ ctx, input }) => createWebhook(ctx.deps, ctx.user, input)),
  update: guarded('webhooks.update', updateWebhookInput)
    .output(webhookOutput)
    .mutation(({ ctx, input }) => updateWebhook(ctx.deps, ctx.user, input)),
  delete: guarded('webhooks.delete', idInput)
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(({ ctx, input }) => deleteWebhook(ctx.deps, ctx.user, input.id)),
  rotateSecret: guarded('webhooks.rotateSecret', idInput)
    .output(webhookWithSecretOutput)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.deps, ctx.user, input.id)),
  deliveries: guarded('webhooks.deliveries', webhookDeliveriesInput)
    .output(pageOutput(webhookDeliveryOutput))
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.deps, ctx.user, input)),
});
