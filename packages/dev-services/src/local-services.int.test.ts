import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startLocalServices } from './local-services.ts';
import { MailSinkClient } from './mail-sink.client.ts';
import { mongoPing } from './readiness.ts';
import { sendRawMail } from './smtp-client.test-util.ts';

describe('startLocalServices', () => {
  it('starts Redis, a MongoDB-wire database and the SMTP sink, and stops them (twice is fine)', async () => {
    const services = await startLocalServices({ quiet: true });
    const { endpoints } = services;
    try {
      const redis = new Redis(endpoints.redisUrl, { lazyConnect: true, retryStrategy: () => null });
      await redis.connect();
      expect(await redis.ping()).toBe('PONG');
      redis.disconnect();
      await mongoPing(endpoints.mongoUri, 5_000);
      expect(['mongod', 'ferretdb']).toContain(endpoints.mongoKind);
      await sendRawMail({
        host: endpoints.smtp.host,
        port: endpoints.smtp.port,
        from: 'a@example.test',
        to: ['b@example.test'],
        data: 'Subject: hello\r\n\r\nbody\r\n',
      });
      const [mail] = await new MailSinkClient(endpoints.mailSinkUrl).list();
      expect(mail?.subject).toBe('hello');
    } finally {
      await services.stop();
      await services.stop();
    }
    await expect(mongoPing(endpoints.mongoUri, 200)).rejects.toThrow();
  });

  it('uses given Redis and MongoDB instead of starting them', async () => {
    const base = await startLocalServices({ quiet: true });
    try {
      const reuse = await startLocalServices({
        quiet: true,
        redisUrl: base.endpoints.redisUrl,
        mongoUri: base.endpoints.mongoUri,
      });
      expect(reuse.endpoints).toMatchObject({
        redisUrl: base.endpoints.redisUrl,
        mongoUri: base.endpoints.mongoUri,
        mongoKind: 'external',
      });
      expect(reuse.endpoints.mailSinkUrl).not.toBe(base.endpoints.mailSinkUrl);
      await reuse.stop();
      await mongoPing(base.endpoints.mongoUri, 5_000);
    } finally {
      await base.stop();
    }
  });
});
