import type { TestApi } from './test-deps.ts';

/**
 * The requests whose search terms the database answered to the API, as the client saw the replies: the `request`
 * of each term document a find returned, and each id a listing aggregation (`{values: [...]}`) returned. The
 * client must have been created with `monitorCommands: true`. Tests of the search use it to show which terms a
 * search read, not only what it found.
 */
export function watchTermsRead(api: TestApi): { clear(): void; requests(): string[] } {
  const read: string[] = [];
  const client = api.db.connection.getClient();
  const termCommands = new Set<number>();
  client.on('commandStarted', (event) => {
    const collection = event.command.find ?? event.command.aggregate ?? event.command.collection;
    if (collection === 'request_search_terms') termCommands.add(event.requestId);
  });
  client.on('commandSucceeded', (event) => {
    if (!termCommands.delete(event.requestId)) return;
    const cursor = (event.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } }).cursor;
    for (const doc of [...(cursor?.firstBatch ?? []), ...(cursor?.nextBatch ?? [])]) {
      const { request, values } = doc as { request?: unknown; values?: unknown[] };
      if (Array.isArray(values)) read.push(...values.map(String));
      else read.push(String(request));
    }
  });
  return {
    clear() {
      read.length = 0;
    },
    requests: () => [...read],
  };
}
