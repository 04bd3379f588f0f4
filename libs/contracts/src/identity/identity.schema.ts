import { z } from 'zod';
import { DepartmentCode } from '../item/item.schema.js';

/** Scopes a department app or a person's token may carry. */
export const scopes = {
  itemsRead: 'items:read',
  itemsWrite: 'items:write',
  identityAdmin: 'identity:admin',
  exchangeRead: 'exchange:read',
  exchangeCatalog: 'exchange:catalog',
  exchangeApprove: 'exchange:approve',
  exchangeAdmin: 'exchange:admin',
  dataCall: 'data:call',
} as const;
export const Scope = z.enum([
  scopes.itemsRead,
  scopes.itemsWrite,
  scopes.identityAdmin,
  scopes.exchangeRead,
  scopes.exchangeCatalog,
  scopes.exchangeApprove,
  scopes.exchangeAdmin,
  scopes.dataCall,
]);
export type Scope = z.infer<typeof Scope>;

/** Roles of department staff; a role grants the scopes listed for it. */
export const Role = z.enum(['item_editor', 'catalog_editor', 'data_approver', 'seal_custodian', 'review_handler', 'platform_admin']);
export type Role = z.infer<typeof Role>;

export const scopesOfRole: Record<Role, Scope[]> = {
  item_editor: ['items:read', 'items:write'],
  catalog_editor: ['items:read', 'exchange:read', 'exchange:catalog'],
  data_approver: ['items:read', 'exchange:read', 'exchange:approve'],
  seal_custodian: ['items:read'],
  review_handler: ['items:read'],
  platform_admin: ['items:read', 'identity:admin', 'exchange:read', 'exchange:admin'],
};

/** Claims the identity service adds to access tokens, read by the gateway. */
export const tokenClaims = {
  type: 'igs_type',
  department: 'igs_dept',
  roles: 'igs_roles',
  grant: 'igs_grant',
  enterprise: 'igs_enterprise',
  /** An app token's credential generation: rotating the secret or disabling the app raises it. */
  tokenGeneration: 'igs_gen',
} as const;

/** The authorization request parameter by which a person asks to act for an enterprise. */
export const actingForParameter = 'igs_enterprise';

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

const ResidentIdNumber = z.string().trim().regex(/^\d{17}[\dXx]$/, '17 digits and a check digit or X');
const MobileNumber = z.string().regex(/^1\d{10}$/, 'an 11-digit mobile number starting with 1');

/**
 * The first step of self-registration: a code by SMS to the mobile the person gives. The
 * answer is the same whether or not the ID number is registered (the owner of a registered
 * one is told by SMS instead). The ID number's checksum is checked by the service.
 */
export const StartRegistrationBody = z.strictObject({ idNumber: ResidentIdNumber, mobile: MobileNumber }).meta({ id: 'StartRegistration' });
export type StartRegistrationBody = z.infer<typeof StartRegistrationBody>;

export const RegistrationStarted = z.object({ codeExpiresInSeconds: z.int() }).meta({ id: 'RegistrationStarted' });

/** Self-registration of a natural person (assurance level 1), with the code sent to the mobile. */
export const RegisterPersonBody = z
  .strictObject({
    idNumber: ResidentIdNumber,
    name: z.string().trim().min(1).max(50),
    mobile: MobileNumber,
    code: z.string().regex(/^\d{6}$/, 'the 6-digit code sent by SMS'),
    password: z.string().min(10, 'at least 10 characters').max(128),
  })
  .meta({ id: 'RegisterPerson' });
export type RegisterPersonBody = z.infer<typeof RegisterPersonBody>;

export const RegisteredPerson = z.object({ subject: z.string(), assuranceLevel: z.int() }).meta({ id: 'RegisteredPerson' });

export const RegisterEnterpriseBody = z
  .strictObject({
    creditCode: z.string().trim().regex(/^[0-9A-Za-z]{18}$/, '18 letters and digits'),
    name: z.string().trim().min(2).max(200),
  })
  .meta({ id: 'RegisterEnterprise' });
export type RegisterEnterpriseBody = z.infer<typeof RegisterEnterpriseBody>;

export const Enterprise = z.object({ creditCode: z.string(), name: z.string(), role: z.enum(['legal_representative', 'agent']) }).meta({ id: 'Enterprise' });
export type Enterprise = z.infer<typeof Enterprise>;

/** Who the token belongs to, with personal identifiers masked. */
export const Me = z
  .object({
    subject: z.string(),
    type: z.string(),
    name: z.string(),
    assuranceLevel: z.int(),
    idNumberMasked: z.string().optional(),
    mobileMasked: z.string().optional(),
    departmentCode: z.string().optional(),
    roles: z.array(z.string()).optional(),
    enterprises: z.array(Enterprise).optional(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;
