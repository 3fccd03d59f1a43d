import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { PAGE_CSP, renderMail, renderMailList, renderNotFound } from './mail-sink.html.ts';
import type { MailStore } from './mail-store.ts';

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

function route(store: MailStore, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://sink.local');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  const idMatch = /^\/(api\/)?messages\/([^/]+)$/.exec(path);

  if (path === '/api/messages' && method === 'DELETE') {
    store.clear();
    res.writeHead(204).end();
  } else if (method !== 'GET' && method !== 'HEAD') {
    sendJson(res, 405, { error: `${method} not allowed` });
  } else if (path === '/api/messages') {
    sendJson(res, 200, store.list({ to: url.searchParams.get('to') ?? undefined }));
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
 * `GET /api/messages[?to=]`, `GET /api/messages/:id`, `DELETE /api/messages`.
 */
export function createMailSinkHttpServer(store: MailStore): Server {
  return createServer((req, res) => {
    try {
      route(store, req, res);
    } catch (error) {
      sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
    }
  });
}
