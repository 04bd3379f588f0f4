import { catalogRoutes } from './catalog.routes.js';
import { sharingRoutes } from './sharing.routes.js';

/** Every HTTP route of the exchange service: the catalog and guide, and the sharing governance. */
export const exchangeRoutes = { ...catalogRoutes, ...sharingRoutes };
