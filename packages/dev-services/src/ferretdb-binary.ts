import { constants } from 'node:fs';
import {
  access,
  chmod,
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { findExecutable, runCapture } from './child-process.ts';
import { inheritedEnv } from './env.ts';
import { FERRETDB_ADDED_FILES, FERRETDB_DIFFS, FERRETDB_PATCHES } from './ferretdb-patches.ts';

/** The FerretDB release the project is tested against (docs/architecture.md: FerretDB stands in for MongoDB). */
export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';

/** Where {@link ensureFerretDb} puts the binary it builds: per user, per version and patch, outside any repo. */
export const FERRETDB_CACHE_PATH = join(
  homedir(),
  '.cache',
  'fixstream',
  `ferretdb-${FERRETDB_VERSION}-index-pushdown-v24`,
  'ferretdb',
);

/**
 * The build with only the string patches (no {@link FERRETDB_DIFFS}): FerretDB as this project ran it before the
 * index pushdown, for benchmarks that show what the pushdown changes. Same name as that build had, so a machine
 * that has it keeps it.
 */
export const FERRETDB_WITHOUT_PUSHDOWN_PATH = join(
  homedir(),
  '.cache',
  'fixstream',
  `ferretdb-${FERRETDB_VERSION}-indexed-id-v7`,
  'ferretdb',
);

type BuildTarget = { path: string; diffs: readonly string[] };
const defaultTarget: BuildTarget = { path: FERRETDB_CACHE_PATH, diffs: FERRETDB_DIFFS };

type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * A candidate binary is accepted only if it runs and reports 1.24.x: a plain `go install …@v1.24.2` build panics
 * at startup (its embedded build/version/version.txt is empty), and FerretDB 2.x has no SQLite backend.
 */
async function checkBinary(path: string): Promise<Verdict> {
  const { code, stdout, stderr } = await runCapture(path, ['--version'], { timeoutMs: 15_000 });
  if (code === 0 && /^version: v1\.24\./m.test(stdout)) return { ok: true };
  if (stderr.includes('version.txt')) {
    return {
      ok: false,
      reason: `${path} panics at startup (a plain \`go install\` build without version.txt)`,
    };
  }
  const first = (stdout || stderr).trim().split('\n')[0] ?? '';
  return { ok: false, reason: `${path} is not FerretDB 1.24 (exit ${code}: ${first || 'no output'})` };
}

async function goPathBin(): Promise<string | null> {
  const { code, stdout } = await runCapture('go', ['env', 'GOPATH'], { timeoutMs: 15_000 });
  const first = stdout.trim().split(delimiter)[0];
  return code === 0 && first ? join(first, 'bin', 'ferretdb') : null;
}

let pending: Promise<string> | null = null;

/**
 * Returns the path of a working FerretDB 1.24 binary, building one if needed, so a fresh machine with only Go
 * installed can run the suite. Looks at `ferretdbBin`, `ferretdb` on PATH, `$(go env GOPATH)/bin/ferretdb` and
 * {@link FERRETDB_CACHE_PATH}, and builds into the latter (a minute or two the first time). The build is the
 * module's source with build/version/version.txt filled in: `go install …@v1.24.2` alone yields a binary that
 * panics on start.
 */
export function ensureFerretDb(
  opts: { ferretdbBin?: string; log?: (message: string) => void } = {},
): Promise<string> {
  if (opts.ferretdbBin) return requireExplicit(opts.ferretdbBin);
  pending ??= locateOrBuild(opts.log ?? ((message) => console.error(message))).catch((error: unknown) => {
    pending = null;
    throw error;
  });
  return pending;
}

let pendingWithoutPushdown: Promise<string> | null = null;

/** {@link FERRETDB_WITHOUT_PUSHDOWN_PATH}, built on first use (Go required). */
export function ensureFerretDbWithoutPushdown(
  log: (message: string) => void = console.error,
): Promise<string> {
  const target = { path: FERRETDB_WITHOUT_PUSHDOWN_PATH, diffs: [] };
  pendingWithoutPushdown ??= (async () => {
    if ((await isExecutable(target.path)) && (await checkBinary(target.path)).ok) return target.path;
    return buildFerretDb(log, target);
  })().catch((error: unknown) => {
    pendingWithoutPushdown = null;
    throw error;
  });
  return pendingWithoutPushdown;
}

async function requireExplicit(path: string): Promise<string> {
  const verdict = await checkBinary(path);
  if (!verdict.ok) throw new Error(`ferretdbBin: ${verdict.reason}`);
  return path;
}

/** Our patched build first; without Go to build it, a stock 1.24 binary on PATH or in GOPATH still works (slower). */
async function locateOrBuild(log: (message: string) => void): Promise<string> {
  if ((await isExecutable(FERRETDB_CACHE_PATH)) && (await checkBinary(FERRETDB_CACHE_PATH)).ok)
    return FERRETDB_CACHE_PATH;
  if (await findExecutable('go')) return buildFerretDb(log);
  const rejected: string[] = [];
  const candidates = new Set<string>();
  for (const path of [await findExecutable('ferretdb'), await goPathBin()]) {
    if (path && (await isExecutable(path))) candidates.add(await realpath(path));
  }
  for (const candidate of candidates) {
    const verdict = await checkBinary(candidate);
    if (verdict.ok) return candidate;
    rejected.push(verdict.reason);
  }
  for (const reason of rejected) log(`[ferretdb] skipping ${reason}`);
  return buildFerretDb(log);
}

async function buildFerretDb(log: (message: string) => void, target = defaultTarget): Promise<string> {
  if (!(await findExecutable('go'))) {
    throw new Error(
      `FerretDB ${FERRETDB_VERSION} is needed (no MONGODB_URI, no mongod on PATH) but Go is not installed to build ` +
        'it: install Go >= 1.26, or pass ferretdbBin / set FERRETDB_BIN, or set MONGODB_URI.',
    );
  }
  log(
    `[ferretdb] building FerretDB ${FERRETDB_VERSION} into ${target.path} (the first build takes a minute or two)…`,
  );
  const started = Date.now();
  const env = inheritedEnv({ GOFLAGS: '-mod=mod -buildvcs=false' });
  const download = await runCapture('go', ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], {
    env,
    timeoutMs: 600_000,
  });
  const moduleDir = download.code === 0 ? (JSON.parse(download.stdout) as { Dir?: string }).Dir : undefined;
  if (!moduleDir)
    throw new Error(`go mod download ${MODULE}@${FERRETDB_VERSION} failed:\n${download.stderr}`);

  const work = await mkdtemp(join(tmpdir(), 'fixstream-ferretdb-build-'));
  const cleanups = [work];
  try {
    const src = join(work, 'src');
    await cp(moduleDir, src, { recursive: true });
    await makeWritable(src);
    await writeFile(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    await applyPatches(src, target.diffs);
    const cacheDir = join(target.path, '..');
    await mkdir(cacheDir, { recursive: true });
    const partial = `${target.path}.partial-${process.pid}`;
    cleanups.push(partial);
    const build = await runCapture('go', ['build', '-o', partial, './cmd/ferretdb'], {
      cwd: src,
      env,
      timeoutMs: 900_000,
    });
    if (build.code !== 0)
      throw new Error(`go build of FerretDB ${FERRETDB_VERSION} failed:\n${build.stderr}`);
    const verdict = await checkBinary(partial);
    if (!verdict.ok) throw new Error(`the FerretDB build does not run: ${verdict.reason}`);
    await rename(partial, target.path);
    log(`[ferretdb] built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return target.path;
  } finally {
    for (const path of cleanups) await rm(path, { recursive: true, force: true });
  }
}

async function applyPatches(src: string, diffs: readonly string[]): Promise<void> {
  for (const added of FERRETDB_ADDED_FILES) await writeFile(join(src, added.file), added.content);
  for (const patch of FERRETDB_PATCHES) {
    const file = join(src, patch.file);
    const source = await readFile(file, 'utf8');
    if (!source.includes(patch.from)) {
      throw new Error(`cannot patch FerretDB: ${patch.file} no longer contains ${patch.from}`);
    }
    await writeFile(file, source.replaceAll(patch.from, patch.to));
  }
  for (const diff of diffs) {
    const applied = await runCapture('git', ['apply', '--whitespace=nowarn', diff], {
      cwd: src,
      timeoutMs: 60_000,
    });
    if (applied.code !== 0) throw new Error(`cannot patch FerretDB with ${diff}:\n${applied.stderr}`);
  }
}

function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** The module cache is read-only (0444/0555); the copy must accept version.txt and be removable. */
async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makeWritable(path);
    else if (entry.isFile()) await chmod(path, 0o644);
  }
}
