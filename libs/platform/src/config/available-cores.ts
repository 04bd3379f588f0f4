import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

export type ReadFile = (path: string) => string | undefined;

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The CPU limit the container runs under, in cores (1.5 for "150000 100000"), or undefined
 * when there is none. cgroup v2 keeps it in cpu.max, v1 in the CFS quota and period.
 */
export function cgroupCpuLimit(read: ReadFile = readIfPresent): number | undefined {
  const cpuMax = read('/sys/fs/cgroup/cpu.max');
  if (cpuMax !== undefined) {
    const [quota, period] = cpuMax.trim().split(/\s+/);
    return quota === 'max' ? undefined : positiveRatio(quota, period);
  }
  return positiveRatio(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us'), read('/sys/fs/cgroup/cpu/cpu.cfs_period_us'));
}

function positiveRatio(quota: string | undefined, period: string | undefined): number | undefined {
  const ratio = Number(quota) / Number(period);
  return Number.isFinite(ratio) && ratio > 0 ? ratio : undefined;
}

/**
 * The cores this process may use: the machine's, capped by the container's CPU limit.
 * Node's own availableParallelism (libuv before 1.49, so Node 20) counts the node's cores
 * and ignores the limit, so a pod limited to 2 CPUs on a 64-core node would size its pools
 * for 64. A fractional limit counts as a whole core.
 */
export function availableCores(read: ReadFile = readIfPresent): number {
  const cores = availableParallelism();
  const limit = cgroupCpuLimit(read);
  return limit === undefined ? cores : Math.max(1, Math.min(cores, Math.ceil(limit)));
}
