import { z } from 'zod';
import { code } from '../common/text.js';

/**
 * Who is asking: travels with every request and event, so the owning service can
 * authorise where the data lives instead of trusting the gateway alone.
 */
export const CallerType = z.enum(['anonymous', 'person', 'enterprise', 'staff', 'app', 'system']);

/** Subjects, departments, apps and scopes are identifiers the identity service made: printable ASCII. */
const Identifier = (max: number) => code(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').max(max);

export const Caller = z.object({
  subject: Identifier(128),
  type: CallerType,
  departmentCode: Identifier(64).optional(),
  appId: Identifier(128).optional(),
  scopes: z.array(Identifier(128)).max(100).default([]),
  acr: z.int().min(1).max(4).optional(),
  /** Who acts when the subject is an enterprise: the authorised person's subject. */
  actor: Identifier(128).optional(),
});
export type Caller = z.infer<typeof Caller>;

export const anonymousCaller: Caller = { subject: 'anonymous', type: 'anonymous', scopes: [] };

export function systemCaller(service: string): Caller {
  return { subject: `system:${service}`, type: 'system', scopes: [] };
}
