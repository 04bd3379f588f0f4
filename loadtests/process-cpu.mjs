// CPU time of the processes taking part in a benchmark, read from /proc (Linux only): tells
// where a run's CPU went, per call, without a profiler. Elsewhere it reports nothing.
import { readdirSync, readFileSync } from 'node:fs';

const ticksPerSecond = 100; // USER_HZ, 100 on every Linux the project runs on

function groupOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  const app = /apps\/(\w+)\/dist/.exec(command)?.[1];
  const group =
    app ?? (command.includes('echo-responder') ? 'echo' : pid === String(process.pid) ? 'load generator' : name.startsWith('postgres') ? 'postgres' : name);
  return { group, ticks: Number(fields[11]) + Number(fields[12]) };
}

function snapshot() {
  const ticks = new Map();
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    try {
      ticks.set(pid, groupOf(pid));
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks;
}

/** Starts counting; `stop()` returns CPU seconds per process group since the start. */
export function countProcessCpu(groups) {
  const before = snapshot();
  return () => {
    const after = snapshot();
    if (!before || !after) return new Map();
    const used = new Map(groups.map((group) => [group, 0]));
    for (const [pid, { group, ticks }] of after) {
      if (!used.has(group)) continue;
      used.set(group, used.get(group) + (ticks - (before.get(pid)?.ticks ?? 0)) / ticksPerSecond);
    }
    return used;
  };
}
