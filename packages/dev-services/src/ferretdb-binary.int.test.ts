import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapture } from './child-process.ts';
import { ensureFerretDb, FERRETDB_VERSION } from './ferretdb-binary.ts';
import { startMongo } from './mongo.service.ts';
import { mongoUriFor } from './mongo-uri.ts';

describe('ensureFerretDb', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fixstream-ferretdb-bin-test-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function fakeBinary(name: string, script: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, `#!/bin/sh\n${script}\n`);
    await chmod(path, 0o755);
    return path;
  }

  it('finds (or builds) a FerretDB 1.24 that runs', async () => {
    const path = await ensureFerretDb();
    const { code, stdout } = await runCapture(path, ['--version']);
    expect(code).toBe(0);
    expect(stdout).toContain(`version: ${FERRETDB_VERSION}`);
  }, 900_000);

  it('builds FerretDB without its leak tracking, whose pprof profiles stay absent after reads', async () => {
    const debugPort = await getPort({ host: '127.0.0.1' });
    const mongo = await startMongo({ quiet: true, ferretdbArgs: [`--debug-addr=127.0.0.1:${debugPort}`] });
    try {
      const connection = await mongoose.createConnection(mongoUriFor(mongo.uri, 'tracking_off')).asPromise();
      try {
        const things = connection.collection('things');
        await things.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);
        expect(await things.find({ n: { $gt: 1 } }).toArray()).toHaveLength(2);
      } finally {
        await connection.close();
      }
      const profiles = await (await fetch(`http://127.0.0.1:${debugPort}/debug/pprof/`)).text();
      expect(profiles).toContain('goroutine');
      expect(profiles).not.toContain('FerretDB/');
    } finally {
      await mongo.stop();
    }
  });

  it('rejects an explicit binary that is a plain `go install` build (panics on start)', async () => {
    const broken = await fakeBinary(
      'ferretdb-go-install',
      'echo "panic: Invalid build/version/version.txt file content." >&2; exit 2',
    );
    await expect(ensureFerretDb({ ferretdbBin: broken })).rejects.toThrow(/panics at startup/);
  });

  it('rejects an explicit binary of another version', async () => {
    const v2 = await fakeBinary('ferretdb-v2', 'echo "version: v2.1.0"');
    await expect(ensureFerretDb({ ferretdbBin: v2 })).rejects.toThrow(
      /is not FerretDB 1\.24 \(exit 0: version: v2\.1\.0\)/,
    );
  });
});
