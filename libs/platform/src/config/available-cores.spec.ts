import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, it } from 'node:test';
import { availableCores, cgroupCpuLimit } from './available-cores.js';

const files = (contents: Record<string, string>) => (path: string) => contents[path];

describe(availableCores.name, () => {
  it('reads the cgroup v2 limit, a fraction counting as a whole core', () => {
    assert.equal(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu.max': '150000 100000\n' })), 1.5);
    assert.equal(availableCores(files({ '/sys/fs/cgroup/cpu.max': '150000 100000\n' })), Math.min(2, availableParallelism()));
    assert.equal(availableCores(files({ '/sys/fs/cgroup/cpu.max': '50000 100000\n' })), 1);
  });

  it('reads the cgroup v1 quota and period', () => {
    const v1 = files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '100000\n', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n' });
    assert.equal(cgroupCpuLimit(v1), 1);
    assert.equal(availableCores(v1), 1);
  });

  it("counts the machine's cores when there is no limit or no cgroup", () => {
    assert.equal(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu.max': 'max 100000\n' })), undefined);
    assert.equal(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n' })), undefined);
    assert.equal(cgroupCpuLimit(files({})), undefined);
    assert.equal(availableCores(files({ '/sys/fs/cgroup/cpu.max': 'garbage' })), availableParallelism());
  });

  it('never reports more cores than the machine has', () => {
    assert.equal(availableCores(files({ '/sys/fs/cgroup/cpu.max': '100000000 100000' })), availableParallelism());
  });
});
