import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface OtlpTracesExport {
  resourceSpans?: { scopeSpans?: { spans?: { name?: string }[] }[] }[];
}

/**
 * The collector the `observed` API exports to: node:http on 127.0.0.1 answering 200 to `POST /v1/traces`
 * (OTLP/HTTP JSON) and counting the spans by name, so the report can show that tracing was really on. It keeps no
 * span: a sink that grows would measure the bench's memory, not the API's cost.
 */
export class OtlpSink {
  readonly spansByName = new Map<string, number>();
  /** Exports that were not a JSON POST to /v1/traces: answered 404 or 415, so the API logs them as failed. */
  refused = 0;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpSink> {
    const server = createServer();
    const sink = new OtlpSink(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.method !== 'POST' || request.url !== '/v1/traces') {
          sink.refused++;
          response.writeHead(404).end();
          return;
        }
        try {
          sink.count(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpTracesExport);
        } catch {
          sink.refused++;
          response.writeHead(415).end();
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return sink;
  }

  /** The `OTEL_EXPORTER_OTLP_ENDPOINT` to give the API. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get spans(): number {
    let total = 0;
    for (const count of this.spansByName.values()) total += count;
    return total;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private count(body: OtlpTracesExport): void {
    for (const resource of body.resourceSpans ?? [])
      for (const scope of resource.scopeSpans ?? [])
        for (const span of scope.spans ?? []) {
          const name = span.name ?? '';
          this.spansByName.set(name, (this.spansByName.get(name) ?? 0) + 1);
        }
  }
}
