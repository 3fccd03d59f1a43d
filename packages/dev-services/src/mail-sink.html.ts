import type { StoredMail } from './mail-store.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and for quoted attribute values (mail content is untrusted). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/**
 * No scripts anywhere; inline styles and images allowed so that mails render. The policy also applies to the
 * `srcdoc` iframe, which additionally gets an empty `sandbox` (unique origin, no scripts, no forms).
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src * data:; frame-src 'self'; base-uri 'none'; form-action 'none'";

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f4f4f4}code,pre{font:12px/1.4 ui-monospace,monospace}pre{white-space:pre-wrap;background:#f7f7f7;padding:.8rem}
iframe{width:100%;height:60vh;border:1px solid #ccc}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dt{font-weight:600}.muted{color:#777}time{white-space:nowrap}`;

/** How the pages show times; the zone is the machine's (the sink runs where its reader is) unless a test pins it. */
export type TimeDisplay = { timeZone?: string };

/**
 * A received time as a person reads it, in local time ("29 Nov 2025, 23:58:01"), in a `<time>` element that keeps
 * the exact ISO instant as its value and tooltip.
 */
export function renderTime(iso: string, display: TimeDisplay = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return escapeHtml(iso);
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: display.timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `<time datetime="${escapeHtml(iso)}" title="${escapeHtml(iso)}">${escapeHtml(local)}</time>`;
}

/** A page of the sink, with its style. */
export function page(title: string, body: string, refreshSeconds?: number): string {
  const refresh = refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${refresh}<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** The inbox page: newest first, refreshes itself every 5 s. */
export function renderMailList(mails: StoredMail[], display: TimeDisplay = {}): string {
  const rows = [...mails]
    .reverse()
    .map((mail) => {
      const href = `/messages/${encodeURIComponent(mail.id)}`;
      return `<tr><td>${renderTime(mail.receivedAt, display)}</td><td>${escapeHtml(mail.from ?? '')}</td><td>${escapeHtml(mail.to.join(', '))}</td><td><a href="${escapeHtml(href)}">${escapeHtml(mail.subject ?? '(no subject)')}</a></td></tr>`;
    })
    .join('');
  const table = mails.length
    ? `<table><thead><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p class="muted">No mail yet. This page refreshes every 5 seconds.</p>';
  return page(
    `fixstream mail sink (${mails.length})`,
    `<h1>fixstream mail sink</h1><p class="muted">${mails.length} message(s) · JSON: <a href="/api/messages">/api/messages</a></p>${table}`,
    5,
  );
}

/** One mail: headers, the HTML part in a sandboxed iframe, the text part. */
export function renderMail(mail: StoredMail, display: TimeDisplay = {}): string {
  const meta: [string, string | null][] = [
    ['Subject', mail.subject],
    ['From', mail.from],
    ['To (envelope)', mail.to.join(', ')],
    ['Message-ID', mail.messageId],
  ];
  const dl =
    meta.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value ?? '')}</dd>`).join('') +
    `<dt>Received</dt><dd>${renderTime(mail.receivedAt, display)}</dd>`;
  const html =
    mail.html === null
      ? '<p class="muted">No HTML part.</p>'
      : `<iframe sandbox title="HTML part" srcdoc="${escapeHtml(mail.html)}"></iframe>`;
  const text =
    mail.text === null ? '<p class="muted">No text part.</p>' : `<pre>${escapeHtml(mail.text)}</pre>`;
  const headers = Object.entries(mail.headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  return page(
    mail.subject ?? '(no subject)',
    `<p><a href="/">← all mail</a> · <a href="/api/messages/${escapeHtml(encodeURIComponent(mail.id))}">JSON</a></p>` +
      `<h1>${escapeHtml(mail.subject ?? '(no subject)')}</h1><dl>${dl}</dl>` +
      `<h2>HTML</h2>${html}<h2>Text</h2>${text}<details><summary>Headers</summary><pre>${escapeHtml(headers)}</pre></details>`,
  );
}

/** A minimal error page. */
export function renderNotFound(what: string): string {
  return page('Not found', `<h1>Not found</h1><p>${escapeHtml(what)}</p><p><a href="/">← all mail</a></p>`);
}
