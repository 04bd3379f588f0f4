import { z } from 'zod';
import { shownText } from '../common/text.js';
import { DepartmentCode } from '../item/item.schema.js';
import { defineEvent, defineRequest } from '../messaging/define.js';
import { eventSubjects, requestSubjects } from '../messaging/subjects.js';
import {
  AppOwner,
  ClientId,
  CreateAppBody,
  DepartmentApp,
  DepartmentAppList,
  DepartmentAppWithSecret,
  Enterprise,
  Me,
  RegisteredPerson,
  RegisterEnterpriseBody,
  RegisterPersonBody,
  RegistrationStarted,
  StartRegistrationBody,
} from './identity.schema.js';

export const identityRequests = {
  createApp: defineRequest({ subject: requestSubjects.identity.createApp, request: CreateAppBody, reply: DepartmentAppWithSecret }),
  listApps: defineRequest({
    subject: requestSubjects.identity.listApps,
    request: z.object({ department: DepartmentCode.optional(), status: z.enum(['active', 'disabled']).optional() }),
    reply: DepartmentAppList,
  }),
  disableApp: defineRequest({ subject: requestSubjects.identity.disableApp, request: z.object({ clientId: ClientId }), reply: DepartmentApp }),
  enableApp: defineRequest({ subject: requestSubjects.identity.enableApp, request: z.object({ clientId: ClientId }), reply: DepartmentApp }),
  startRegistration: defineRequest({ subject: requestSubjects.identity.startRegistration, request: StartRegistrationBody, reply: RegistrationStarted }),
  registerPerson: defineRequest({ subject: requestSubjects.identity.registerPerson, request: RegisterPersonBody, reply: RegisteredPerson }),
  registerEnterprise: defineRequest({ subject: requestSubjects.identity.registerEnterprise, request: RegisterEnterpriseBody, reply: Enterprise }),
  me: defineRequest({ subject: requestSubjects.identity.me, request: z.object({}), reply: Me }),
  rotateSigningKey: defineRequest({ subject: requestSubjects.identity.rotateSigningKey, request: z.object({}), reply: z.object({ kid: shownText() }) }),
  rotateAppSecret: defineRequest({
    subject: requestSubjects.identity.rotateAppSecret,
    request: z.object({ clientId: ClientId }),
    reply: DepartmentAppWithSecret,
  }),
  lookupApp: defineRequest({ subject: requestSubjects.identity.lookupApp, request: z.object({ clientId: ClientId }), reply: AppOwner }),
};

/**
 * An app's tokens carry the generation of its credentials (`tokenClaims.tokenGeneration`);
 * an event with `tokenGeneration` revokes every token of the app from an earlier generation.
 */
const TokenGeneration = z.int().min(1);

export const identityEvents = {
  /** The app's tokens stop working, and stay revoked when it is enabled again. */
  appDisabled: defineEvent(eventSubjects.identity.appDisabled, z.object({ clientId: shownText(), tokenGeneration: TokenGeneration.optional() })),
  appEnabled: defineEvent(eventSubjects.identity.appEnabled, z.object({ clientId: shownText() })),
  /** A new client secret: the tokens got with the old one are revoked. */
  appSecretRotated: defineEvent(eventSubjects.identity.appSecretRotated, z.object({ clientId: shownText(), tokenGeneration: TokenGeneration })),
  /** Every identity replica rebuilds its provider to sign with the new key. */
  signingKeyRotated: defineEvent(eventSubjects.identity.signingKeyRotated, z.object({ kid: shownText() })),
  /** A refresh token was revoked or a grant ended: every access token of the grant stops working. */
  grantRevoked: defineEvent(eventSubjects.identity.grantRevoked, z.object({ grantId: shownText() })),
};
