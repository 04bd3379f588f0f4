import { z } from 'zod';

/**
 * Who is asking: travels with every request and event, so the owning service can
 * authorise where the data lives instead of trusting the gateway alone.
 */
export const CallerType = z.enum(['anonymous', 'person', 'enterprise', 'staff', 'app', 'system']);

export const Caller = z.object({
  subject: z.string().min(1).max(128),
  type: CallerType,
  departmentCode: z.string().max(64).optional(),
  appId: z.string().max(128).optional(),
  scopes: z.array(z.string().max(128)).max(100).default([]),
  acr: z.int().min(1).max(4).optional(),
  /** Who acts when the subject is an enterprise: the authorised person's subject. */
  actor: z.string().max(128).optional(),
});
export type Caller = z.infer<typeof Caller>;

export const anonymousCaller: Caller = { subject: 'anonymous', type: 'anonymous', scopes: [] };

export function systemCaller(service: string): Caller {
  return { subject: `system:${service}`, type: 'system', scopes: [] };
}
