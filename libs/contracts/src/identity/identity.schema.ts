import { z } from 'zod';
import { DepartmentCode } from '../item/item.schema.js';

/** Scopes a department app or a person's token may carry. */
export const scopes = {
  itemsRead: 'items:read',
  itemsWrite: 'items:write',
  identityAdmin: 'identity:admin',
} as const;
export const Scope = z.enum([scopes.itemsRead, scopes.itemsWrite, scopes.identityAdmin]);
export type Scope = z.infer<typeof Scope>;

/** Roles of department staff; a role grants the scopes listed for it. */
export const Role = z.enum(['item_editor', 'catalog_editor', 'data_approver', 'seal_custodian', 'review_handler', 'platform_admin']);
export type Role = z.infer<typeof Role>;

export const scopesOfRole: Record<Role, Scope[]> = {
  item_editor: ['items:read', 'items:write'],
  catalog_editor: ['items:read'],
  data_approver: ['items:read'],
  seal_custodian: ['items:read'],
  review_handler: ['items:read'],
  platform_admin: ['items:read', 'identity:admin'],
};

/** Claims the identity service adds to access tokens, read by the gateway. */
export const tokenClaims = {
  type: 'igs_type',
  department: 'igs_dept',
  roles: 'igs_roles',
  grant: 'igs_grant',
} as const;

export const ClientId = z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'lower-case letters, digits, ".", "_" or "-", 3 to 64 characters');

export const AppAuthMethod = z.enum(['client_secret_basic', 'private_key_jwt']);

const PublicJwk = z.looseObject({ kty: z.enum(['EC', 'RSA', 'OKP']), kid: z.string().optional() }).refine((jwk) => !('d' in jwk), 'a registered key must be public (no "d")');

export const CreateAppBody = z
  .strictObject({
    clientId: ClientId,
    name: z.string().trim().min(2).max(200),
    departmentCode: DepartmentCode,
    scopes: z.array(Scope).min(1).refine((s) => new Set(s).size === s.length, 'scopes must not repeat'),
    authMethod: AppAuthMethod.default('client_secret_basic'),
    jwks: z.object({ keys: z.array(PublicJwk).min(1).max(5) }).optional(),
  })
  .refine((b) => (b.authMethod === 'private_key_jwt') === (b.jwks !== undefined), {
    path: ['jwks'],
    message: 'a public key set is needed for private_key_jwt, and only for it',
  })
  .meta({ id: 'CreateDepartmentApp' });
export type CreateAppBody = z.infer<typeof CreateAppBody>;

export const DepartmentApp = z
  .object({
    clientId: ClientId,
    name: z.string(),
    departmentCode: z.string(),
    scopes: z.array(Scope),
    authMethod: AppAuthMethod,
    status: z.enum(['active', 'disabled']),
    secretRotatedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'DepartmentApp' });
export type DepartmentApp = z.infer<typeof DepartmentApp>;

/** The secret is shown once, when it is made; only its keyed hash is stored. */
export const DepartmentAppWithSecret = DepartmentApp.extend({ clientSecret: z.string().optional() }).meta({ id: 'DepartmentAppWithSecret' });

export const DepartmentAppList = z.object({ apps: z.array(DepartmentApp), total: z.int() }).meta({ id: 'DepartmentAppList' });
