import { readdir, readFile } from 'node:fs/promises';

/**
 * CPU time a process has used (user + system, in ms, from /proc; the kernel counts in ticks of 10 ms), all its
 * threads or one of them (`thread`: the main thread's id is the process id). Unlike throughput, CPU per request
 * barely moves when other work on the machine slows a load run down.
 */
export async function processCpuMs(pid: number, thread?: number): Promise<number> {
  const path = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
  const stat = await readFile(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The database server (FerretDB or mongod, not the shell guarding it) listening on the port of `uri`. */
export async function databaseServerPid(uri: string): Promise<number | null> {
  const port = new URL(uri).port;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '');
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (/ferretdb|mongod/.test(comm) && cmdline.includes(`:${port}`)) return Number(entry);
  }
  return null;
}
