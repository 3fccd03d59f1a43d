import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CheckedDestination, ResolvedAddress } from './destination-guard.ts';

export interface ExchangeResponse {
  status: number;
  location: string | undefined;
  bodySnippet: string;
}

/**
 * One POST to a checked destination, on a connection of its own. The connection can only reach the addresses
 * the guard checked: the request's `lookup` answers with them instead of resolving the name again (an IP
 * literal needs no lookup and is the address that was checked). The response body is read up to
 * `snippetBytes` and the connection is dropped after, so a receiver cannot make the worker read without end.
 * Rejects on connection errors and when the signal aborts before the response's head arrived.
 */
export function postOnce(
  destination: CheckedDestination,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
  snippetBytes: number,
): Promise<ExchangeResponse> {
  const { url } = destination;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      {
        method: 'POST',
        hostname: destination.host,
        port: url.port === '' ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(destination.host, destination.addresses),
        agent: false,
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let read = 0;
        let settled = false;
        const finish = () => {
          if (settled) return;
          settled = true;
          response.destroy();
          resolve({
            status: response.statusCode ?? 0,
            location: response.headers.location,
            bodySnippet: Buffer.concat(chunks).subarray(0, snippetBytes).toString('utf8'),
          });
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          read += chunk.length;
          if (read >= snippetBytes) finish();
        });
        // A body cut short (abort, reset) still leaves the status, which is what the outcome rests on.
        response.on('end', finish);
        response.on('error', finish);
        response.on('close', finish);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** A `lookup` that knows one name and answers with the checked addresses, in the shape the caller asks for. */
function pinnedLookup(host: string, addresses: readonly ResolvedAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    if (hostname !== host) {
      const error = Object.assign(new Error(`Refusing to resolve ${hostname}: only ${host} was checked`), {
        code: 'ENOTFOUND',
      });
      callback(error, '', 0);
      return;
    }
    const familyWanted = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const wanted = addresses.filter(({ family }) => !familyWanted || family === familyWanted);
    const first = wanted[0];
    if (!first) {
      const error = Object.assign(new Error(`${host} has no checked IPv${familyWanted} address`), {
        code: 'ENOTFOUND',
      });
      callback(error, '', 0);
      return;
    }
    if (options.all)
      callback(
        null,
        wanted.map(({ address, family }) => ({ address, family })),
      );
    else callback(null, first.address, first.family);
  };
}
