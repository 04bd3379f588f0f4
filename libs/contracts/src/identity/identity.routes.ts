import { z } from 'zod';
import { defineRoute } from '../http/define-route.js';
import { identityRequests } from './identity.messages.js';
import { ClientId, CreateAppBody } from './identity.schema.js';

const tag = 'identity';
const admin = { scopes: ['identity:admin'] } as const;
const ClientParams = z.object({ clientId: ClientId });

export const identityRoutes = {
  createApp: defineRoute({
    method: 'POST',
    path: '/api/v1/identity/apps',
    operationId: 'createDepartmentApp',
    summary: 'Register a department app (its client secret is shown once, in this answer)',
    tag,
    access: admin,
    successStatus: 201,
    body: CreateAppBody,
    errorCodes: ['IDENTITY.APP_EXISTS'],
    forward: identityRequests.createApp,
    toMessage: ({ body }) => body,
  }),
  listApps: defineRoute({
    method: 'GET',
    path: '/api/v1/identity/apps',
    operationId: 'listDepartmentApps',
    summary: 'List department apps',
    tag,
    access: admin,
    successStatus: 200,
    query: z.object({ department: z.string().max(32).optional(), status: z.enum(['active', 'disabled']).optional() }),
    errorCodes: [],
    forward: identityRequests.listApps,
    toMessage: ({ query }) => query,
  }),
  disableApp: defineRoute({
    method: 'POST',
    path: '/api/v1/identity/apps/{clientId}/disable',
    operationId: 'disableDepartmentApp',
    summary: 'Disable a department app: its tokens stop working at the gateway within seconds',
    tag,
    access: admin,
    successStatus: 200,
    params: ClientParams,
    errorCodes: ['IDENTITY.APP_NOT_FOUND'],
    forward: identityRequests.disableApp,
    toMessage: ({ params }) => params,
  }),
  enableApp: defineRoute({
    method: 'POST',
    path: '/api/v1/identity/apps/{clientId}/enable',
    operationId: 'enableDepartmentApp',
    summary: 'Enable a disabled department app',
    tag,
    access: admin,
    successStatus: 200,
    params: ClientParams,
    errorCodes: ['IDENTITY.APP_NOT_FOUND'],
    forward: identityRequests.enableApp,
    toMessage: ({ params }) => params,
  }),
  rotateAppSecret: defineRoute({
    method: 'POST',
    path: '/api/v1/identity/apps/{clientId}/rotate-secret',
    operationId: 'rotateDepartmentAppSecret',
    summary: 'Issue a new client secret; the old one stops working',
    tag,
    access: admin,
    successStatus: 200,
    params: ClientParams,
    errorCodes: ['IDENTITY.APP_NOT_FOUND', 'IDENTITY.APP_USES_KEYS'],
    forward: identityRequests.rotateAppSecret,
    toMessage: ({ params }) => params,
  }),
};
