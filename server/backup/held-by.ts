import { readdirSync, readlinkSync, realpathSync } from 'node:fs';

/**
 * The ids of processes that have `path` (or its `-wal`) open, read from Linux's /proc — how `restore` tells a
 * database a collector is using from one nobody holds, without the collector having to leave a lock file that
 * a `kill -9` would strand. Processes of other users are invisible without privileges; a collector normally
 * runs as the same user as the operator restoring it. Returns null where /proc cannot be read.
 */
export function processesHolding(path: string): number[] | null {
  let targets: Set<string>;
  try {
    const real = realpathSync(path);
    targets = new Set([real, `${real}-wal`]);
  } catch {
    return []; // no such file: nobody holds it
  }
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const holders: number[] = [];
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to look at
    }
    for (const fd of fds) {
      try {
        if (targets.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) {
          holders.push(Number(pid));
          break;
        }
      } catch {
        // closed while we looked
      }
    }
  }
  return holders;
}
