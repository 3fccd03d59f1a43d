import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { PAGE_CSP, renderMail, renderMailList, renderNotFound } from './mail-sink.html.ts';
import type { MailStore } from './mail-store.ts';
import { renderWebhookList } from './webhook-inbox.html.ts';
import type { WebhookInbox } from './webhook-inbox.ts';

/** A webhook body larger than this is refused: the demo receiver keeps what it gets in memory. */
const maxWebhookBytes = 256 * 1024;

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value));
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, 'text/html', html, {
    'content-security-policy': PAGE_CSP,
    'referrer-policy': 'no-referrer',
  });
}

/** `POST /webhooks`: the demo receiver, which answers once the whole body has arrived. */
function receiveWebhook(inbox: WebhookInbox, req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= maxWebhookBytes) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > maxWebhookBytes) return sendJson(res, 413, { error: 'webhook body too large' });
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
    );
    res.writeHead(inbox.receive(Buffer.concat(chunks).toString('utf8'), headers)).end();
  });
}

function route(
  store: MailStore,
  req: IncomingMessage,
  res: ServerResponse,
  inbox: WebhookInbox | null,
): void {
  const url = new URL(req.url ?? '/', 'http://sink.local');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  const idMatch = /^\/(api\/)?messages\/([^/]+)$/.exec(path);

  if (inbox && path === '/webhooks' && method === 'POST') {
    receiveWebhook(inbox, req, res);
  } else if (path === '/api/messages' && method === 'DELETE') {
    store.clear();
    res.writeHead(204).end();
  } else if (method !== 'GET' && method !== 'HEAD') {
    sendJson(res, 405, { error: `${method} not allowed` });
  } else if (path === '/api/messages') {
    sendJson(res, 200, store.list({ to: url.searchParams.get('to') ?? undefined }));
  } else if (inbox && path === '/webhooks') {
    sendHtml(res, 200, renderWebhookList(inbox.list()));
  } else if (inbox && path === '/api/webhooks') {
    sendJson(res, 200, inbox.list());
  } else if (path === '/') {
    sendHtml(res, 200, renderMailList(store.list()));
  } else if (idMatch) {
    const [, api, rawId = ''] = idMatch;
    const id = safeDecode(rawId);
    const mail = store.get(id);
    if (api) sendJson(res, mail ? 200 : 404, mail ?? { error: `no message ${id}` });
    else sendHtml(res, mail ? 200 : 404, mail ? renderMail(mail) : renderNotFound(`No message ${id}.`));
  } else {
    sendJson(res, 404, { error: `no route ${path}` });
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The sink's HTTP side on plain node:http (no framework for five routes): `GET /` inbox page, `GET /messages/:id`,
 * `GET /api/messages[?to=]`, `GET /api/messages/:id`, `DELETE /api/messages`; with a webhook inbox, the demo
 * webhook receiver: `POST /webhooks`, its page `GET /webhooks` and `GET /api/webhooks`.
 */
export function createMailSinkHttpServer(store: MailStore, inbox: WebhookInbox | null = null): Server {
  return createServer((req, res) => {
    try {
      route(store, req, res, inbox);
    } catch (error) {
      sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
    }
  });
}
