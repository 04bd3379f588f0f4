import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemCaller, type Caller } from '@igs/contracts';
import { AppError } from './app-error.js';
import { canActFor, platformDepartment, requireDepartment } from './authorization.js';

const staff = (departmentCode?: string): Caller => ({ subject: 'p-1', type: 'staff', departmentCode, scopes: [] });

describe('canActFor', () => {
  it('lets a caller act for its own department, the platform for every department, and no one else', () => {
    assert.equal(canActFor(staff('HEALTH'), 'HEALTH'), true);
    assert.equal(canActFor(staff(platformDepartment), 'HEALTH'), true);
    assert.equal(canActFor(systemCaller('exchange'), 'HEALTH'), true);
    assert.equal(canActFor(staff('TAX'), 'HEALTH'), false);
    assert.equal(canActFor(staff(), 'HEALTH'), false, 'a caller of no department acts for none');
  });

  it('is what requireDepartment refuses on, with the owner named', () => {
    assert.doesNotThrow(() => requireDepartment(staff('HEALTH'), 'HEALTH', 'catalog C1'));
    assert.throws(
      () => requireDepartment(staff('TAX'), 'HEALTH', 'catalog C1'),
      (error: unknown) =>
        error instanceof AppError && error.code === 'AUTH.FORBIDDEN' && error.message === "catalog C1 belongs to department HEALTH, not to the caller's",
    );
  });
});
