import type { AnyRoute } from '../route.js';
import { changeRoutes } from './changes.js';
import { contactRoutes } from './contacts.js';
import { customFieldRoutes } from './custom-fields.js';
import { duplicateRoutes } from './duplicates.js';
import { eventRoutes } from './events.js';
import { exportRoutes } from './exports.js';
import { followUpRoutes } from './follow-ups.js';
import { importRoutes } from './imports.js';
import { listRoutes } from './lists.js';
import { mergeRoutes } from './merges.js';
import { privacyRoutes } from './privacy.js';
import { referenceRoutes } from './reference.js';
import { reviewRoutes } from './review.js';
import { webhookRoutes } from './webhooks.js';

/**
 * The route modules of the API, one per area, in the order the document lists them. A new area is a
 * module in this folder exporting `<area>Routes(): AnyRoute[]`, added here: the app registers its routes
 * and the OpenAPI document lists them, with nothing else to change.
 */
export const ROUTE_MODULES: ReadonlyArray<() => AnyRoute[]> = [
  contactRoutes,
  listRoutes,
  eventRoutes,
  mergeRoutes,
  duplicateRoutes,
  importRoutes,
  exportRoutes,
  privacyRoutes,
  followUpRoutes,
  reviewRoutes,
  customFieldRoutes,
  webhookRoutes,
  changeRoutes,
  referenceRoutes,
];

/** Every route of the API. Pass extra routes after these to `createHttpHandler` to extend it. */
export function apiRoutes(): AnyRoute[] {
  return ROUTE_MODULES.flatMap((routes) => routes());
}
