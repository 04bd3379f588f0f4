import type { RouteDefinition } from './define-route.js';
import { callRoutes } from '../exchange/call.routes.js';
import { exchangeRoutes } from '../exchange/exchange.routes.js';
import { identityRoutes } from '../identity/identity.routes.js';
import { calendarRoutes } from '../item/calendar.routes.js';
import { itemRoutes } from '../item/item.routes.js';

/** Every forwarded route of the gateway, for its router and its OpenAPI document. */
export const httpRoutes: readonly RouteDefinition[] = [
  ...Object.values(itemRoutes),
  ...Object.values(calendarRoutes),
  ...Object.values(identityRoutes),
  ...Object.values(exchangeRoutes),
  ...Object.values(callRoutes),
] as readonly RouteDefinition[];
