import { escapeHtml, page, renderTime } from './mail-sink.html.ts';
import type { ReceivedDemoWebhook } from './webhook-inbox.ts';

/** The demo receiver's page: every webhook it got, whether its signature verified, and its body. */
export function renderWebhookList(webhooks: ReceivedDemoWebhook[]): string {
  const rows = webhooks
    .map(
      (w) =>
        `<tr><td>${renderTime(w.receivedAt)}</td><td>${escapeHtml(w.id)}</td><td>${escapeHtml(w.type ?? '')}</td>` +
        `<td>${w.verified ? 'verified' : `refused: ${escapeHtml(w.error ?? '')}`}</td><td><pre>${escapeHtml(w.body)}</pre></td></tr>`,
    )
    .join('');
  const table =
    webhooks.length === 0
      ? '<p class="muted">No webhooks yet. Create a request: the demo endpoint of the seed receives its events.</p>'
      : `<table><thead><tr><th>Received</th><th>webhook-id</th><th>Type</th><th>Signature</th><th>Body</th></tr></thead><tbody>${rows}</tbody></table>`;
  return page(
    'Webhooks',
    `<p><a href="/">← mail</a> · <a href="/api/webhooks">JSON</a></p><h1>Webhooks received (${webhooks.length})</h1>${table}`,
    5,
  );
}
