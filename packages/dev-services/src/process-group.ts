import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

/** Sends a signal to every process of a group; false if the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

type Member = { pid: number; ppid: number };

/**
 * The running (non-zombie) members of a process group, from /proc; null where there is no /proc (macOS), so
 * callers fall back to signalling the whole group.
 */
async function groupMembers(pgid: number): Promise<Member[] | null> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return null;
  }
  const members: Member[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // After "pid (comm) ": state, ppid, pgrp, …; comm may contain spaces and parentheses.
    const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (pgrp === String(pgid) && state !== 'Z') members.push({ pid: Number(entry), ppid: Number(ppid) });
  }
  return members;
}

/**
 * Whether a process group still has running members. Zombies (exited, waiting for init to reap them) do not
 * count: `kill(-pgid, 0)` alone reports them for as long as a container's PID 1 takes to reap.
 */
export async function groupHasLiveMembers(pgid: number): Promise<boolean> {
  if (!signalGroup(pgid, 0)) return false;
  const members = await groupMembers(pgid);
  return members === null || members.length > 0;
}

async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat === null || stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

async function waitUntilGone(pids: number[], deadline: number): Promise<void> {
  for (const pid of pids) {
    while ((await isRunning(pid)) && Date.now() < deadline) await delay(25);
  }
}

/**
 * Asks a process tree to stop so that every process gets exactly one SIGTERM: first the leaves (the real
 * program), and only once they have exited the wrappers above them. Signalling the whole group at once makes
 * wrappers relay the signal again (`tsx watch` does), and an app that treats a second SIGTERM as "exit now"
 * would skip its graceful shutdown. pnpm 12 forwards nothing, so the wrappers must be signalled too.
 */
export async function terminateTree(pgid: number, deadline: number): Promise<void> {
  const members = await groupMembers(pgid);
  if (members === null) {
    signalGroup(pgid, 'SIGTERM');
    return;
  }
  const parents = new Set(members.map((member) => member.ppid));
  const leaves = members.filter((member) => member.pid !== pgid && !parents.has(member.pid));
  for (const leaf of leaves) signalPid(leaf.pid, 'SIGTERM');
  await waitUntilGone(
    leaves.map((leaf) => leaf.pid),
    deadline,
  );
  signalGroup(pgid, 'SIGTERM');
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
