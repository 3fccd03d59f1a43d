import { requestOutboxRef } from '@fixstream/db';
import { requestCreated, streamKeys } from '@fixstream/events';
import { outboxGraceMs, owedBy } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

function anEvent(requestId: string) {
  const id = () => new Types.ObjectId().toString();
  return requestCreated.create({
    requestId,
    companyId: id(),
    type: 'corrective',
    assignedTechnicianId: id(),
    requestedById: id(),
  });
}

const rowsOf = (requestId: string) => api.db.storage.owedRows.find({ ref: `request:${requestId}` }).toArray();

describe('Outbox.write, as the API writes a request', () => {
  it('records the event as owed before the write runs, due after the grace period, and publishes it', async () => {
    const requestId = new Types.ObjectId().toString();
    const event = anEvent(requestId);
    let rowsDuringWrite: Awaited<ReturnType<typeof rowsOf>> = [];
    const before = Date.now();
    const result = await api.deps.outbox.write(owedBy(requestOutboxRef(requestId), [event]), async () => {
      rowsDuringWrite = await rowsOf(requestId);
      return 'written';
    });
    expect(result).toBe('written');
    expect(rowsDuringWrite.map((row) => row.eventId)).toEqual([event.id]);
    const [row] = await rowsOf(requestId);
    expect(row?.dueAt.getTime()).toBeGreaterThanOrEqual(before + outboxGraceMs);
    const stream = streamKeys(api.prefix).stream(requestCreated.name);
    const entries = await api.redis.xrange(stream, '-', '+');
    expect(entries.some(([, fields]) => fields.join(' ').includes(event.id))).toBe(true);
  });

  it('drops the rows when the write matched nothing, and publishes nothing', async () => {
    const requestId = new Types.ObjectId().toString();
    const event = anEvent(requestId);
    expect(
      await api.deps.outbox.write(owedBy(requestOutboxRef(requestId), [event]), async () => null),
    ).toBeNull();
    expect(await rowsOf(requestId)).toEqual([]);
    const stream = streamKeys(api.prefix).stream(requestCreated.name);
    const entries = await api.redis.xrange(stream, '-', '+');
    expect(entries.some(([, fields]) => fields.join(' ').includes(event.id))).toBe(false);
  });

  it('records the rows of concurrent writes, which share inserts, each before its own write', async () => {
    const requestIds = Array.from({ length: 20 }, () => new Types.ObjectId().toString());
    const inserts: number[] = [];
    const rows = api.db.storage.owedRows;
    const insertMany = rows.insertMany.bind(rows);
    rows.insertMany = ((docs: unknown[], ...rest: unknown[]) => {
      inserts.push(docs.length);
      return (insertMany as (...args: unknown[]) => unknown)(docs, ...rest);
    }) as typeof rows.insertMany;
    try {
      const seen = await Promise.all(
        requestIds.map((requestId) =>
          api.deps.outbox.write(
            owedBy(requestOutboxRef(requestId), [anEvent(requestId)]),
            async () => (await rowsOf(requestId)).length,
          ),
        ),
      );
      expect(seen).toEqual(requestIds.map(() => 1));
      expect(inserts.reduce((sum, n) => sum + n, 0)).toBe(20);
      expect(inserts.length).toBeLessThan(20);
    } finally {
      rows.insertMany = insertMany;
    }
  });

  it('keeps the rows when the write failed, since it may have landed; the relay decides later', async () => {
    const requestId = new Types.ObjectId().toString();
    const event = anEvent(requestId);
    await expect(
      api.deps.outbox.write(owedBy(requestOutboxRef(requestId), [event]), async () => {
        throw new Error('connection reset');
      }),
    ).rejects.toThrow('connection reset');
    expect((await rowsOf(requestId)).map((row) => row.eventId)).toEqual([event.id]);
  });
});
