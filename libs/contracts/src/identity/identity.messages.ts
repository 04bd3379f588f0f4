import { z } from 'zod';
import { defineEvent, defineRequest } from '../messaging/define.js';
import { eventSubjects, requestSubjects } from '../messaging/subjects.js';
import { ClientId, CreateAppBody, DepartmentApp, DepartmentAppList, DepartmentAppWithSecret } from './identity.schema.js';

export const identityRequests = {
  createApp: defineRequest({ subject: requestSubjects.identity.createApp, request: CreateAppBody, reply: DepartmentAppWithSecret }),
  listApps: defineRequest({
    subject: requestSubjects.identity.listApps,
    request: z.object({ department: z.string().optional(), status: z.enum(['active', 'disabled']).optional() }),
    reply: DepartmentAppList,
  }),
  disableApp: defineRequest({ subject: requestSubjects.identity.disableApp, request: z.object({ clientId: ClientId }), reply: DepartmentApp }),
  enableApp: defineRequest({ subject: requestSubjects.identity.enableApp, request: z.object({ clientId: ClientId }), reply: DepartmentApp }),
  rotateAppSecret: defineRequest({ subject: requestSubjects.identity.rotateAppSecret, request: z.object({ clientId: ClientId }), reply: DepartmentAppWithSecret }),
  /** What a gateway needs at start-up to refuse tokens of disabled apps before any event arrives. */
  disabledApps: defineRequest({ subject: requestSubjects.identity.disabledApps, request: z.object({}), reply: z.object({ clientIds: z.array(z.string()) }) }),
};

export const identityEvents = {
  appDisabled: defineEvent(eventSubjects.identity.appDisabled, z.object({ clientId: z.string() })),
  appEnabled: defineEvent(eventSubjects.identity.appEnabled, z.object({ clientId: z.string() })),
};
