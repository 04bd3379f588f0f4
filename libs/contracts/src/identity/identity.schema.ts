import { z } from 'zod';
import { keptText } from '../common/kept-text.js';
import { code, personalText, secretText, shownText, textOf } from '../common/text.js';
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
  calendarWrite: 'calendar:write',
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
  scopes.calendarWrite,
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
  platform_admin: ['items:read', 'identity:admin', 'exchange:read', 'exchange:admin', 'calendar:write'],
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

export const ClientId = code(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'lower-case letters, digits, ".", "_" or "-", 3 to 64 characters');

export const AppAuthMethod = z.enum(['client_secret_basic', 'private_key_jwt']);

/** A JWK member (crv, x, y, n, e, alg, use, x5c...): printable ASCII, or a list of it, a number or a flag. */
const JwkText = code(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').max(16_384);
const PublicJwk = z
  .object({ kty: z.enum(['EC', 'RSA', 'OKP']), kid: JwkText.max(256).optional() })
  .catchall(z.union([JwkText, z.array(JwkText).max(20), z.number(), z.boolean()]))
  .refine((jwk) => !('d' in jwk), 'a registered key must be public (no "d")');

export const CreateAppBody = z
  .strictObject({
    clientId: ClientId,
    name: keptText(2, 200),
    departmentCode: DepartmentCode,
    scopes: z
      .array(Scope)
      .min(1)
      .refine((s) => new Set(s).size === s.length, 'scopes must not repeat'),
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
    name: shownText(),
    departmentCode: shownText(),
    scopes: z.array(Scope),
    authMethod: AppAuthMethod,
    status: z.enum(['active', 'disabled']),
    secretRotatedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'DepartmentApp' });
export type DepartmentApp = z.infer<typeof DepartmentApp>;

/** Whose an app is: what another service may learn of it, without its scopes or keys. */
export const AppOwner = z.object({ clientId: ClientId, departmentCode: shownText(), status: z.enum(['active', 'disabled']) });
export type AppOwner = z.infer<typeof AppOwner>;

/** The secret is shown once, when it is made; only its keyed hash is stored. */
export const DepartmentAppWithSecret = DepartmentApp.extend({ clientSecret: shownText().optional() }).meta({ id: 'DepartmentAppWithSecret' });

export const DepartmentAppList = z.object({ apps: z.array(DepartmentApp), total: z.int() }).meta({ id: 'DepartmentAppList' });

const ResidentIdNumber = personalText(64)
  .trim()
  .regex(/^\d{17}[\dXx]$/, '17 digits and a check digit or X');
const MobileNumber = personalText(11).regex(/^1\d{10}$/, 'an 11-digit mobile number starting with 1');

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
    name: personalText(50).trim().min(1),
    mobile: MobileNumber,
    code: code(/^\d{6}$/, 'the 6-digit code sent by SMS'),
    password: secretText(10, 128, 'at least 10 characters'),
  })
  .meta({ id: 'RegisterPerson' });
export type RegisterPersonBody = z.infer<typeof RegisterPersonBody>;

export const RegisteredPerson = z.object({ subject: shownText(), assuranceLevel: z.int() }).meta({ id: 'RegisteredPerson' });

export const RegisterEnterpriseBody = z
  .strictObject({
    creditCode: textOf('code')
      .trim()
      .regex(/^[0-9A-Za-z]{18}$/, '18 letters and digits'),
    name: keptText(2, 200),
  })
  .meta({ id: 'RegisterEnterprise' });
export type RegisterEnterpriseBody = z.infer<typeof RegisterEnterpriseBody>;

export const Enterprise = z.object({ creditCode: shownText(), name: shownText(), role: z.enum(['legal_representative', 'agent']) }).meta({ id: 'Enterprise' });
export type Enterprise = z.infer<typeof Enterprise>;

/** Who the token belongs to, with personal identifiers masked. */
export const Me = z
  .object({
    subject: shownText(),
    type: shownText(),
    name: shownText(),
    assuranceLevel: z.int(),
    idNumberMasked: shownText().optional(),
    mobileMasked: shownText().optional(),
    departmentCode: shownText().optional(),
    roles: z.array(shownText()).optional(),
    enterprises: z.array(Enterprise).optional(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;
