import { z } from 'zod';
import { CreateAppBody, Role } from '@igs/contracts';

/** A public client (a portal or a mobile app) that signs people in with PKCE. */
export const PublicClientSchema = z.object({
  client_id: z.string().min(3),
  client_name: z.string().min(2),
  redirect_uris: z.array(z.url()).min(1),
  post_logout_redirect_uris: z.array(z.url()).default([]),
});
export type PublicClient = z.infer<typeof PublicClientSchema>;

/**
 * The demo realm (like an exported realm of other identity servers): who exists when
 * the platform starts. Secrets and passwords are for demonstration only.
 */
export const Realm = z.object({
  publicClients: z.array(PublicClientSchema).default([]),
  apps: z.array(CreateAppBody.and(z.object({ clientSecret: z.string().min(16).optional() }))).default([]),
  staff: z
    .array(
      z.object({
        username: z.string().regex(/^[a-z0-9._-]{3,64}$/),
        name: z.string().min(1),
        departmentCode: z.string().min(2),
        roles: z.array(Role),
        assuranceLevel: z.int().min(1).max(4),
        password: z.string().min(8),
      }),
    )
    .default([]),
  persons: z
    .array(
      z.object({
        idNumber: z.string(),
        name: z.string().min(1),
        mobile: z
          .string()
          .regex(/^1\d{10}$/)
          .optional(),
        assuranceLevel: z.int().min(1).max(4),
        password: z.string().min(8),
      }),
    )
    .default([]),
  enterprises: z
    .array(
      z.object({
        creditCode: z.string(),
        name: z.string().min(2),
        legalRepresentativeIdNumber: z.string(),
        agentIdNumbers: z.array(z.string()).default([]),
      }),
    )
    .default([]),
});
export type Realm = z.infer<typeof Realm>;
