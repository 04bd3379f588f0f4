import type { Caller } from '@igs/contracts';
import { AppError } from './app-error.js';

/** The platform's own services act as `system` callers and are trusted; anyone else needs the scope. */
export function hasScope(caller: Caller, scope: string): boolean {
  return caller.type === 'system' || caller.scopes.includes(scope);
}

export function requireScope(caller: Caller, scope: string): void {
  if (hasScope(caller, scope)) return;
  throw new AppError('AUTH.FORBIDDEN', `the caller lacks the scope ${scope}`);
}

/** The department the platform's own operators belong to: they act for every department. */
export const platformDepartment = 'PLATFORM';

/** A caller acts for its own department only, unless it is the platform itself or operates it. */
export function canActFor(caller: Caller, departmentCode: string): boolean {
  return caller.type === 'system' || caller.departmentCode === platformDepartment || caller.departmentCode === departmentCode;
}

/** A caller changes only what belongs to its own department, unless it operates the platform. */
export function requireDepartment(caller: Caller, departmentCode: string, what: string): void {
  if (canActFor(caller, departmentCode)) return;
  throw new AppError('AUTH.FORBIDDEN', `${what} belongs to department ${departmentCode}, not to the caller's`);
}
